package terminal

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

func TestRenderReport(t *testing.T) {
	r := &bot.Report{
		Dimensions: []bot.DimensionRating{{Dimension: bot.DimGoBasics, Rating: bot.RatingExcellent, Questions: 2}, {Dimension: bot.DimArchitecture, Rating: bot.RatingNeedsWork, Questions: 1}},
		Scores:     bot.ReportScores{TechnicalDepth: 9, EngineeringPractice: 6.5, SystemsThinking: 3, Communication: 8, Learning: 7.2},
		Overall:    6.9, Verdict: bot.VerdictAnotherRound, Suggestions: []string{"Cover this point (Raft): leader election"},
	}
	tests := []struct {
		lang  bot.Lang
		state bot.SessionState
		want  []string
	}{
		{bot.LangEN, bot.SessionFinished, []string{
			"Mock interview report #4",
			"- Go basics (2 questions): [✅] Excellent [ ] Good [ ] Fair [ ] Needs work",
			"- Architecture (1 question): [ ] Excellent [ ] Good [ ] Fair [✅] Needs work",
			"Overall score: 6.9/10", "- Technical depth: 9.0/10", "- Learning: 7.2/10",
			"- [ ] Strong hire", "- [✅] Pass, another round needed", "- [ ] No hire",
			"1. Cover this point (Raft): leader election",
		}},
		{bot.LangZH, bot.SessionPaused, []string{
			"模拟面试报告 #4", "中期报告：已完成 1/3 题",
			"- Go 语言基础 (2 题): [✅] 优秀 [ ] 良好 [ ] 一般 [ ] 需提升",
			"综合评分：6.9/10", "- 系统思维: 3.0/10", "[✅] 通过，但需要再面一轮",
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			rr := *r
			rr.Lang = tt.lang
			s := &bot.MockSession{ID: 4, State: tt.state, Plan: []string{"a", "b", "c"}, Turns: []bot.Turn{{Skipped: true}, {Hints: 1}}}
			var buf bytes.Buffer
			RenderReport(&buf, s, &rr)
			for _, want := range tt.want {
				if !strings.Contains(buf.String(), want) {
					t.Errorf("report lacks %q\n%s", want, buf.String())
				}
			}
			if tt.state == bot.SessionFinished && strings.Contains(buf.String(), "Interim") {
				t.Errorf("a finished report is labelled interim\n%s", buf.String())
			}
		})
	}
}

func TestRenderHistory(t *testing.T) {
	ss := []*bot.MockSession{
		{ID: 2, State: bot.SessionPaused, Track: "go-backend", Plan: make([]string, 6), Current: 2, CreatedAt: time.Date(2025, 3, 2, 8, 0, 0, 0, time.UTC)},
		{ID: 1, State: bot.SessionFinished, Track: "go-backend", Plan: make([]string, 6), Current: 6, Report: &bot.Report{Overall: 8.4, Verdict: bot.VerdictStrongHire}},
	}
	var buf bytes.Buffer
	if err := RenderHistory(&buf, ss, bot.LangEN); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("history has %d lines, want header + 2\n%s", len(lines), buf.String())
	}
	for i, want := range [][]string{{"ID", "VERDICT"}, {"2", "paused", "2/6", "-"}, {"1", "finished", "6/6", "8.4", "Strong hire"}} {
		for _, w := range want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("line %d = %q, want it to contain %q", i, lines[i], w)
			}
		}
	}
	buf.Reset()
	RenderHistory(&buf, nil, bot.LangZH)
	if !strings.Contains(buf.String(), "还没有模拟面试记录") {
		t.Errorf("empty history = %q", buf.String())
	}
}
