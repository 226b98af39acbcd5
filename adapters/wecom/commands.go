package wecom

import "strings"

// command is a message that asks for something rather than answering.
type command int

const (
	cmdNone command = iota
	cmdHelp
	cmdMock
	cmdLeaderboard
	cmdStats
	cmdHint
	cmdSkip
	cmdQuit
	cmdRetry
)

// commands are the first words that make a message a command, with the
// Chinese aliases people type in WeCom.
var commands = map[string]command{
	"/help": cmdHelp, "help": cmdHelp, "帮助": cmdHelp,
	"/mock-interview": cmdMock, "mock-interview": cmdMock, "模拟面试": cmdMock,
	"/leaderboard": cmdLeaderboard, "leaderboard": cmdLeaderboard, "排行榜": cmdLeaderboard,
	"/stats": cmdStats, "stats": cmdStats, "我的成绩": cmdStats,
}

// stepWords are words that steer a mock interview; only a message made of
// nothing else is one, so an answer starting with "提示" stays an answer.
var stepWords = map[string]command{
	"hint": cmdHint, "/hint": cmdHint, "提示": cmdHint,
	"skip": cmdSkip, "/skip": cmdSkip, "跳过": cmdSkip,
	"quit": cmdQuit, "/quit": cmdQuit, "exit": cmdQuit, "退出": cmdQuit, "暂停": cmdQuit,
	"retry": cmdRetry, "/retry": cmdRetry, "重试": cmdRetry,
}

// parseCommand splits text into a command and its arguments; cmdNone means
// the text is an answer.
func parseCommand(text string) (command, []string) {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return cmdNone, nil
	}
	first := strings.ToLower(fields[0])
	if c, ok := stepWords[first]; ok && len(fields) == 1 {
		return c, nil
	}
	if c, ok := commands[first]; ok {
		return c, fields[1:]
	}
	return cmdNone, nil
}
