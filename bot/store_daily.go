package bot

import (
	"context"
	"time"
)

// ChannelStore keeps channels and their schedules.
type ChannelStore interface {
	// UpsertChannel finds the channel by Key or creates it, filling ID.
	UpsertChannel(ctx context.Context, c *Channel) error
	FindChannel(ctx context.Context, id int64) (*Channel, error)
	ListChannels(ctx context.Context) ([]*Channel, error)
	// SaveSchedule stores a channel's schedule, replacing the previous one.
	SaveSchedule(ctx context.Context, s *Schedule) error
	// FindSchedule returns ENOTFOUND when the channel has none yet.
	FindSchedule(ctx context.Context, channelID int64) (*Schedule, error)
}

// PostStore keeps scheduled posts under their unique (channel, local date,
// kind) key.
type PostStore interface {
	// CreatePost claims the post's key; ECONFLICT when it is taken, which is
	// how a second replica or a retry learns the post is someone else's.
	CreatePost(ctx context.Context, p *Post) error
	// MarkPostSent records the platform reference once the platform accepted it.
	MarkPostSent(ctx context.Context, postID int64, ref string, at time.Time) error
	FindPost(ctx context.Context, id int64) (*Post, error)
	FindPostByKey(ctx context.Context, channelID int64, kind PostKind, localDate string) (*Post, error)
	FindPostByRef(ctx context.Context, channelID int64, ref string) (*Post, error)
	// LatestPost returns the newest post of kind in the channel.
	LatestPost(ctx context.Context, channelID int64, kind PostKind) (*Post, error)
	// AskedQuestions returns the question ids already posted in the channel,
	// oldest first, for rotation.
	AskedQuestions(ctx context.Context, channelID int64) ([]string, error)
}

// DeliveryStore records inbound deliveries so each is processed once.
type DeliveryStore interface {
	// ClaimDelivery stores the delivery's idempotency key (Slack event_id,
	// WeCom MsgId) and reports whether this is its first arrival.
	ClaimDelivery(ctx context.Context, platform, key string, at time.Time) (first bool, err error)
}

// PostAnswerStore keeps the one counted answer per member per question post.
type PostAnswerStore interface {
	// FindPostAnswer returns the member's answer to a post.
	FindPostAnswer(ctx context.Context, postID, memberID int64) (*Answer, error)
	// UpdateAnswerText replaces the text of an edited answer; the caller
	// grades it again (grades are appended).
	UpdateAnswerText(ctx context.Context, answerID int64, text string, at time.Time) error
	// WithdrawAnswer marks a deleted answer; it stops counting.
	WithdrawAnswer(ctx context.Context, answerID int64, at time.Time) error
}

// StatsStore computes leaderboards and personal stats.
type StatsStore interface {
	// Leaderboard ranks the channel's members by points earned by counted
	// answers to question posts in [from, to).
	Leaderboard(ctx context.Context, channelID int64, from, to time.Time, limit int) ([]LeaderboardEntry, error)
	MemberStats(ctx context.Context, memberID int64) (*MemberStats, error)
}
