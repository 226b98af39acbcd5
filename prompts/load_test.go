package prompts

import (
	"errors"
	"fmt"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

// want is one expected problem: its exact place and a part of its message.
type want struct {
	file string
	line int
	msg  string
}

func TestLoadFS_Broken(t *testing.T) {
	tests := []struct {
		dir  string // under testdata/broken
		want []want
	}{
		{"missing-field", []want{{"q.yaml", 3, `questions[0]: missing required field "track"`}}},
		{"bad-topic", []want{{"q.yaml", 5, `unknown topic "go-rutime" (did you mean "go-runtime"?)`}}},
		{"duplicate-id", []want{{"b.yaml", 3, `duplicate id "sample-question" (first defined at a.yaml:3)`}}},
		{"unknown-field", []want{
			{"q.yaml", 6, `unknown field "dificulty" (did you mean "difficulty"?)`},
			{"q.yaml", 3, `missing required field "difficulty"`},
		}},
		{"bad-yaml", []want{{"q.yaml", 9, "not valid YAML: did not find expected ',' or ']'"}}},
		{"too-few-key-points", []want{{"q.yaml", 13, "rubric.key_points: 2 key points, want 3 to 8"}}},
		{"invalid-utf8", []want{{"q.yaml", 9, "invalid UTF-8 at byte 220"}}},
		{"control-char", []want{{"q.yaml", 10, "character U+0000 at byte 262 is not allowed"}}},
		{"phrase-not-in-reference", []want{{"q.yaml", 19, "rubric.key_points[1]: none of its phrases appears in the reference answer"}}},
		{"misconception-in-reference", []want{{"q.yaml", 39, `phrase "goroutine is an os thread" appears in reference.en`}}},
		{"no-misconception", []want{{"q.yaml", 31, "rubric.misconceptions: want at least 1 misconception"}}},
		{"empty-text", []want{{"q.yaml", 10, "questions[0].question.en: is empty"}}},
		{"bad-difficulty", []want{{"q.yaml", 6, `difficulty: got "4", want an integer from 1 to 3`}}},
		{"bad-weight", []want{{"q.yaml", 20, `key_points[1].weight: got "0", want a number > 0`}}},
		{"duplicate-phrase", []want{{"q.yaml", 30, `duplicate phrase "轻量级线程" (also questions[0].rubric.key_points[0].phrases[0])`}}},
		{"duplicate-key", []want{{"q.yaml", 8, `field "track" is repeated`}}},
		{"bad-id", []want{{"q.yaml", 3, `"Sample_Question" is not kebab-case`}}},
		{"too-many-follow-ups", []want{{"q.yaml", 44, "follow_ups: 4 follow-ups, want 1 to 3"}}},
		{"alias", []want{{"a.yaml", 7, "tags[0]: want text, got an alias (*t; anchors and aliases are not supported"}}},
		{"two-documents", []want{{"q.yaml", 46, "a second YAML document"}}},
		{"empty-file", []want{{"q.yaml", 1, "empty file"}}},
		{"not-a-list", []want{{"q.yaml", 2, "questions: want a list, got a mapping"}}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			qs, problems := LoadFS(os.DirFS(path.Join("testdata/broken", tt.dir)))
			if qs != nil {
				t.Errorf("got %d questions alongside problems, want none", len(qs))
			}
			assertProblems(t, problems, tt.want)
		})
	}
}

func assertProblems(tb testing.TB, got []Problem, want []want) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), Problems(got))
	}
	for i, w := range want {
		if got[i].File != w.file || got[i].Line != w.line || !strings.Contains(got[i].Message, w.msg) {
			tb.Errorf("problem %d:\ngot  %s\nwant %s:%d: ...%s...", i, got[i], w.file, w.line, w.msg)
		}
	}
}

