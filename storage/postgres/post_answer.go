package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/jackc/pgx/v5"
)

// CreatePostAnswer stores a member's answer to a daily post. The partial
// unique index on (post_id, member_id) over answers not withdrawn keeps one
// counted answer per member per post: a second is ECONFLICT.
func (s *Store) CreatePostAnswer(ctx context.Context, a *bot.PostAnswer) error {
	if a.PostID == 0 {
		return bot.Errorf(bot.EINVALID, "An answer to a daily post needs the post's id.")
	}
	if err := checkAnswer(&a.Answer); err != nil {
		return err
	}
	if err := checkText("message reference", a.MessageRef, 1024); err != nil {
		return err
	}
	now := s.now()
	err := s.pool.QueryRow(ctx, `
		INSERT INTO answers (member_id, question_id, post_id, text, lang, created_at, updated_at,
			withdrawn, message_ref, version)
		VALUES ($1, $2, $3, $4, $5, $6, $6, false, $7, 1)
		RETURNING id`,
		a.MemberID, a.QuestionID, a.PostID, a.Text, string(a.Lang), now, a.MessageRef,
	).Scan(&a.ID)
	if err != nil {
		return s.wrap(ctx, "create post answer", err, meaning{
			missing:  fmt.Sprintf("Member %d not found.", a.MemberID),
			conflict: "You have already answered this question; edit that answer instead.",
		})
	}
	a.CreatedAt, a.UpdatedAt = now, now
	a.Version, a.GradedVersion, a.Points, a.Withdrawn, a.Grade = 1, 0, 0, false, nil
	return nil
}

const postAnswerCols = answerCols + `, a.message_ref, a.version, a.graded_version, a.points`

// extraRow scans a row through scanAnswer and then the columns selected
// after its own.
type extraRow struct {
	row   pgx.Row
	extra []any
}

func (e extraRow) Scan(dest ...any) error { return e.row.Scan(append(dest, e.extra...)...) }

func scanPostAnswer(row pgx.Row) (*bot.PostAnswer, error) {
	pa := &bot.PostAnswer{}
	var version, graded, points int32
	a, err := scanAnswer(extraRow{row: row, extra: []any{&pa.MessageRef, &version, &graded, &points}})
	if err != nil {
		return nil, err
	}
	pa.Answer = *a
	pa.Version, pa.GradedVersion, pa.Points = int(version), int(graded), int(points)
	return pa, nil
}

// FindPostAnswer returns an answer to a daily post by id.
func (s *Store) FindPostAnswer(ctx context.Context, answerID int64) (*bot.PostAnswer, error) {
	a, err := scanPostAnswer(s.pool.QueryRow(ctx, `SELECT `+postAnswerCols+` FROM answers a `+latestGradeJoin+`
		WHERE a.id = $1 AND a.post_id IS NOT NULL`, answerID))
	if err != nil {
		return nil, s.wrap(ctx, "find post answer", err, meaning{missing: fmt.Sprintf("Answer %d to a daily post not found.", answerID)})
	}
	return a, nil
}

// FindMemberPostAnswer returns the member's counted answer to the post.
func (s *Store) FindMemberPostAnswer(ctx context.Context, postID, memberID int64) (*bot.PostAnswer, error) {
	a, err := scanPostAnswer(s.pool.QueryRow(ctx, `SELECT `+postAnswerCols+` FROM answers a `+latestGradeJoin+`
		WHERE a.post_id = $1 AND a.member_id = $2 AND NOT a.withdrawn`, postID, memberID))
	if err != nil {
		return nil, s.wrap(ctx, "find member post answer", err, meaning{
			missing: fmt.Sprintf("Member %d has no answer to post %d.", memberID, postID)})
	}
	return a, nil
}

// UpdateAnswerText replaces an edited answer's text and bumps its version.
func (s *Store) UpdateAnswerText(ctx context.Context, answerID int64, text string, at time.Time) error {
	if err := checkText("answer", text, bot.MaxAnswerBytes); err != nil {
		return err
	}
	return s.updateAnswer(ctx, "update answer text", answerID,
		`UPDATE answers SET text = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND post_id IS NOT NULL`,
		text, at.UTC(), answerID)
}

// WithdrawAnswer marks a deleted answer; it stops counting everywhere.
func (s *Store) WithdrawAnswer(ctx context.Context, answerID int64, at time.Time) error {
	return s.updateAnswer(ctx, "withdraw answer", answerID,
		`UPDATE answers SET withdrawn = true, updated_at = $1 WHERE id = $2 AND post_id IS NOT NULL`,
		at.UTC(), answerID)
}

func (s *Store) updateAnswer(ctx context.Context, op string, answerID int64, query string, args ...any) error {
	tag, err := s.pool.Exec(ctx, query, args...)
	if err != nil {
		return s.wrap(ctx, op, err, meaning{})
	}
	if tag.RowsAffected() == 0 {
		return bot.Errorf(bot.ENOTFOUND, "Answer %d to a daily post not found.", answerID)
	}
	return nil
}

// GradePostAnswer appends the grade and sets the answer's points, score and
// graded version in one transaction. The answer row is locked first, so two
// grading jobs of one answer serialise; a grade for a version older than the
// one already graded (a slow job overtaken by the edit's job) is dropped.
func (s *Store) GradePostAnswer(ctx context.Context, g *bot.Grade, points, version int) error {
	if g.Grader == "" {
		return bot.Errorf(bot.EINVALID, "A grade needs the name of its grader.")
	}
	cols, err := encodeGrade(g)
	if err != nil {
		return fmt.Errorf("grade post answer: %w", err)
	}
	now := s.now()
	err = s.inTx(ctx, false, func(tx pgx.Tx) error {
		var graded int
		if err := tx.QueryRow(ctx, `SELECT graded_version FROM answers WHERE id = $1 AND post_id IS NOT NULL FOR UPDATE`,
			g.AnswerID).Scan(&graded); err != nil {
			return err
		}
		if graded > version {
			return nil
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO grades (answer_id, score, stars, covered, missing, misconceptions, flags,
				review, grader, grader_version, rubric_version, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			RETURNING id`,
			g.AnswerID, g.Score, g.Stars, cols[0], cols[1], cols[2], cols[3], cols[4],
			g.Grader, g.GraderVersion, g.RubricVersion, now,
		).Scan(&g.ID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE answers SET points = $1, score = $2, graded_version = $3 WHERE id = $4`,
			points, g.Score, version, g.AnswerID)
		return err
	})
	if err != nil {
		return s.wrap(ctx, "grade post answer", err, meaning{missing: fmt.Sprintf("Answer %d to a daily post not found.", g.AnswerID)})
	}
	g.CreatedAt = now
	return nil
}
