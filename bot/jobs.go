package bot

import (
	"context"
	"time"
)

// JobQueue is the durable work queue the use cases hand work to, so nothing
// slow (grading, posting) runs on a chat platform's request path and nothing
// is lost when a process dies: a job is stored before it runs and retried
// until it succeeds. storage/jobs implements it on the database.
type JobQueue interface {
	// EnqueueGrade schedules the grading of a stored answer.
	EnqueueGrade(ctx context.Context, answerID int64) error
	// EnqueuePost schedules a scheduled post; jobs are unique per
	// (channel, kind, local date), so enqueueing twice runs once.
	EnqueuePost(ctx context.Context, channelID int64, kind PostKind, localDate string) error
	// EnqueuePosts schedules many posts at once, each unique as
	// EnqueuePost's (a post already queued is left alone, and one listed
	// twice is queued once). The tick hands a whole push over in one round
	// trip instead of one per post, so a thousand channels' posts can start
	// within the second they are due.
	EnqueuePosts(ctx context.Context, posts []DueJob) error
}

// Delivery is one inbound platform delivery (a Slack event, say) as an
// adapter received it, before any processing: the raw payload travels to a
// job and is parsed there, so the request path does no more than store it.
type Delivery struct {
	Platform string
	// Key is the delivery's idempotency key on its platform (Slack
	// "event:"+event_id): the same key is stored, and processed, once.
	Key string
	// Kind names the handler that will process Payload ("slack_event").
	Kind    string
	Payload []byte
	At      time.Time // when it arrived; the key is kept from then for a while
}

// Inbox makes an inbound delivery durable before the platform is told it
// arrived. Claiming the key and acknowledging first, then processing in
// memory, loses the delivery when the process dies after the
// acknowledgement (its key is claimed, so the platform's retry is dropped);
// storing the key and the job that processes the payload together closes
// that gap. storage/jobs implements it on the job queue.
type Inbox interface {
	// Accept stores d's idempotency key and a job that will process d, in
	// one transaction, and reports whether the key was new. It returns
	// (false, nil) for a key seen before, storing nothing: the first
	// delivery's job stands. It returns an EUNAVAILABLE error when the
	// database cannot be reached; then nothing is stored and the key stays
	// free, so the adapter answers with an error and the platform's retry
	// can be accepted.
	Accept(ctx context.Context, d Delivery) (first bool, err error)
}
