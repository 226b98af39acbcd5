package llm

import (
	"slices"
	"strings"
	"unicode"
)

// minEvidenceRunes is the shortest quote accepted as evidence: a Chinese
// term is two or three characters ("写屏障"); anything shorter ("a", "的")
// occurs in every answer and proves nothing.
const minEvidenceRunes = 3

// checked is a verdict after its evidence was verified against the answer.
type checked struct {
	credit  map[string]float64 // key point id -> 0, 0.5 or 1
	miscons []string           // misconception ids with a real quote
	dropped int                // credits and misconceptions dropped for want of a quote
}

// verify keeps only what the answer backs with a quote: a covered or partial
// point whose evidence does not occur in the answer counts as missing, and a
// misconception without a quote is not charged.
func (v *verdict) verify(answer string) checked {
	hay := normalize(answer)
	c := checked{credit: map[string]float64{}}
	for _, p := range v.KeyPoints {
		credit := 0.0
		switch p.Status {
		case statusCovered:
			credit = 1
		case statusPartial:
			credit = 0.5
		}
		if credit > 0 && !quoted(hay, p.Evidence) {
			credit = 0
			c.dropped++
		}
		c.credit[p.ID] = credit
	}
	for _, m := range v.Misconceptions {
		if !quoted(hay, m.Evidence) {
			c.dropped++
			continue
		}
		if !slices.Contains(c.miscons, m.ID) {
			c.miscons = append(c.miscons, m.ID)
		}
	}
	return c
}

// quoted reports whether evidence, normalised, occurs in the normalised
// answer hay and is long enough to mean something.
func quoted(hay, evidence string) bool {
	e := normalize(strings.Trim(strings.TrimSpace(evidence), "\"'“”‘’「」『』…."))
	n, letters := 0, 0
	for _, r := range e {
		n++
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			letters++
		}
	}
	return n >= minEvidenceRunes && letters > 0 && strings.Contains(hay, e)
}

// normalize lowercases s and collapses every run of white space into one
// space, so a quote that rewraps lines or changes case still matches.
func normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
