package terminal

import "github.com/interviewbot/interviewbot/bot"

// Everything the terminal says, in both languages. Format verbs follow the
// English text; the Chinese uses the same verbs in the same order.
var (
	msgHowTo = bot.Text{
		ZH: "（可多行作答，空一行结束；单独一行输入 hint/提示 获取提示，skip/跳过 跳过本题，quit/退出 暂停）",
		EN: "(Answer over as many lines as you like and finish with an empty line. On a line by itself: hint, skip, or quit to pause.)"}
	msgQuestion   = bot.Text{ZH: "问题 %d/%d · %s · 难度 %s · %s", EN: "Question %d/%d · %s · difficulty %s · %s"}
	msgResumed    = bot.Text{ZH: "▶ 继续模拟面试 #%d，从第 %d/%d 题开始。", EN: "▶ Resuming mock interview #%d at question %d/%d."}
	msgStarted    = bot.Text{ZH: "🎤 模拟面试 #%d 开始：共 %d 题，分三轮。", EN: "🎤 Mock interview #%d: %d questions in three rounds."}
	msgEmpty      = bot.Text{ZH: "⚠️ 回答是空的。请输入回答，以空行结束；或输入 hint、skip、quit。", EN: "⚠️ That answer is empty. Type your answer and finish with an empty line, or type hint, skip or quit."}
	msgTooLong    = bot.Text{ZH: "⚠️ 回答太长（%s，上限 %s），没有提交。请精简后重新输入。", EN: "⚠️ That answer is too long (%s; the limit is %s) and was not sent. Please shorten it and type it again."}
	msgBadUTF8    = bot.Text{ZH: "⚠️ 回答不是有效的 UTF-8 文本（可能粘贴了二进制内容或其他编码），没有提交。请以纯文本重新输入。", EN: "⚠️ That answer is not valid UTF-8 text (binary data or another encoding?) and was not sent. Please type it again as plain text."}
	msgPending    = bot.Text{ZH: "你上次的回答已保存但尚未评分。直接回车（或输入 retry）重新评分，也可以输入新的回答。", EN: "Your last answer is saved but not graded yet. Press Enter (or type retry) to grade it, or type a new answer."}
	msgGradeFail  = bot.Text{ZH: "⚠️ 回答已保存，但评分失败：%s\n直接回车（或输入 retry）重试，或输入 quit 稍后再来。", EN: "⚠️ Your answer is saved, but grading failed: %s\nPress Enter (or type retry) to try again, or quit and come back later."}
	msgProblem    = bot.Text{ZH: "⚠️ %s", EN: "⚠️ %s"}
	msgSkipped    = bot.Text{ZH: "⏭ 已跳过。", EN: "⏭ Skipped."}
	msgHint       = bot.Text{ZH: "💡 提示 %d：可以从这些方面展开——%s（还剩 %d 次提示）", EN: "💡 Hint %d: think about %s (%d hints left)"}
	msgNoHints    = bot.Text{ZH: "💡 本题没有更多提示了。", EN: "💡 No more hints for this question."}
	msgPaused     = bot.Text{ZH: "⏸ 模拟面试 #%d 已暂停在第 %d/%d 题，已作答的内容都已保存。运行 `interviewbot try` 继续。", EN: "⏸ Mock interview #%d is paused at question %d/%d; everything you answered is saved. Run `interviewbot try` to resume."}
	msgInputGone  = bot.Text{ZH: "输入已结束（stdin 已关闭）。", EN: "Input ended (stdin closed)."}
	msgInterrupt  = bot.Text{ZH: "已中断。", EN: "Interrupted."}
	msgScore      = bot.Text{ZH: "%s  %d/100", EN: "%s  %d/100"}
	msgReviewHead = bot.Text{ZH: "面试官点评：", EN: "Review:"}
	listSep       = bot.Text{ZH: "、", EN: ", "}
)

// Report texts.
var (
	msgReportTitle   = bot.Text{ZH: "模拟面试报告 #%d", EN: "Mock interview report #%d"}
	msgInterim       = bot.Text{ZH: "（中期报告：已完成 %d/%d 题；运行 `interviewbot try` 继续）", EN: "(Interim report: %d of %d questions done; run `interviewbot try` to continue)"}
	msgAssessment    = bot.Text{ZH: "📋 技术能力评估", EN: "📋 Technical assessment"}
	msgQuestionCount = bot.Text{ZH: "%d 题", EN: "%d questions"}
	msgQuestionOne   = bot.Text{ZH: "%d 题", EN: "%d question"}
	msgOverall       = bot.Text{ZH: "🎖️ 综合评分：%.1f/10", EN: "🎖️ Overall score: %.1f/10"}
	msgResult        = bot.Text{ZH: "🏁 面试结果", EN: "🏁 Result"}
	msgSuggestions   = bot.Text{ZH: "💼 成长建议", EN: "💼 Growth suggestions"}
	msgNoSuggestions = bot.Text{ZH: "暂无——继续保持。", EN: "None this time: keep it up."}
	msgNoDimensions  = bot.Text{ZH: "还没有已作答的题目。", EN: "No questions answered yet."}
)

// History texts.
var (
	msgNoHistory   = bot.Text{ZH: "还没有模拟面试记录。运行 `interviewbot try` 开始第一场。", EN: "No mock interviews yet. Run `interviewbot try` to start one."}
	msgHistoryHead = bot.Text{ZH: "编号\t开始时间\t状态\t方向\t进度\t综合\t结果", EN: "ID\tSTARTED\tSTATE\tTRACK\tPROGRESS\tOVERALL\tVERDICT"}
	stateTitles    = map[bot.SessionState]bot.Text{
		bot.SessionActive:   {ZH: "进行中", EN: "active"},
		bot.SessionPaused:   {ZH: "已暂停", EN: "paused"},
		bot.SessionFinished: {ZH: "已完成", EN: "finished"},
		bot.SessionExpired:  {ZH: "已过期", EN: "expired"},
	}
)
