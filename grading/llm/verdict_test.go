package llm

import (
	"errors"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

func TestParseVerdict(t *testing.T) {
	const ok = `{"key_points":[{"id":"a","status":"covered","evidence":"stack grows"}],"misconceptions":[],"strengths":[],"gaps":[],"suggestions":[],"score":80}`
	tests := []struct {
		name, content string
		wantErr       bool
	}{
		{"plain", ok, false},
		{"fenced", "```json\n" + ok + "\n```", false},
		{"think block", "<think>let me see</think>\n" + ok, false},
		{"truncated", ok[:40], true},
		{"prose", "The answer is good.", true},
		{"unknown field", `{"key_points":[],"score":1,"bonus":true}`, true},
		{"two objects", ok + ok, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseVerdict(tt.content)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseVerdict err = %v, want error %t", err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, errMalformed) {
				t.Errorf("error %v is not errMalformed", err)
			}
		})
	}
}

func TestVerdictValidate(t *testing.T) {
	points, miscons := []string{"a", "b"}, []string{"m"}
	tests := []struct {
		name    string
		v       verdict
		wantErr bool
	}{
		{"good", verdict{KeyPoints: []pointVerdict{{ID: "a", Status: statusCovered}, {ID: "b", Status: statusMissing}}, Score: 50}, false},
		{"omitted point is fine", verdict{KeyPoints: []pointVerdict{{ID: "a", Status: statusPartial}}}, false},
		{"unknown point", verdict{KeyPoints: []pointVerdict{{ID: "z", Status: statusCovered}}}, true},
		{"duplicate point", verdict{KeyPoints: []pointVerdict{{ID: "a", Status: statusCovered}, {ID: "a", Status: statusMissing}}}, true},
		{"bad status", verdict{KeyPoints: []pointVerdict{{ID: "a", Status: "excellent"}}}, true},
		{"unknown misconception", verdict{Misconceptions: []misVerdict{{ID: "x"}}}, true},
		{"score too high", verdict{Score: 101}, true},
		{"score negative", verdict{Score: -1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.v.validate(points, miscons)
			if (err != nil) != tt.wantErr {
				t.Errorf("validate err = %v, want error %t", err, tt.wantErr)
			}
		})
	}
}

func TestVerifyEvidence(t *testing.T) {
	answer := "The goroutine STACK starts small\n   and grows by copying.  写屏障保证三色不变式。"
	tests := []struct {
		name       string
		status     string
		evidence   string
		wantCredit float64
	}{
		{"exact", statusCovered, "starts small", 1},
		{"rewrapped and recased", statusCovered, "stack starts small and grows", 1},
		{"quoted with ellipsis", statusCovered, "“grows by copying…”", 1},
		{"chinese term", statusPartial, "写屏障", 0.5},
		{"invented", statusCovered, "the answer explains escape analysis", 0},
		{"too short", statusCovered, "st", 0},
		{"punctuation only", statusCovered, "。。。", 0},
		{"empty", statusCovered, "", 0},
		{"missing stays missing", statusMissing, "starts small", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := verdict{KeyPoints: []pointVerdict{{ID: "p", Status: tt.status, Evidence: tt.evidence}}}
			if got := v.verify(answer).credit["p"]; got != tt.wantCredit {
				t.Errorf("credit = %v, want %v", got, tt.wantCredit)
			}
		})
	}
	v := verdict{Misconceptions: []misVerdict{{ID: "real", Evidence: "grows by copying"}, {ID: "fake", Evidence: "stacks are fixed"}}}
	c := v.verify(answer)
	if len(c.miscons) != 1 || c.miscons[0] != "real" || c.dropped != 1 {
		t.Errorf("misconceptions = %v dropped %d, want [real] and 1 dropped", c.miscons, c.dropped)
	}
}

func TestCombine(t *testing.T) {
	r := bot.Rubric{
		KeyPoints:      []bot.KeyPoint{{ID: "a", Weight: 2}, {ID: "b", Weight: 1}, {ID: "c", Weight: 1}},
		Misconceptions: []bot.Misconception{{ID: "m1"}, {ID: "m2"}},
	}
	tests := []struct {
		name      string
		rub       bot.Grade
		credit    map[string]float64
		miscons   []string
		wantScore int
		wantLLM   int
	}{
		{"llm adds a paraphrase", bot.Grade{Score: 50, Covered: []string{"a"}}, map[string]float64{"b": 1}, nil, 75, 25},
		{"rubric higher stays", bot.Grade{Score: 70, Covered: []string{"a"}}, map[string]float64{}, nil, 70, 0},
		{"partial counts half", bot.Grade{Score: 0}, map[string]float64{"a": 0.5}, nil, 25, 25},
		{"raise is bounded", bot.Grade{Score: 10}, map[string]float64{"a": 1, "b": 1, "c": 1}, nil, 50, 100},
		{"llm misconception lowers", bot.Grade{Score: 60, Covered: []string{"a"}}, map[string]float64{}, []string{"m1"}, 40, 0},
		{"shared misconception charged once", bot.Grade{Score: 30, Covered: []string{"a"}, Misconceptions: []string{"m1"}}, map[string]float64{}, []string{"m1"}, 30, 0},
		{"never below zero", bot.Grade{Score: 5}, map[string]float64{}, []string{"m1", "m2"}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := combine(r, &tt.rub, checked{credit: tt.credit, miscons: tt.miscons})
			if got.score != tt.wantScore || got.llm != tt.wantLLM {
				t.Errorf("score, llm = %d, %d; want %d, %d", got.score, got.llm, tt.wantScore, tt.wantLLM)
			}
		})
	}
}

func TestSchemaForLeavesBaseAlone(t *testing.T) {
	base, err := verdictSchema()
	if err != nil {
		t.Fatalf("verdictSchema: %v", err)
	}
	narrowed := schemaFor(base, []string{"a"}, nil)
	if got := narrowed.Defs["pointVerdict"].Properties["id"].Enum; len(got) != 1 || got[0] != "a" {
		t.Errorf("narrowed id enum = %v, want [a]", got)
	}
	if got := base.Defs["pointVerdict"].Properties["id"].Enum; got != nil {
		t.Errorf("base schema changed: id enum = %v", got)
	}
	if got := narrowed.Defs["misVerdict"].Properties["id"].Enum; got != nil {
		t.Errorf("misconception enum = %v, want none for an empty list", got)
	}
}
