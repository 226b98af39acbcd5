package bot

import "context"

// Store is the history the bot keeps. storage/sqlite (the embedded default)
// and storage/postgres implement it and pass one contract test suite.
//
// Methods return *Error with ENOTFOUND when a thing does not exist (never a
// nil value with a nil error) and ECONFLICT on a broken uniqueness rule.
type Store interface {
	MemberStore
	AnswerStore
	SessionStore
	Ping(ctx context.Context) error
	Close() error
}

// MemberStore keeps the people who answer.
type MemberStore interface {
	// UpsertMember finds the member by Key or creates it, filling ID and
	// CreatedAt. Name and Lang are updated when non-empty.
	UpsertMember(ctx context.Context, m *Member) error
	FindMember(ctx context.Context, id int64) (*Member, error)
}

// AnswerStore keeps answers and their append-only grades.
type AnswerStore interface {
	// CreateAnswer stores a new answer, filling ID and timestamps.
	CreateAnswer(ctx context.Context, a *Answer) error
	// AddGrade appends a grade to an answer, filling ID and CreatedAt.
	AddGrade(ctx context.Context, g *Grade) error
	// FindAnswer returns the answer with its latest grade.
	FindAnswer(ctx context.Context, id int64) (*Answer, error)
	// ListAnswers returns a member's answers, newest first, with latest grades.
	ListAnswers(ctx context.Context, memberID int64, limit int) ([]*Answer, error)
}

// SessionStore keeps mock interviews.
type SessionStore interface {
	// CreateSession stores a new session, filling ID and timestamps.
	CreateSession(ctx context.Context, s *MockSession) error
	// UpdateSession stores State, Current, Report and UpdatedAt.
	UpdateSession(ctx context.Context, s *MockSession) error
	// SaveTurn inserts or replaces the turn at t.Index for the session.
	SaveTurn(ctx context.Context, sessionID int64, t Turn) error
	// FindSession returns a session with its turns (and their latest grades).
	FindSession(ctx context.Context, id int64) (*MockSession, error)
	// FindOpenSession returns the member's active or paused session.
	FindOpenSession(ctx context.Context, memberID int64) (*MockSession, error)
	// ListSessions returns a member's sessions, newest first, without turns.
	ListSessions(ctx context.Context, memberID int64, limit int) ([]*MockSession, error)
}
