package bot

import "context"

// Messenger is how the daily-question use cases reach a chat platform. Each
// adapter implements it; the message shapes (Block Kit, WeCom markdown) stay
// in the adapter, so bot only says what to send.
type Messenger interface {
	// PostQuestion posts the daily question and returns the platform's
	// reference to the message, which answers are later matched against.
	PostQuestion(ctx context.Context, ch *Channel, p *Post, q *Question) (ref string, err error)
	// PostReveal posts the reference answer and key points, in the
	// question's thread where the platform has threads.
	PostReveal(ctx context.Context, ch *Channel, question *Post, q *Question) (ref string, err error)
	// PostLeaderboard posts a leaderboard to the channel.
	PostLeaderboard(ctx context.Context, ch *Channel, lb *Leaderboard) (ref string, err error)
	// SendFeedback tells the author privately how their answer was graded,
	// so nobody can copy from it.
	SendFeedback(ctx context.Context, ch *Channel, m *Member, a *Answer, q *Question) error
}

// Acknowledger is an optional Messenger capability: platforms that can mark
// a message as received (a Slack reaction) implement it.
type Acknowledger interface {
	Acknowledge(ctx context.Context, ch *Channel, messageRef string) error
}

// PostFinder is an optional Messenger capability that narrows the one
// window where a scheduled post can appear twice: a worker died after the
// platform accepted the message but before the post was marked sent. Before
// another worker sends it again, Daily asks the platform whether a message
// carrying the post's id (Slack message metadata, for example) is already in
// the channel; found means "record it, do not resend".
type PostFinder interface {
	FindPosted(ctx context.Context, ch *Channel, p *Post) (ref string, found bool, err error)
}
