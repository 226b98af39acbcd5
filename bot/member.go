package bot

import "time"

// Platform names where a member or channel lives.
const (
	PlatformTerminal = "terminal"
	PlatformSlack    = "slack"
	PlatformWeCom    = "wecom"
)

// MemberKey identifies a person: nothing assumes one platform or one
// workspace, so the key always carries both.
type MemberKey struct {
	Platform  string
	Workspace string // Slack team id, WeCom corp id, "local" for the terminal
	UserID    string
}

// Member is a person who answers questions.
type Member struct {
	ID        int64
	Key       MemberKey
	Name      string
	Lang      Lang // preferred language for feedback
	CreatedAt time.Time
}

// ChannelKey identifies a team channel or group chat.
type ChannelKey struct {
	Platform  string
	Workspace string
	ChannelID string
}

// Channel is a place the bot posts daily questions and leaderboards.
type Channel struct {
	ID        int64
	Key       ChannelKey
	Name      string
	Lang      Lang
	Timezone  string // IANA name; days, streaks and weeks are computed in it
	CreatedAt time.Time
}
