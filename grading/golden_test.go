package grading

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/prompts"
)

// updateGolden rewrites testdata/golden.jsonl from the current scorer. Use
// it only for a change that is meant to move scores (and bump Version).
var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden.jsonl")

// goldenCase is one grading of the golden set, as recorded.
type goldenCase struct {
	Name           string   `json:"name"`
	Score          int      `json:"score"`
	Covered        []string `json:"covered,omitempty"`
	Missing        []string `json:"missing,omitempty"`
	Misconceptions []string `json:"misconceptions,omitempty"`
	Flags          []string `json:"flags,omitempty"`
	Summary        string   `json:"summary"`
}

// goldenAnswer is one answer of the golden set and what it is graded against.
type goldenAnswer struct {
	name   string
	q      *bot.Question
	answer string
	lang   bot.Lang
}

// goldenAnswers builds the golden set from the embedded bank: for every
// question and both languages, the reference, half of the key points, that
// half plus each misconception, the reference of the next question of the
// topic, and a mixed-language answer; and, like the calibration sets, the
// same question without its rubric (key points derived from the reference)
// graded with the half answer, the reference's first half, and the other
// question's reference. Plus the guards' cases and a truncated answer.
func goldenAnswers(tb testing.TB) []goldenAnswer {
	tb.Helper()
	qs, err := prompts.Load()
	if err != nil {
		tb.Fatalf("prompts.Load: %v", err)
	}
	var out []goldenAnswer
	add := func(name string, q *bot.Question, answer string, lang bot.Lang) {
		out = append(out, goldenAnswer{name: name, q: q, answer: answer, lang: lang})
	}
	for i, q := range qs {
		other := qs[(i+1)%len(qs)]
		for j := i + 1; j < len(qs); j++ {
			if qs[j].Topic == q.Topic {
				other = qs[j]
				break
			}
		}
		derived := *q
		derived.Rubric = bot.Rubric{}
		for _, lang := range []bot.Lang{bot.LangZH, bot.LangEN} {
			id := q.ID + "/" + string(lang)
			ref := q.Reference.In(lang)
			var half []string
			for k, kp := range q.Rubric.KeyPoints {
				if k%2 == 0 {
					half = append(half, kp.Point.In(lang))
				}
			}
			partial := strings.Join(half, sep(lang))
			add(id+"/reference", q, ref, lang)
			add(id+"/half", q, partial, lang)
			for _, m := range q.Rubric.Misconceptions {
				add(id+"/misconception/"+m.ID, q, partial+sep(lang)+m.Wrong.In(lang), lang)
			}
			add(id+"/other/"+other.ID, q, other.Reference.In(lang), lang)
			add(id+"/mixed", q, q.Reference.ZH+" "+q.Reference.EN, "")
			add(id+"/detect", q, ref, "")
			add(id+"/derived/reference", &derived, ref, lang)
			add(id+"/derived/half", &derived, partial, lang)
			add(id+"/derived/first-half", &derived, truncateUTF8(ref, len(ref)/2), lang)
			add(id+"/derived/other/"+other.ID, &derived, other.Reference.In(lang), lang)
		}
	}
	q := qs[0]
	for _, c := range [][2]string{
		{"empty", "  "},
		{"noise", "asdfgh qwrtzp xkcdvb lkjhgf"},
		{"repeated", "哈哈哈哈哈哈哈哈哈哈哈哈哈哈"},
		{"kana", "これは日本語の回答ですよろしくお願いします"},
		{"copy", q.Text.ZH},
		{"short", "调度"},
		{"offtopic", "我喜欢周末去爬山，山上的风景很好，空气也很清新，还能看到很多小动物。"},
		{"truncated", strings.Repeat(q.Reference.ZH+" ", 8<<10/max(1, len(q.Reference.ZH))+2)},
		{"bigo", "查找是 O(log n)，插入 O（1），栈初始 2KB，超时 10 毫秒，3 seconds, HTTP/2 and sync.Pool"},
	} {
		add("guard/"+c[0], q, c[1], "")
	}
	return out
}

// TestGolden grades the golden set and compares every score, covered and
// missing point, misconception, flag and summary with testdata/golden.jsonl,
// written by the scorer before its speed-ups: a change meant only to make
// grading faster must not move any of them.
func TestGolden(t *testing.T) {
	s := sharedScorer()
	var got bytes.Buffer
	enc := json.NewEncoder(&got)
	enc.SetEscapeHTML(false)
	for _, a := range goldenAnswers(t) {
		g := MustGrade(t, s, a.q, a.answer, a.lang)
		if err := enc.Encode(goldenCase{
			Name: a.name, Score: g.Score, Covered: g.Covered, Missing: g.Missing,
			Misconceptions: g.Misconceptions, Flags: g.Flags, Summary: g.Review.Summary,
		}); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join("testdata", "golden.jsonl")
	if *updateGolden {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (generate it with -update-golden): %v", err)
	}
	gotLines := strings.Split(got.String(), "\n")
	wantLines := strings.Split(string(want), "\n")
	if len(gotLines) != len(wantLines) {
		t.Errorf("%d gradings, golden file has %d", len(gotLines), len(wantLines))
	}
	diffs := 0
	for i := range min(len(gotLines), len(wantLines)) {
		if gotLines[i] != wantLines[i] {
			diffs++
			if diffs <= 10 {
				t.Errorf("grading %d differs:\ngot  %s\nwant %s", i, gotLines[i], wantLines[i])
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d of %d gradings differ from %s", diffs, len(wantLines), path)
	}
	if len(gotLines) < 500 {
		t.Errorf("only %d gradings: the bank did not load fully", len(gotLines))
	}
}
