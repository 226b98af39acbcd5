package main

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

// gradeOut is one output line of grade --jsonl, as the calibration tool and
// other consumers read it.
type gradeOut struct {
	ID             string   `json:"id"`
	Score          *int     `json:"score"`
	Stars          int      `json:"stars"`
	Covered        []string `json:"covered"`
	Missing        []string `json:"missing"`
	Misconceptions []string `json:"misconceptions"`
	Error          string   `json:"error"`
}

// MustRunGrade runs `interviewbot grade --jsonl` in-process on the given
// input lines and returns its output lines, keyed by id, and their raw form.
func MustRunGrade(tb testing.TB, lines ...string) (map[string]gradeOut, []map[string]json.RawMessage) {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	env := &Env{Stdin: strings.NewReader(strings.Join(lines, "\n") + "\n"), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := run(context.Background(), env, []string{"grade", "--jsonl"}); code != 0 {
		tb.Fatalf("grade --jsonl exited %d; stderr: %s", code, stderr.String())
	}
	byID := make(map[string]gradeOut)
	var raw []map[string]json.RawMessage
	for _, l := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		var g gradeOut
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(l), &g); err != nil {
			tb.Fatalf("output line %q is not JSON: %v", l, err)
		}
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			tb.Fatalf("output line %q is not a JSON object: %v", l, err)
		}
		byID[g.ID] = g
		raw = append(raw, m)
	}
	return byID, raw
}

func jsonLine(tb testing.TB, v map[string]any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestGradeJSONL(t *testing.T) {
	inline := map[string]any{
		"version": "t1",
		"key_points": []map[string]any{
			{"id": "entities", "weight": 3, "point": map[string]string{"en": "G is a goroutine, M is an OS thread, P is a logical processor"}, "phrases": []string{"logical processor", "os thread"}},
			{"id": "stealing", "weight": 2, "point": map[string]string{"en": "An idle P steals half of another P's goroutines"}, "phrases": []string{"work stealing"}},
		},
		"misconceptions": []map[string]any{
			{"id": "p-is-cpu", "wrong": map[string]string{"en": "P is a physical CPU core"}, "correction": map[string]string{"en": "P is a scheduler resource"}, "phrases": []string{"P is a cpu core"}},
		},
	}
	reference := "A mutex lets one goroutine at a time into a critical section; Lock blocks until the holder calls Unlock."
	lines := []string{
		jsonLine(t, map[string]any{"id": "bank", "rubric": "conc-goroutine-leak", "lang": "en",
			"answer": "A goroutine leaks when it can never exit: the caller times out, nobody receives from the result channel and the sender blocks forever. Pass ctx and select on ctx.Done(), give one-shot result channels a buffer of one, and watch runtime.NumGoroutine and the pprof goroutine profile."}),
		jsonLine(t, map[string]any{"id": "inline", "question": "Explain Go's GMP scheduler.", "rubric": inline,
			"answer": "G is a goroutine, M is an OS thread and P is a logical processor; P is a CPU core."}),
		`{"id": "broken", "answer": `,
		jsonLine(t, map[string]any{"id": "reference-good", "question": "What does a mutex do?", "reference": reference, "answer": reference}),
		jsonLine(t, map[string]any{"id": "reference-poor", "question": "What does a mutex do?", "reference": reference, "answer": "It makes programs faster by caching values."}),
		jsonLine(t, map[string]any{"id": "unknown", "rubric": "no-such-question", "answer": "anything"}),
		jsonLine(t, map[string]any{"id": "nothing", "question": "What does a mutex do?", "answer": "It locks."}),
	}
	got, raw := MustRunGrade(t, lines...)
	if len(raw) != len(lines) {
		t.Fatalf("%d output lines for %d input lines", len(raw), len(lines))
	}

	t.Run("fields", func(t *testing.T) {
		for _, m := range raw {
			if _, ok := m["error"]; ok {
				continue
			}
			for _, f := range []string{"id", "score", "stars", "covered", "missing", "misconceptions"} {
				v, ok := m[f]
				if !ok || string(v) == "null" {
					t.Errorf("output %v: field %q missing or null", m, f)
				}
			}
		}
	})
	tests := []struct {
		id                 string
		minScore, maxScore int
		covered, mis       []string
		err                string // a substring of the error line, "" for a grade
	}{
		{id: "bank", minScore: 40, maxScore: 100, covered: []string{"blocked-channel", "prevention", "detection"}},
		{id: "inline", minScore: 0, maxScore: 60, covered: []string{"entities"}, mis: []string{"p-is-cpu"}},
		{id: "line-3", err: "line 3 is not a JSON object"},
		{id: "reference-good", minScore: 80, maxScore: 100},
		{id: "reference-poor", minScore: 0, maxScore: 20},
		{id: "unknown", err: "no-such-question"},
		{id: "nothing", err: "rubric"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			g, ok := got[tt.id]
			if !ok {
				t.Fatalf("no output line with id %q (got %v)", tt.id, got)
			}
			if tt.err != "" {
				if !strings.Contains(g.Error, tt.err) || g.Score != nil {
					t.Errorf("output %+v: want an error line mentioning %q and no score", g, tt.err)
				}
				return
			}
			if g.Error != "" || g.Score == nil {
				t.Fatalf("output %+v: want a grade", g)
			}
			if *g.Score < tt.minScore || *g.Score > tt.maxScore {
				t.Errorf("score %d, want %d..%d", *g.Score, tt.minScore, tt.maxScore)
			}
			if g.Stars != bot.StarsFor(*g.Score) {
				t.Errorf("stars %d for score %d, want %d", g.Stars, *g.Score, bot.StarsFor(*g.Score))
			}
			for _, id := range tt.covered {
				if !slices.Contains(g.Covered, id) {
					t.Errorf("covered %v, want %q among them", g.Covered, id)
				}
			}
			if !slices.Equal(g.Misconceptions, orEmpty(tt.mis)) {
				t.Errorf("misconceptions %v, want %v", g.Misconceptions, tt.mis)
			}
		})
	}
	if !(*got["reference-good"].Score > *got["reference-poor"].Score) {
		t.Errorf("reference only: the reference itself %d, an unrelated answer %d: want the reference higher", *got["reference-good"].Score, *got["reference-poor"].Score)
	}
}

func TestGradeNeedsJSONL(t *testing.T) {
	var stdout, stderr bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := run(context.Background(), env, []string{"grade"}); code == 0 {
		t.Errorf("grade without --jsonl exited 0, want an error")
	}
	if !strings.Contains(stderr.String(), "--jsonl") {
		t.Errorf("stderr %q does not say how to call it", stderr.String())
	}
}
