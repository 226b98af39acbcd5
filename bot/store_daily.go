package bot

import (
	"context"
	"time"
)

// DailyStore is everything the daily-question use cases keep: the history
// the mock interviews use plus channels, posts, deliveries and statistics.
// storage/sqlite and storage/postgres implement it.
type DailyStore interface {
	Store
	ChannelStore
	PostStore
	DeliveryStore
	PostAnswerStore
	StatsStore
	PostContextStore
}

// PostContext is what a scheduled post reads before it is claimed: a
// thousand channels' posts fall due at the same instant, so each post's
// reads are one round trip instead of one per row.
type PostContext struct {
	Channel *Channel
	// Schedule is nil when the channel has none yet.
	Schedule *Schedule
	// Post is the post under the (channel, kind, local date) key, nil when
	// nobody claimed it yet.
	Post *Post
	// Question is, for a reveal, the question post of the same local date;
	// nil for other kinds or when there is none.
	Question *Post
	// Asked is what AskedQuestions returns, the rotation's input, read only
	// for a question post nobody claimed yet; nil otherwise.
	Asked []string
}

// PostContextStore reads a scheduled post's context together.
type PostContextStore interface {
	// FindPostContext returns the channel, its schedule, the post under
	// the key and what its kind needs besides (see PostContext); ENOTFOUND
	// when the channel does not exist.
	FindPostContext(ctx context.Context, channelID int64, kind PostKind, localDate string) (*PostContext, error)
}

// ChannelStore keeps channels and their schedules.
type ChannelStore interface {
	// UpsertChannel finds the channel by Key or creates it, filling ID.
	// Name, Lang and Timezone are updated when non-empty.
	UpsertChannel(ctx context.Context, c *Channel) error
	FindChannel(ctx context.Context, id int64) (*Channel, error)
	ListChannels(ctx context.Context) ([]*Channel, error)
	// SaveSchedule stores a channel's schedule, replacing the previous one.
	SaveSchedule(ctx context.Context, s *Schedule) error
	// FindSchedule returns ENOTFOUND when the channel has none yet.
	FindSchedule(ctx context.Context, channelID int64) (*Schedule, error)
	// ListSchedules returns every stored schedule, ordered by channel id:
	// the tick walks them all once a minute.
	ListSchedules(ctx context.Context) ([]*Schedule, error)
}

// PostStore keeps scheduled posts under their unique (channel, kind, local
// date) key.
type PostStore interface {
	// CreatePost claims the post's key, filling ID, CreatedAt and ClaimedAt;
	// ECONFLICT when it is taken, which is how a second replica or a retry
	// learns the post is someone else's.
	CreatePost(ctx context.Context, p *Post) error
	// ReclaimPost takes over an unsent post whose claim is older than
	// staleBefore, setting ClaimedAt to at. It reports false when the post
	// is sent or its claim is fresh: then another worker is sending it.
	ReclaimPost(ctx context.Context, postID int64, staleBefore, at time.Time) (bool, error)
	// MarkPostSent records the platform reference once the platform accepted it.
	MarkPostSent(ctx context.Context, postID int64, ref string, at time.Time) error
	FindPost(ctx context.Context, id int64) (*Post, error)
	FindPostByKey(ctx context.Context, channelID int64, kind PostKind, localDate string) (*Post, error)
	FindPostByRef(ctx context.Context, channelID int64, ref string) (*Post, error)
	// LatestPost returns the post of kind in the channel with the newest
	// local date.
	LatestPost(ctx context.Context, channelID int64, kind PostKind) (*Post, error)
	// RecentPosts returns, in one query, what the tick needs to know about
	// every channel's posts: each post with a local date on or after
	// sinceLocalDate, and, whatever their dates, each channel's latest
	// question post and the reveal post of that question's date. The tick
	// runs once a minute over every channel; asking per channel would be
	// a few queries times the channel count. Ordered by channel id, local
	// date and kind; empty, not an error, when there are none.
	RecentPosts(ctx context.Context, sinceLocalDate string) ([]*Post, error)
	// AskedQuestions returns the question ids already posted in the channel,
	// oldest first, for rotation.
	AskedQuestions(ctx context.Context, channelID int64) ([]string, error)
}

// DeliveryStore records inbound deliveries so each is processed once.
type DeliveryStore interface {
	// ClaimDelivery stores the delivery's idempotency key (Slack event_id,
	// WeCom MsgId) and reports whether this is its first arrival.
	ClaimDelivery(ctx context.Context, platform, key string, at time.Time) (first bool, err error)
	// PruneDeliveries forgets keys claimed before the given time and returns
	// how many it removed. Platforms redeliver for minutes, not weeks.
	PruneDeliveries(ctx context.Context, before time.Time) (int64, error)
}

