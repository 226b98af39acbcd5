package grading

import (
	"context"
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/prompts"
)

// MustGrade grades or fails the test.
func MustGrade(tb testing.TB, s *Scorer, q *bot.Question, answer string, lang bot.Lang) *bot.Grade {
	tb.Helper()
	g, err := s.Grade(context.Background(), bot.GradeRequest{Question: q, Answer: answer, Lang: lang})
	if err != nil {
		tb.Fatalf("Grade(%s, %.40q): %v", q.ID, answer, err)
	}
	return g
}

// TestBankOrder grades three answers to every question of the embedded bank,
// in both languages: the reference answer, one built from about half of the
// key points, and that one plus a listed misconception. They must score
// strictly in that order, or the rubric and the scorer disagree.
func TestBankOrder(t *testing.T) {
	qs, err := prompts.Load()
	if err != nil {
		t.Fatalf("prompts.Load: %v", err)
	}
	if len(qs) == 0 {
		t.Fatal("prompts.Load returned no questions")
	}
	s := sharedScorer()
	for _, q := range qs {
		for _, lang := range []bot.Lang{bot.LangZH, bot.LangEN} {
			t.Run(q.ID+"/"+string(lang), func(t *testing.T) {
				strong := q.Reference.In(lang)
				var half []string
				for i, kp := range q.Rubric.KeyPoints {
					if i%2 == 0 {
						half = append(half, kp.Point.In(lang))
					}
				}
				partial := strings.Join(half, sep(lang))
				gs := MustGrade(t, s, q, strong, lang)
				gp := MustGrade(t, s, q, partial, lang)
				if gs.Score <= gp.Score {
					t.Errorf("strong %d <= partial %d\nstrong: %s\npartial: %s", gs.Score, gp.Score, strong, partial)
				}
				for _, m := range q.Rubric.Misconceptions {
					wrong := partial + sep(lang) + m.Wrong.In(lang)
					gw := MustGrade(t, s, q, wrong, lang)
					if gw.Score >= gp.Score {
						t.Errorf("misconception %s: wrong %d >= partial %d\nwrong: %s", m.ID, gw.Score, gp.Score, wrong)
					}
					if !contains(gw.Misconceptions, m.ID) {
						t.Errorf("misconception %s not found in %q (found %v)", m.ID, wrong, gw.Misconceptions)
					}
				}
			})
		}
	}
}

func sep(lang bot.Lang) string {
	if lang == bot.LangZH {
		return "。"
	}
	return ". "
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
