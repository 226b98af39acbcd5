package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/interviewbot/interviewbot/bot"
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
	now := s.now()
	err := s.db.QueryRowContext(ctx, `
		INSERT INTO answers (member_id, question_id, post_id, text, lang, created_at, updated_at,
			withdrawn, message_ref, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 1)
		RETURNING id`,
		a.MemberID, a.QuestionID, a.PostID, a.Text, string(a.Lang), formatTime(now), formatTime(now), a.MessageRef,
	).Scan(&a.ID)
	if err != nil {
		return wrap(ctx, "create post answer", err, meaning{
			missing:  fmt.Sprintf("Member %d not found.", a.MemberID),
			conflict: "You have already answered this question; edit that answer instead.",
		})
	}
	a.CreatedAt, a.UpdatedAt = now, now
	a.Version, a.GradedVersion, a.Points, a.Withdrawn, a.Grade = 1, 0, 0, false, nil
	return nil
}

const postAnswerCols = answerCols + `, a.message_ref, a.version, a.graded_version, a.points`

func scanPostAnswer(row scanner) (*bot.PostAnswer, error) {
	pa := &bot.PostAnswer{}
	a, err := scanAnswer(extraScanner{row: row, extra: []any{&pa.MessageRef, &pa.Version, &pa.GradedVersion, &pa.Points}})
	if err != nil {
		return nil, err
	}
	pa.Answer = *a
	return pa, nil
}

// FindPostAnswer returns an answer to a daily post by id.
func (s *Store) FindPostAnswer(ctx context.Context, answerID int64) (*bot.PostAnswer, error) {
	a, err := scanPostAnswer(s.db.QueryRowContext(ctx, `SELECT `+postAnswerCols+` FROM answers a `+latestGradeJoin+`
		WHERE a.id = ? AND a.post_id IS NOT NULL`, answerID))
	if err != nil {
		return nil, wrap(ctx, "find post answer", err, meaning{missing: fmt.Sprintf("Answer %d to a daily post not found.", answerID)})
	}
	return a, nil
}

// FindMemberPostAnswer returns the member's counted answer to the post.
func (s *Store) FindMemberPostAnswer(ctx context.Context, postID, memberID int64) (*bot.PostAnswer, error) {
	a, err := scanPostAnswer(s.db.QueryRowContext(ctx, `SELECT `+postAnswerCols+` FROM answers a `+latestGradeJoin+`
		WHERE a.post_id = ? AND a.member_id = ? AND a.withdrawn = 0`, postID, memberID))
	if err != nil {
		return nil, wrap(ctx, "find member post answer", err, meaning{
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
		`UPDATE answers SET text = ?, updated_at = ?, version = version + 1 WHERE id = ? AND post_id IS NOT NULL`,
		text, formatTime(at), answerID)
}

// WithdrawAnswer marks a deleted answer; it stops counting everywhere.
func (s *Store) WithdrawAnswer(ctx context.Context, answerID int64, at time.Time) error {
	return s.updateAnswer(ctx, "withdraw answer", answerID,
		`UPDATE answers SET withdrawn = 1, updated_at = ? WHERE id = ? AND post_id IS NOT NULL`,
		formatTime(at), answerID)
}

func (s *Store) updateAnswer(ctx context.Context, op string, answerID int64, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return wrap(ctx, op, err, meaning{})
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap(ctx, op, err, meaning{})
	} else if n == 0 {
		return bot.Errorf(bot.ENOTFOUND, "Answer %d to a daily post not found.", answerID)
	}
	return nil
}

// GradePostAnswer appends the grade and sets the answer's points, score and
// graded version in one transaction. A grade for a version older than the
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
	err = s.inTx(ctx, false, func(tx *sql.Tx) error {
		var graded int
		if err := tx.QueryRowContext(ctx, `SELECT graded_version FROM answers WHERE id = ? AND post_id IS NOT NULL`,
			g.AnswerID).Scan(&graded); err != nil {
			return err
		}
		if graded > version {
			return nil
		}
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO grades (answer_id, score, stars, covered, missing, misconceptions, flags,
				review, grader, grader_version, rubric_version, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			RETURNING id`,
			g.AnswerID, g.Score, g.Stars, cols[0], cols[1], cols[2], cols[3], cols[4],
			g.Grader, g.GraderVersion, g.RubricVersion, formatTime(now),
		).Scan(&g.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE answers SET points = ?, score = ?, graded_version = ? WHERE id = ?`,
			points, g.Score, version, g.AnswerID)
		return err
	})
	if err != nil {
		return wrap(ctx, "grade post answer", err, meaning{missing: fmt.Sprintf("Answer %d to a daily post not found.", g.AnswerID)})
	}
	g.CreatedAt = now
	return nil
}
