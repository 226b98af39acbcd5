package bot

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// GradeAnswer is the grading job of a daily answer: grade it, store the
// grade with the points it earns, then tell the author privately. It is
// idempotent under retry: a version already graded is not graded again (a
// retry after a failed send only resends the feedback), and a withdrawn
// answer is left alone. An answer stored at or after its post closed (the
// reveal) is graded but earns no points.
func (d *Daily) GradeAnswer(ctx context.Context, answerID int64) error {
	a, err := d.store.FindPostAnswer(ctx, answerID)
	if err != nil {
		return fmt.Errorf("grade answer %d: %w", answerID, err)
	}
	if a.Withdrawn {
		d.log.Info("not grading a withdrawn answer", slog.Int64("answer_id", a.ID))
		return nil
	}
	p, err := d.store.FindPost(ctx, a.PostID)
	if err != nil {
		return fmt.Errorf("grade answer %d: %w", a.ID, err)
	}
	q, err := d.bank.Find(a.QuestionID)
	if err != nil {
		return fmt.Errorf("grade answer %d: %w", a.ID, err)
	}
	if a.GradedVersion != a.Version || a.Grade == nil {
		g, err := d.grader.Grade(ctx, GradeRequest{Question: q, Answer: a.Text, Lang: a.Lang, MemberID: a.MemberID})
		if err != nil {
			return fmt.Errorf("grade answer %d: %w", a.ID, err)
		}
		g.AnswerID = a.ID
		if g.RubricVersion == "" {
			g.RubricVersion = q.Rubric.Version
		}
		points := PointsFor(g.Score)
		if Late(p, a.CreatedAt) {
			points = 0
		}
		if err := d.store.GradePostAnswer(ctx, g, points, a.Version); err != nil {
			return fmt.Errorf("store grade of answer %d: %w", a.ID, err)
		}
		a.Grade, a.Points, a.GradedVersion = g, points, a.Version
		d.log.Info("answer graded", slog.Int64("answer_id", a.ID), slog.Int("score", g.Score), slog.Int("points", points))
	}
	return d.sendFeedback(ctx, p, a, q)
}

// sendFeedback tells the author privately how their answer did.
func (d *Daily) sendFeedback(ctx context.Context, p *Post, a *PostAnswer, q *Question) error {
	ch, err := d.store.FindChannel(ctx, p.ChannelID)
	if err != nil {
		return fmt.Errorf("feedback for answer %d: %w", a.ID, err)
	}
	m, err := d.store.FindMember(ctx, a.MemberID)
	if err != nil {
		return fmt.Errorf("feedback for answer %d: %w", a.ID, err)
	}
	msg, err := d.messenger(ch)
	if err != nil {
		return err
	}
	sctx, cancel := context.WithTimeout(ctx, d.sendTimeout)
	defer cancel()
	if err := msg.SendFeedback(sctx, ch, m, &a.Answer, q); err != nil {
		return fmt.Errorf("send feedback for answer %d: %w", a.ID, err)
	}
	return nil
}

// Late reports whether an answer stored at created earns no points: the
// question post had closed (its reveal time had come).
func Late(p *Post, created time.Time) bool {
	return !p.ClosesAt.IsZero() && !created.Before(p.ClosesAt)
}
