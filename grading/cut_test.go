package grading

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/interviewbot/interviewbot/prompts"
)

// hanRuns returns the runs of Han characters of text, as the scanner cuts them.
func hanRuns(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return !unicode.Is(unicode.Han, r) })
}

// TestCutMatchesGse checks that cut segments exactly as gse's Cut does, on
// every Han run of the bank and on random runs mixing the bank's characters
// with dictionary words glued together: cut replaces Cut for speed only.
func TestCutMatchesGse(t *testing.T) {
	qs, err := prompts.Load()
	if err != nil {
		t.Fatalf("prompts.Load: %v", err)
	}
	a := NewAnalyzer(nil)
	seg, err := a.seg.get()
	if err != nil {
		t.Fatal(err)
	}
	var runs []string
	for _, q := range qs {
		texts := []string{q.Text.ZH, q.Reference.ZH}
		for _, kp := range q.Rubric.KeyPoints {
			texts = append(texts, kp.Point.ZH)
			texts = append(texts, kp.Phrases...)
		}
		for _, m := range q.Rubric.Misconceptions {
			texts = append(texts, m.Wrong.ZH, m.Correction.ZH)
		}
		for _, text := range texts {
			runs = append(runs, hanRuns(text)...)
		}
	}
	// Random runs: characters and words of the bank in random order, so the
	// paths cross word boundaries the bank never has.
	var chars []rune
	for _, r := range strings.Join(runs, "") {
		chars = append(chars, r)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			if rng.IntN(3) == 0 {
				b.WriteString(runs[rng.IntN(len(runs))])
			} else {
				b.WriteRune(chars[rng.IntN(len(chars))])
			}
		}
		runs = append(runs, b.String())
	}
	sc := &cutScratch{}
	words := 0
	for _, run := range runs {
		got, err := a.seg.cut(run, sc)
		if err != nil {
			t.Fatal(err)
		}
		want := seg.Cut(run)
		if !slices.Equal(got, want) {
			t.Errorf("cut(%q) = %q, gse Cut = %q", run, got, want)
		}
		words += len(want)
	}
	if words < 10000 {
		t.Errorf("only %d words compared: the bank did not load", words)
	}
}