// PostAnswer is a member's answer to a daily question post with what the
// daily use cases keep beside it.
type PostAnswer struct {
	Answer
	// MessageRef is the platform's reference to the member's own message
	// (Slack ts, WeCom MsgId), so an edit or a delete of a later, uncounted
	// reply does not touch the counted one. Empty when the platform gives none.
	MessageRef string
	// Version counts text changes: 1 when stored, +1 per edit. A grade is
	// for one version, so a retried grading job knows it is done.
	Version int
	// GradedVersion is the version the latest grade (and Points) belong to;
	// 0 until graded.
	GradedVersion int
	// Points is denormalised from the latest grade when it is added (0 for a
	// late answer), so leaderboards sum one column instead of finding every
	// answer's latest grade.
	Points int
}

// PostAnswerStore keeps the one counted answer per member per question post.
type PostAnswerStore interface {
	// CreatePostAnswer stores an answer to a post (PostID set), filling ID,
	// timestamps and Version 1. ECONFLICT when the member already has a
	// counted (not withdrawn) answer to the post.
	CreatePostAnswer(ctx context.Context, a *PostAnswer) error
	// FindPostAnswer returns a post answer by id with its latest grade.
	FindPostAnswer(ctx context.Context, answerID int64) (*PostAnswer, error)
	// FindMemberPostAnswer returns the member's counted answer to a post.
	FindMemberPostAnswer(ctx context.Context, postID, memberID int64) (*PostAnswer, error)
	// UpdateAnswerText replaces the text of an edited answer and bumps its
	// Version; the caller grades it again (grades are appended).
	UpdateAnswerText(ctx context.Context, answerID int64, text string, at time.Time) error
	// WithdrawAnswer marks a deleted answer; it stops counting.
	WithdrawAnswer(ctx context.Context, answerID int64, at time.Time) error
	// GradePostAnswer appends g and, in the same transaction, sets the
	// answer's Points and GradedVersion, so points never disagree with the
	// latest grade.
	GradePostAnswer(ctx context.Context, g *Grade, points, version int) error
}

// PostAttendance is one sent question post with the members who answered it
// before it closed, the raw material of streaks.
type PostAttendance struct {
	PostID    int64
	LocalDate string
	ClosesAt  time.Time
	Answered  []int64 // member ids, ascending
}

// MemberTotals are the sums behind a member's stats.
type MemberTotals struct {
	Answers  int     // counted answers to daily questions
	Points   int     // points they earned
	AvgScore float64 // average latest score of the graded ones
	// Channels where the member has counted answers, ascending.
	Channels []int64
	// QuestionScores is the latest score per graded question id.
	QuestionScores map[string]int
}

// ImprovedMember is the most improved member of a window: their line on
// the window's board and how much their average score rose.
type ImprovedMember struct {
	// Entry is the member's line on the current window's board; Rank is
	// their rank on the full board, Streak is left 0.
	Entry LeaderboardEntry
	// Rise is the current average score minus the previous one, > 0.
	Rise float64
}

// StatsStore computes leaderboards and personal stats.
type StatsStore interface {
	// Leaderboard ranks the channel's members by points earned by counted
	// answers to question posts with local dates in [fromDate, toDate)
	// (YYYY-MM-DD, the channel's own days, so daylight saving cannot shift a
	// window). Ties go to more answers, then to the lower member id. Rank is
	// left 0; limit <= 0 means every member.
	Leaderboard(ctx context.Context, channelID int64, fromDate, toDate string, limit int) ([]LeaderboardEntry, error)
	// MostImproved returns the member whose average score rose most from
	// the window [prevFrom, fromDate) to [fromDate, toDate), computed by the
	// store so a posted board never reads every member's line. Only members
	// with counted answers in both windows qualify, and only a rise > 0
	// counts (an average is 0 while none of the window's answers is
	// graded). Ties go to the member ranked higher on the current board
	// (points, then answers, then the lower member id). ENOTFOUND when
	// nobody improved.
	MostImproved(ctx context.Context, channelID int64, prevFrom, fromDate, toDate string) (*ImprovedMember, error)
	// Board returns what Leaderboard(channelID, fromDate, toDate, limit)
	// and MostImproved(channelID, prevFrom, fromDate, toDate) return, the
	// latter nil when nobody improved or prevFrom is "" (no previous
	// window), in as few reads as the store can: a posted board needs both.
	Board(ctx context.Context, channelID int64, prevFrom, fromDate, toDate string, limit int) ([]LeaderboardEntry, *ImprovedMember, error)
	// Attendance returns the channel's sent question posts, newest first, at
	// most limit (<= 0: all), each with which of memberIDs answered it before
	// it closed and did not withdraw.
	Attendance(ctx context.Context, channelID int64, memberIDs []int64, limit int) ([]PostAttendance, error)
	// MemberTotals sums a member's counted daily answers over all channels.
	MemberTotals(ctx context.Context, memberID int64) (*MemberTotals, error)
}
