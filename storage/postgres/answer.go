package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/jackc/pgx/v5"
)

// CreateAnswer stores a new answer before anything grades it, so a grading
// failure never loses what the member wrote. A second counted answer by the
// same member to the same question post is ECONFLICT.
func (s *Store) CreateAnswer(ctx context.Context, a *bot.Answer) error {
	if err := checkAnswer(a); err != nil {
		return err
	}
	now := s.now()
	var id int64
	err := s.pool.QueryRow(ctx, `
		INSERT INTO answers (member_id, question_id, session_id, post_id, text, lang,
			created_at, updated_at, withdrawn)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)
		RETURNING id`,
		a.MemberID, a.QuestionID, nullID(a.SessionID), nullID(a.PostID), a.Text, string(a.Lang),
		now, a.Withdrawn,
	).Scan(&id)
	if err != nil {
		return s.wrap(ctx, "create answer", err, meaning{
			missing:  fmt.Sprintf("Member %d or mock interview %d not found.", a.MemberID, a.SessionID),
			conflict: "You have already answered this question; edit that answer instead.",
		})
	}
	a.ID, a.CreatedAt, a.UpdatedAt = id, now, now
	return nil
}

func checkAnswer(a *bot.Answer) error {
	if a.QuestionID == "" {
		return bot.Errorf(bot.EINVALID, "An answer needs the id of its question.")
	}
	return checkText("answer", a.Text, bot.MaxAnswerBytes)
}

// answerCols are the columns scanAnswer reads, in its order, followed by the
// latest grade's.
const answerCols = `a.id, a.member_id, a.question_id, a.session_id, a.post_id, a.text, a.lang,
	a.created_at, a.updated_at, a.withdrawn, ` + gradeCols

// FindAnswer returns the answer with its latest grade.
func (s *Store) FindAnswer(ctx context.Context, id int64) (*bot.Answer, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+answerCols+` FROM answers a `+latestGradeJoin+` WHERE a.id = $1`, id)
	a, err := scanAnswer(row)
	if err != nil {
		return nil, s.wrap(ctx, "find answer", err, meaning{missing: fmt.Sprintf("Answer %d not found.", id)})
	}
	return a, nil
}

// ListAnswers returns a member's answers, newest first, with their latest
// grades. A limit of 0 or less means all of them.
func (s *Store) ListAnswers(ctx context.Context, memberID int64, limit int) ([]*bot.Answer, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+answerCols+` FROM answers a `+latestGradeJoin+`
		WHERE a.member_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT $2`, memberID, sqlLimit(limit))
	if err != nil {
		return nil, s.wrap(ctx, "list answers", err, meaning{})
	}
	defer rows.Close()
	answers := []*bot.Answer{}
	for rows.Next() {
		a, err := scanAnswer(rows)
		if err != nil {
			return nil, s.wrap(ctx, "list answers", err, meaning{})
		}
		answers = append(answers, a)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(ctx, "list answers", err, meaning{})
	}
	return answers, nil
}

// sqlLimit turns "0 or less means no limit" into LIMIT NULL, which
// PostgreSQL reads as no limit.
func sqlLimit(limit int) *int {
	if limit <= 0 {
		return nil
	}
	return &limit
}

func scanAnswer(row pgx.Row) (*bot.Answer, error) {
	a := &bot.Answer{}
	var session, post *int64
	var lang string
	var created, updated time.Time
	var g gradeRow
	dest := append([]any{&a.ID, &a.MemberID, &a.QuestionID, &session, &post, &a.Text, &lang,
		&created, &updated, &a.Withdrawn}, g.dest()...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	a.SessionID, a.PostID, a.Lang = idOrZero(session), idOrZero(post), bot.Lang(lang)
	a.CreatedAt, a.UpdatedAt = created.UTC(), updated.UTC()
	if err := g.into(&a.Grade); err != nil {
		return nil, fmt.Errorf("answer %d: %w", a.ID, err)
	}
	return a, nil
}
