package grading

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode"

	"github.com/interviewbot/interviewbot/bot"
)

// maxDerivedPoints caps the key points derived from one reference, the same
// bound the bank's linter puts on written rubrics.
const maxDerivedPoints = 8

// ReferenceRubric derives a rubric from a model answer when a question has
// none (imported banks, the calibration sets): each sentence or, in a long
// sentence, each clause becomes a key point weighted by how much it says, and
// the clause itself is its phrase. Matching is partial, so an answer that
// states most of a clause in other words still earns most of its credit.
func ReferenceRubric(reference string, lang bot.Lang) bot.Rubric {
	clauses := splitClauses(reference)
	clauses = mergeClauses(clauses, maxDerivedPoints)
	r := bot.Rubric{Version: "ref-" + shortHash(reference)}
	for i, c := range clauses {
		var point bot.Text
		if lang == bot.LangZH {
			point.ZH = c
		} else {
			point.EN = c
		}
		r.KeyPoints = append(r.KeyPoints, bot.KeyPoint{
			ID:      fmt.Sprintf("ref-%d", i+1),
			Weight:  float64(contentSize(c)),
			Point:   point,
			Phrases: []string{c},
		})
	}
	return r
}

// splitClauses cuts text at sentence ends, and long sentences at commas.
func splitClauses(text string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(".;!?。；！？\n", r) }) {
		s = strings.TrimSpace(s)
		if contentSize(s) > 14 {
			for _, c := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",，、:：", r) }) {
				if c = strings.TrimSpace(c); contentSize(c) >= 2 {
					out = append(out, c)
				}
			}
			continue
		}
		if contentSize(s) >= 2 {
			out = append(out, s)
		}
	}
	if len(out) == 0 && strings.TrimSpace(text) != "" {
		out = append(out, strings.TrimSpace(text))
	}
	return out
}

// mergeClauses joins the smallest neighbours until at most n remain, so a
// reference of twenty short clauses still yields a readable rubric.
func mergeClauses(cs []string, n int) []string {
	for len(cs) > n {
		best := 0
		for i := 1; i < len(cs)-1; i++ {
			if contentSize(cs[i])+contentSize(cs[i+1]) < contentSize(cs[best])+contentSize(cs[best+1]) {
				best = i
			}
		}
		cs[best] = cs[best] + "，" + cs[best+1]
		cs = append(cs[:best+1], cs[best+2:]...)
	}
	return cs
}

// contentSize estimates the words in s without a dictionary: a Latin word
// counts one, two Chinese characters count one.
func contentSize(s string) int {
	han, words, inWord := 0, 0, false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inWord {
				words++
			}
			inWord = true
		default:
			inWord = false
		}
	}
	return words + (han+1)/2
}

func shortHash(parts ...string) string {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return fmt.Sprintf("%016x", h.Sum64())[:12]
}
