package bot

import "context"

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
}
