package bot

import "time"

// PostKind says what a scheduled post is. Together with the channel and the
// local date it forms the post's unique key, so a retry, a restart or a
// second replica can never post the same thing twice.
type PostKind string

// Post kinds.
const (
	PostQuestion    PostKind = "question"
	PostReveal      PostKind = "reveal"
	PostLeaderboard PostKind = "leaderboard"
)

// Post is a message the bot put (or is about to put) in a channel.
type Post struct {
	ID         int64
	ChannelID  int64
	Kind       PostKind
	LocalDate  string // YYYY-MM-DD in the channel's zone
	QuestionID string // for question and reveal posts
	// Ref is the platform's reference to the message (Slack ts, WeCom msgid);
	// empty until the platform accepted it. Thread replies are matched by it.
	Ref       string
	ClosesAt  time.Time // for question posts: answers after it earn no points (the reveal)
	CreatedAt time.Time
	// ClaimedAt is when a worker last took the job of sending the post. A
	// claim older than the claim lease with no Ref means its worker died
	// before it could record the send, so another may take it over.
	ClaimedAt time.Time
	SentAt    time.Time // zero until Ref is set
}

// Sent reports whether the platform accepted the post.
func (p *Post) Sent() bool { return p.Ref != "" }
