package grading

import (
	"unicode/utf8"
)

// phrase is one way of stating an idea, analysed: its terms and how much each
// counts. Terms the question already uses count less ("question demoting"):
// repeating the question is no evidence of knowing the answer.
type phrase struct {
	terms []string
	w     []float64
	total float64
	neg   bool // the phrase itself contains a negation
}

// newPhrase weighs the terms of d. question holds the question's terms.
func newPhrase(d *Doc, question *Doc) phrase {
	p := phrase{neg: len(d.Neg) > 0}
	seen := make(map[string]bool, len(d.Terms))
	for _, t := range d.Terms {
		if seen[t] {
			continue
		}
		seen[t] = true
		w := termWeight(t)
		if question != nil && question.Has(t) {
			w *= cfg.questionDemote
		}
		p.terms = append(p.terms, t)
		p.w = append(p.w, w)
		p.total += w
	}
	return p
}

// termWeight is how much a term says on its own: technical terms and numbers
// with units say more than one Chinese character.
func termWeight(t string) float64 {
	switch {
	case techCanon[t]:
		return 1.5
	case utf8.RuneCountInString(t) == 1 && t[0] >= 0x80:
		return 0.5
	}
	return 1
}

// termCredit is how far the answer contains term t: 1 when it does, a part
// when it contains a near form (a typo, a different segmentation of the same
// Chinese characters), 0 otherwise.
func termCredit(t string, a *Doc) float64 {
	if a.Has(t) {
		return 1
	}
	if t[0] >= 0x80 {
		return hanCredit(t, a)
	}
	if len(t) >= 5 {
		return latinCredit(t, a)
	}
	return 0
}

// hanCredit is the share of the term's character pairs found in the answer,
// counted only from half up, so 存储空间 meets 存储 空间 and 空间存储 does not
// score as much.
func hanCredit(t string, a *Doc) float64 {
	if a.Bigrams == nil {
		return 0
	}
	var prev rune
	pairs, found := 0, 0
	for _, r := range t {
		if prev != 0 {
			pairs++
			if _, ok := a.Bigrams[uint64(prev)<<32|uint64(r)]; ok {
				found++
			}
		}
		prev = r
	}
	if pairs == 0 {
		return 0
	}
	share := float64(found) / float64(pairs)
	if share < 0.5 {
		return 0
	}
	return share * cfg.fuzzyCredit
}

// latinCredit gives part credit for an answer term one edit away (two for
// long words) or sharing a long prefix: misspellings and forms the stemmer
// does not fold ("implementation" / "implement").
func latinCredit(t string, a *Doc) float64 {
	best := 0.0
	for _, x := range a.Terms {
		if len(x) < 4 || x[0] != t[0] || x[0] >= 0x80 {
			continue
		}
		if c := similar(t, x); c > best {
			best = c
			if best >= cfg.fuzzyCredit {
				break
			}
		}
	}
	return best
}

func similar(a, b string) float64 {
	if d := len(a) - len(b); d > 2 || d < -2 {
		p := commonPrefix(a, b)
		if p >= 6 && p*10 >= 8*min(len(a), len(b)) {
			return cfg.fuzzyCredit
		}
		return 0
	}
	limit := 1
	if min(len(a), len(b)) >= 8 {
		limit = 2
	}
	if editWithin(a, b, limit) {
		return cfg.fuzzyCredit
	}
	if p := commonPrefix(a, b); p >= 6 && p*10 >= 8*min(len(a), len(b)) {
		return cfg.fuzzyCredit
	}
	return 0
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// editWithin reports whether the Levenshtein distance of two short ASCII
// words is at most limit, without allocating for words under 32 bytes.
func editWithin(a, b string, limit int) bool {
	if len(a) > 31 || len(b) > 31 {
		return a == b
	}
	var prev, cur [32]int
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return false
		}
		prev = cur
	}
	return prev[len(b)] <= limit
}

// coverage is the weighted share of the phrase's terms the answer contains,
// with part credit for near forms.
func (p phrase) coverage(a *Doc) float64 {
	if p.total == 0 {
		return 0
	}
	var got float64
	for i, t := range p.terms {
		got += p.w[i] * termCredit(t, a)
	}
	return got / p.total
}

// credit is how far the answer states the phrase, damped for short phrases:
// half of a two-word phrase ("P 的数量" → 数量) is mostly a common word, so
// partial matches of short phrases earn little.
func (p phrase) credit(a *Doc) float64 {
	c := p.coverage(a)
	if c >= 0.999 || len(p.terms) >= cfg.shortPhrase {
		return c
	}
	return c * cfg.shortPartial
}

// states reports whether the answer asserts the phrase: every term present,
// close together, and not denied by a negation nearby. It is the strict match
// misconceptions need, so an answer that says "P is not a CPU core" is not
// accused of believing "P is a CPU core".
func (p phrase) states(a *Doc) bool {
	if len(p.terms) == 0 {
		return false
	}
	pos := a.positions()
	window := 2*len(p.terms) + 3
	for _, start := range pos[p.terms[0]] {
		lo, hi := start, start
		ok := true
		for _, t := range p.terms[1:] {
			best := -1
			for _, q := range pos[t] {
				if q >= start-window && q <= start+window && (best < 0 || abs(q-start) < abs(best-start)) {
					best = q
				}
			}
			if best < 0 {
				ok = false
				break
			}
			lo, hi = min(lo, best), max(hi, best)
		}
		if !ok {
			continue
		}
		// A phrase that states a denial ("GC never stops the world") needs
		// the denial in the answer too; any other phrase must not be denied.
		if p.neg == negatedSpan(a.Neg, lo, hi) {
			return true
		}
	}
	return false
}

func negatedSpan(neg []int, lo, hi int) bool {
	for _, n := range neg {
		if n >= lo-1 && n <= hi {
			return true
		}
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// positions indexes where each term occurs, built on first use.
func (d *Doc) positions() map[string][]int {
	if d.pos == nil {
		d.pos = make(map[string][]int, len(d.Terms))
		for i, t := range d.Terms {
			d.pos[t] = append(d.pos[t], i)
		}
	}
	return d.pos
}
