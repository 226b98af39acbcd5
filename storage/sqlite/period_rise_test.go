package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/storetest"
	"github.com/pressly/goose/v3"
)

// TestPeriodRiseBackfill checks migration 00005 on a database that already
// has a history: after going back to 00004 (which drops prev_* and rise)
// and up again, period_totals holds exactly what the triggers kept while
// the history was written, so the backfill and the triggers agree.
func TestPeriodRiseBackfill(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bot.db")
	s := mustOpenPath(t, path)
	c := storetest.MustChannel(t, s)
	var members []*bot.Member
	for range 8 {
		members = append(members, storetest.MustMember(t, s))
	}
	rng := rand.New(rand.NewPCG(3, 3))
	for day := time.Date(2026, 1, 26, 0, 0, 0, 0, time.UTC); day.Month() < 5; day = day.AddDate(0, 0, 1) {
		p := storetest.MustPost(t, s, c.ID, day.Format(time.DateOnly), "q", time.Time{})
		for _, m := range members {
			if rng.IntN(3) == 0 {
				continue
			}
			a := &bot.PostAnswer{Answer: bot.Answer{MemberID: m.ID, QuestionID: "q", PostID: p.ID, Text: "answer"}}
			if err := s.CreatePostAnswer(ctx, a); err != nil {
				t.Fatalf("CreatePostAnswer: %v", err)
			}
			switch rng.IntN(8) {
			case 0: // never graded
			case 1:
				if err := s.WithdrawAnswer(ctx, a.ID, day); err != nil {
					t.Fatalf("WithdrawAnswer: %v", err)
				}
			default:
				score := rng.IntN(101)
				g := &bot.Grade{AnswerID: a.ID, Score: score, Stars: bot.StarsFor(score), Grader: "backfill"}
				if err := s.GradePostAnswer(ctx, g, bot.PointsFor(score), 1); err != nil {
					t.Fatalf("GradePostAnswer: %v", err)
				}
			}
		}
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer db.Close()
	kept := periodRows(t, db)
	var rises int
	if err := db.QueryRow(`SELECT count(*) FROM period_totals WHERE answers > 0 AND prev_answers > 0 AND rise > 0`).Scan(&rises); err != nil || rises < 10 {
		t.Fatalf("history left %d of %d period rows with a rise (%v); want a history to migrate", rises, len(kept), err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, os.DirFS("migrations"), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatalf("goose provider: %v", err)
	}
	if _, err := p.DownTo(ctx, 4); err != nil {
		t.Fatalf("migrate down to 4: %v", err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("migrate up: %v", err)
	}
	if got := periodRows(t, db); !slices.Equal(got, kept) {
		t.Errorf("period_totals after 00005's backfill differ from the triggers' (%d rows against %d):\n got %v\nwant %v",
			len(got), len(kept), got, kept)
	}
}

// periodRows lists the period_totals rows that carry totals of their own
// or of the period before, as text, in key order; the rise last.
func periodRows(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT channel_id, period, start_date, member_id, answers, points, score_sum, graded,
		prev_answers, prev_score_sum, prev_graded, rise FROM period_totals
		WHERE answers > 0 OR prev_answers > 0 ORDER BY channel_id, period, start_date, member_id`)
	if err != nil {
		t.Fatalf("read period_totals: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ch, member, answers, points, sum, graded, pa, ps, pg int64
		var period, start string
		var rise float64
		if err := rows.Scan(&ch, &period, &start, &member, &answers, &points, &sum, &graded, &pa, &ps, &pg, &rise); err != nil {
			t.Fatalf("scan period_totals: %v", err)
		}
		out = append(out, fmt.Sprintf("%d %s %s %d: %d %d %d %d prev %d %d %d rise %v", ch, period, start, member,
			answers, points, sum, graded, pa, ps, pg, rise))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read period_totals: %v", err)
	}
	return out
}