func TestLoadFS_Valid(t *testing.T) {
	qs, problems := LoadFS(os.DirFS("testdata/valid"))
	if len(problems) > 0 {
		t.Fatalf("got problems:\n%s", Problems(problems))
	}
	if len(qs) != 1 {
		t.Fatalf("got %d questions, want 1", len(qs))
	}
	q := qs[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", q.ID, "sample-question"},
		{"source", q.Source, "basic.yaml:3"},
		{"topic", q.Topic, "go-runtime"},
		{"difficulty", q.Difficulty, 1},
		{"tags", strings.Join(q.Tags, ","), "sample"},
		{"question.zh", q.Text.ZH, "什么是 goroutine？"},
		{"key points", len(q.Rubric.KeyPoints), 3},
		{"total weight", q.Rubric.TotalWeight(), 4.0},
		{"first phrases", strings.Join(q.Rubric.KeyPoints[0].Phrases, "|"), "轻量级线程|lightweight thread"},
		{"misconception", q.Rubric.Misconceptions[0].ID, "os-thread"},
		{"follow-ups", len(q.FollowUps), 1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(q.Rubric.Version) {
		t.Errorf("rubric version: got %q, want 12 hex digits", q.Rubric.Version)
	}
}

func TestRubricVersion(t *testing.T) {
	base := MustReadFile(t, "testdata/valid/basic.yaml")
	tests := []struct {
		name        string
		old, new    string
		wantChanged bool
	}{
		{"same content", "", "", false},
		{"comment edit", "# A small valid", "# A tiny valid", false},
		{"reference edit", "and the go keyword starts one.", "and the go keyword starts one!", false},
		{"phrase edit", `"small stack"`, `"tiny stack"`, true},
		{"weight edit", "weight: 2", "weight: 3", true},
		{"correction edit", "Many goroutines share a few threads", "Many goroutines share few threads", true},
	}
	want := MustDecodeOne(t, base).Rubric.Version
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edited := strings.Replace(base, tt.old, tt.new, 1)
			if edited == base && tt.old != "" {
				t.Fatalf("edit %q not found in the base file", tt.old)
			}
			got := MustDecodeOne(t, edited).Rubric.Version
			if changed := got != want; changed != tt.wantChanged {
				t.Errorf("version %s -> %s: changed=%v, want %v", want, got, changed, tt.wantChanged)
			}
		})
	}
}

func TestLoadDir(t *testing.T) {
	t.Run("problems carry the directory", func(t *testing.T) {
		dir := "testdata/broken/missing-field"
		qs, err := LoadDir(dir)
		var problems Problems
		if qs != nil || !errors.As(err, &problems) {
			t.Fatalf("got %d questions and error %v, want a Problems error", len(qs), err)
		}
		if got, want := problems[0].String(), dir+`/q.yaml:3: questions[0]: missing required field "track"`; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("missing directory", func(t *testing.T) {
		_, err := LoadDir("testdata/no-such-dir")
		var problems Problems
		if !errors.As(err, &problems) || problems[0].File != "testdata/no-such-dir" || problems[0].Line != 0 {
			t.Fatalf("got %v, want one whole-directory problem", err)
		}
	})
	t.Run("no yaml files", func(t *testing.T) {
		_, err := LoadDir(t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "no question files") {
			t.Fatalf("got %v, want a no question files error", err)
		}
	})
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{"a.yaml", 7, "boom"}, "a.yaml:7: boom"},
		{Problem{"dir", 0, "cannot read"}, "dir: cannot read"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

// minBankSize is the least the built-in bank must hold: enough for a daily
// question on working days for four months without a repeat.
const minBankSize = 80

func TestLoad_Embedded(t *testing.T) {
	qs, err := Load()
	if err != nil {
		t.Fatalf("embedded bank: %v", err)
	}
	if len(qs) < minBankSize {
		t.Errorf("got %d questions, want at least %d", len(qs), minBankSize)
	}
	for _, q := range qs {
		if !strings.HasPrefix(q.Source, EmbeddedDir+"/") {
			t.Errorf("%s: source %q, want it under %s", q.ID, q.Source, EmbeddedDir)
		}
		texts := map[string]bot.Text{"question": q.Text, "reference": q.Reference}
		for _, kp := range q.Rubric.KeyPoints {
			texts["key point "+kp.ID] = kp.Point
		}
		for _, mc := range q.Rubric.Misconceptions {
			texts["wrong "+mc.ID] = mc.Wrong
			texts["correction "+mc.ID] = mc.Correction
		}
		for i, f := range q.FollowUps {
			texts[fmt.Sprintf("follow-up %d", i+1)] = f
		}
		for name, txt := range texts {
			if txt.ZH == "" || txt.EN == "" {
				t.Errorf("%s: %s is missing a language: %v", q.ID, name, txt)
			}
		}
	}
}

func TestLint_Embedded(t *testing.T) {
	if problems := Lint(Files()); len(problems) > 0 {
		t.Errorf("got problems in the embedded bank:\n%s", Problems(problems))
	}
}

// MustReadFile returns the content of a test file.
func MustReadFile(tb testing.TB, name string) string {
	tb.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

// MustDecodeOne decodes a file that must hold exactly one valid question.
func MustDecodeOne(tb testing.TB, content string) *bot.Question {
	tb.Helper()
	entries, problems := decodeFile("t.yaml", []byte(content))
	if len(problems) > 0 || len(entries) != 1 {
		tb.Fatalf("got %d questions and problems:\n%s", len(entries), Problems(problems))
	}
	return entries[0].q
}
