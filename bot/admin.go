package bot

import (
	"context"
	"time"
)

// HistoryRow is one answer as an export shows it: who wrote it, to what,
// when, and how its latest grade went. It flattens Answer and Grade so an
// operator can hand a person everything stored about them.
type HistoryRow struct {
	Member     MemberKey
	MemberName string
	AnswerID   int64
	QuestionID string
	// Source is "daily" for an answer to a channel's question post and
	// "mock" for a turn of a mock interview.
	Source    string
	PostID    int64 // 0 unless Source is "daily"
	SessionID int64 // 0 unless Source is "mock"
	Text      string
	Lang      Lang
	Withdrawn bool
	CreatedAt time.Time
	// Graded is false until a grade exists; then Score, Stars and Grader are
	// the latest grade's and Points what the answer earned.
	Graded bool
	Score  int
	Stars  int
	Grader string
	Points int
}

// Forgotten counts what ForgetMember deleted.
type Forgotten struct {
	Members  int64
	Answers  int64 // grades go with their answers
	Sessions int64 // turns go with their sessions
}

// Pruned counts what PruneHistory deleted.
type Pruned struct {
	Answers  int64
	Sessions int64
}

// AdminStore is what the privacy and retention tools need of a store, apart
// from Store so the use cases never see deletion in bulk. storage/sqlite and
// storage/postgres implement it.
type AdminStore interface {
	// ExportHistory returns every answer, or only member's when it is not
	// nil, oldest first, with its latest grade.
	ExportHistory(ctx context.Context, member *MemberKey) ([]HistoryRow, error)
	// ForgetMember deletes the member with their answers, grades, mock
	// interviews and so their statistics. ENOTFOUND when no such member.
	ForgetMember(ctx context.Context, key MemberKey) (Forgotten, error)
	// PruneHistory deletes answers created before the cutoff and finished or
	// expired mock interviews last touched before it.
	PruneHistory(ctx context.Context, before time.Time) (Pruned, error)
	// PendingMigrations reports whether the schema lags the binary, so
	// readiness fails until a migration has run.
	PendingMigrations(ctx context.Context) (bool, error)
	// UngradedAnswers returns up to limit ids of counted daily answers
	// created in [from, to) whose current version has no grade: the ones
	// whose grading job was never stored (the queue was unreachable after
	// the answer was) or was given up, for a sweep to enqueue again.
	UngradedAnswers(ctx context.Context, from, to time.Time, limit int) ([]int64, error)
}
