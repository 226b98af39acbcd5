package grading

import (
	"context"
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

// FuzzGrade feeds arbitrary answers to the scorer: it must never panic,
// always return a score in range with consistent stars, and never report a
// key point both covered and missing.
func FuzzGrade(f *testing.F) {
	for _, seed := range []string{
		"", "goroutine 的栈初始只有 2KB", "O(log n) 10 ms 3 seconds", "P 不是 CPU", "O(", "o(((((", "1.2.3kb",
		"\xff\xfe", "哈哈哈", "ＯＫ（１）", strings.Repeat("a-", 100), "don't won't isn't", "100%",
	} {
		f.Add(seed)
	}
	s := sharedScorer()
	q := gmpQuestion()
	f.Fuzz(func(t *testing.T, answer string) {
		for _, lang := range []bot.Lang{"", bot.LangZH} {
			g, err := s.Grade(context.Background(), bot.GradeRequest{Question: q, Answer: answer, Lang: lang})
			if err != nil {
				t.Fatalf("Grade(%q): %v", answer, err)
			}
			if g.Score < 0 || g.Score > 100 || g.Stars != bot.StarsFor(g.Score) {
				t.Fatalf("Grade(%q): score %d stars %d", answer, g.Score, g.Stars)
			}
			for _, id := range g.Covered {
				if contains(g.Missing, id) {
					t.Fatalf("Grade(%q): %s both covered and missing", answer, id)
				}
			}
		}
	})
}
