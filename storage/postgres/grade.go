package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// AddGrade appends a grade; earlier grades stay, so a re-grade never erases
// what the member was told before.
func (s *Store) AddGrade(ctx context.Context, g *bot.Grade) error {
	if g.Grader == "" {
		return bot.Errorf(bot.EINVALID, "A grade needs the name of its grader.")
	}
	cols, err := encodeGrade(g)
	if err != nil {
		return fmt.Errorf("add grade: %w", err)
	}
	now := s.now()
	var id int64
	err = s.pool.QueryRow(ctx, `
		INSERT INTO grades (answer_id, score, stars, covered, missing, misconceptions, flags,
			review, grader, grader_version, rubric_version, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		RETURNING id`,
		g.AnswerID, g.Score, g.Stars, cols[0], cols[1], cols[2], cols[3], cols[4],
		g.Grader, g.GraderVersion, g.RubricVersion, now,
	).Scan(&id)
	if err != nil {
		return s.wrap(ctx, "add grade", err, meaning{missing: fmt.Sprintf("Answer %d not found.", g.AnswerID)})
	}
	g.ID, g.CreatedAt = id, now
	return nil
}

// encodeGrade returns the JSON columns: covered, missing, misconceptions,
// flags and review.
func encodeGrade(g *bot.Grade) ([5]string, error) {
	var cols [5]string
	for i, l := range [][]string{g.Covered, g.Missing, g.Misconceptions, g.Flags} {
		v, err := encodeList(l)
		if err != nil {
			return cols, err
		}
		cols[i] = v
	}
	b, err := json.Marshal(g.Review)
	if err != nil {
		return cols, fmt.Errorf("encode review: %w", err)
	}
	cols[4] = string(b)
	return cols, nil
}

// latestGradeJoin joins the newest grade of the answer aliased "a" as "g".
// Grades are append-only, so the newest is the one with the highest id.
const latestGradeJoin = `LEFT JOIN grades g ON g.id = (SELECT max(id) FROM grades WHERE answer_id = a.id)`

// gradeCols are the columns gradeRow scans, in its order.
const gradeCols = `g.id, g.answer_id, g.score, g.stars, g.covered, g.missing, g.misconceptions, g.flags,
	g.review, g.grader, g.grader_version, g.rubric_version, g.created_at`

// gradeRow receives a grade from a LEFT JOIN, where every column may be NULL.
type gradeRow struct {
	id, answerID                            *int64
	score, stars                            *int32
	covered, missing, misconceptions, flags []byte
	review                                  []byte
	grader, graderVersion, rubricVersion    *string
	createdAt                               *time.Time
}

func (r *gradeRow) dest() []any {
	return []any{&r.id, &r.answerID, &r.score, &r.stars, &r.covered, &r.missing, &r.misconceptions,
		&r.flags, &r.review, &r.grader, &r.graderVersion, &r.rubricVersion, &r.createdAt}
}

// into sets *dst to the scanned grade; it leaves *dst nil when the join found
// none (the answer is not graded yet).
func (r *gradeRow) into(dst **bot.Grade) error {
	if r.id == nil {
		return nil
	}
	g := &bot.Grade{
		ID: *r.id, AnswerID: *r.answerID, Score: int(*r.score), Stars: int(*r.stars),
		Grader: *r.grader, GraderVersion: *r.graderVersion, RubricVersion: *r.rubricVersion,
		CreatedAt: r.createdAt.UTC(),
	}
	var err error
	for _, c := range []struct {
		dst *[]string
		src []byte
	}{{&g.Covered, r.covered}, {&g.Missing, r.missing}, {&g.Misconceptions, r.misconceptions}, {&g.Flags, r.flags}} {
		if *c.dst, err = decodeList(c.src); err != nil {
			return fmt.Errorf("grade %d: %w", g.ID, err)
		}
	}
	if err := json.Unmarshal(r.review, &g.Review); err != nil {
		return fmt.Errorf("grade %d: decode review: %w", g.ID, err)
	}
	*dst = g
	return nil
}
