package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// openConflict is what a member hears when a second open interview would
// start: the schema allows one active or paused session per member.
const openConflict = "You already have a mock interview in progress; finish or end it first."

// CreateSession stores a new session (and any turns it already carries) in
// one transaction. An empty State means active.
func (s *Store) CreateSession(ctx context.Context, ms *bot.MockSession) error {
	if ms.State == "" {
		ms.State = bot.SessionActive
	}
	plan, err := encodeList(ms.Plan)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	report, err := encodeReport(ms.Report)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	now := s.now()
	var id int64
	err = s.inTx(ctx, false, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO mock_sessions (member_id, track, lang, state, plan, current, report, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
			RETURNING id`,
			ms.MemberID, ms.Track, string(ms.Lang), string(ms.State), plan, ms.Current, report, now,
		).Scan(&id)
		if err != nil {
			return err
		}
		for _, t := range ms.Turns {
			if err := saveTurn(ctx, tx, id, t, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return s.wrap(ctx, "create session", err, meaning{
			missing:  fmt.Sprintf("Member %d not found.", ms.MemberID),
			conflict: openConflict,
		})
	}
	ms.ID, ms.CreatedAt, ms.UpdatedAt = id, now, now
	return nil
}

// UpdateSession stores State, Current, Report and UpdatedAt: the parts of a
// session that move while the interview runs.
func (s *Store) UpdateSession(ctx context.Context, ms *bot.MockSession) error {
	report, err := encodeReport(ms.Report)
	if err != nil {
		return fmt.Errorf("update session %d: %w", ms.ID, err)
	}
	now := s.now()
	tag, err := s.pool.Exec(ctx, `
		UPDATE mock_sessions SET state = $1, current = $2, report = $3, updated_at = $4 WHERE id = $5`,
		string(ms.State), ms.Current, report, now, ms.ID)
	if err == nil && tag.RowsAffected() == 0 {
		err = bot.Errorf(bot.ENOTFOUND, "Mock interview %d not found.", ms.ID)
	}
	if err != nil {
		return s.wrap(ctx, fmt.Sprintf("update session %d", ms.ID), err, meaning{conflict: openConflict})
	}
	ms.UpdatedAt = now
	return nil
}

// SaveTurn inserts or replaces the turn at t.Index, so a retried step
// overwrites itself instead of adding a second turn.
func (s *Store) SaveTurn(ctx context.Context, sessionID int64, t bot.Turn) error {
	if err := saveTurn(ctx, s.pool, sessionID, t, s.now()); err != nil {
		return s.wrap(ctx, fmt.Sprintf("save turn %d of session %d", t.Index, sessionID), err, meaning{
			missing: fmt.Sprintf("Mock interview %d or answer %d not found.", sessionID, t.AnswerID),
		})
	}
	return nil
}

type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

func saveTurn(ctx context.Context, db execer, sessionID int64, t bot.Turn, now time.Time) error {
	if t.Index < 0 || t.QuestionID == "" || t.Hints < 0 {
		return bot.Errorf(bot.EINVALID, "A turn needs an index of 0 or more, a question id and no negative hint count.")
	}
	_, err := db.Exec(ctx, `
		INSERT INTO session_turns (session_id, idx, question_id, answer_id, skipped, hints, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
		ON CONFLICT (session_id, idx) DO UPDATE SET
			question_id = excluded.question_id, answer_id = excluded.answer_id,
			skipped = excluded.skipped, hints = excluded.hints, updated_at = excluded.updated_at`,
		sessionID, t.Index, t.QuestionID, nullID(t.AnswerID), t.Skipped, t.Hints, now)
	return err
}

// sessionCols are the columns scanSession reads, in its order.
const sessionCols = `id, member_id, track, lang, state, plan, current, report, created_at, updated_at`

// FindSession returns a session with its turns and their latest grades.
func (s *Store) FindSession(ctx context.Context, id int64) (*bot.MockSession, error) {
	return s.findSession(ctx, fmt.Sprintf("find session %d", id), fmt.Sprintf("Mock interview %d not found.", id),
		`SELECT `+sessionCols+` FROM mock_sessions WHERE id = $1`, id)
}

// FindOpenSession returns the member's active or paused session, with turns,
// so an interview resumes where it stopped.
func (s *Store) FindOpenSession(ctx context.Context, memberID int64) (*bot.MockSession, error) {
	return s.findSession(ctx, fmt.Sprintf("find open session of member %d", memberID),
		"You have no mock interview in progress.",
		`SELECT `+sessionCols+` FROM mock_sessions WHERE member_id = $1 AND state IN ('active', 'paused')
		ORDER BY updated_at DESC, id DESC LIMIT 1`, memberID)
}

func (s *Store) findSession(ctx context.Context, op, missing, query string, arg int64) (*bot.MockSession, error) {
	var ms *bot.MockSession
	err := s.inTx(ctx, true, func(tx pgx.Tx) error {
		var err error
		if ms, err = scanSession(tx.QueryRow(ctx, query, arg)); err != nil {
			return err
		}
		ms.Turns, err = listTurns(ctx, tx, ms.ID)
		return err
	})
	if err != nil {
		return nil, s.wrap(ctx, op, err, meaning{missing: missing})
	}
	return ms, nil
}

// ListSessions returns a member's sessions, newest first, without turns. A
// limit of 0 or less means all of them.
func (s *Store) ListSessions(ctx context.Context, memberID int64, limit int) ([]*bot.MockSession, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+sessionCols+` FROM mock_sessions
		WHERE member_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, memberID, sqlLimit(limit))
	if err != nil {
		return nil, s.wrap(ctx, "list sessions", err, meaning{})
	}
	defer rows.Close()
	sessions := []*bot.MockSession{}
	for rows.Next() {
		ms, err := scanSession(rows)
		if err != nil {
			return nil, s.wrap(ctx, "list sessions", err, meaning{})
		}
		sessions = append(sessions, ms)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(ctx, "list sessions", err, meaning{})
	}
	return sessions, nil
}

func scanSession(row pgx.Row) (*bot.MockSession, error) {
	ms := &bot.MockSession{}
	var lang, state string
	var plan, report []byte
	var created, updated time.Time
	if err := row.Scan(&ms.ID, &ms.MemberID, &ms.Track, &lang, &state, &plan, &ms.Current,
		&report, &created, &updated); err != nil {
		return nil, err
	}
	ms.Lang, ms.State = bot.Lang(lang), bot.SessionState(state)
	ms.CreatedAt, ms.UpdatedAt = created.UTC(), updated.UTC()
	var err error
	if ms.Plan, err = decodeList(plan); err != nil {
		return nil, fmt.Errorf("session %d: %w", ms.ID, err)
	}
	if report != nil {
		if ms.Report, err = decodeReport(report); err != nil {
			return nil, fmt.Errorf("session %d: %w", ms.ID, err)
		}
	}
	return ms, nil
}

func listTurns(ctx context.Context, tx pgx.Tx, sessionID int64) ([]bot.Turn, error) {
	rows, err := tx.Query(ctx, `
		SELECT t.idx, t.question_id, t.answer_id, t.skipped, t.hints, `+gradeCols+`
		FROM session_turns t
		LEFT JOIN answers a ON a.id = t.answer_id `+latestGradeJoin+`
		WHERE t.session_id = $1 ORDER BY t.idx`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var turns []bot.Turn
	for rows.Next() {
		var t bot.Turn
		var answer *int64
		var g gradeRow
		if err := rows.Scan(append([]any{&t.Index, &t.QuestionID, &answer, &t.Skipped, &t.Hints}, g.dest()...)...); err != nil {
			return nil, err
		}
		t.AnswerID = idOrZero(answer)
		if err := g.into(&t.Grade); err != nil {
			return nil, fmt.Errorf("turn %d: %w", t.Index, err)
		}
		turns = append(turns, t)
	}
	return turns, rows.Err()
}

// encodeReport stores a report as JSON, or NULL while there is none.
func encodeReport(r *bot.Report) (pgtype.Text, error) {
	if r == nil {
		return pgtype.Text{}, nil
	}
	c := *r
	c.CreatedAt = c.CreatedAt.UTC()
	b, err := json.Marshal(c)
	if err != nil {
		return pgtype.Text{}, fmt.Errorf("encode report: %w", err)
	}
	return pgtype.Text{String: string(b), Valid: true}, nil
}

func decodeReport(b []byte) (*bot.Report, error) {
	r := &bot.Report{}
	if err := json.Unmarshal(b, r); err != nil {
		return nil, fmt.Errorf("decode report: %w", err)
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return r, nil
}
