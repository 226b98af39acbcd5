package grading

import (
	"slices"
	"unicode/utf8"
)

// phrase is one way of stating an idea, analysed: its terms and how much each
// counts. Terms the question already uses count less ("question demoting"):
// repeating the question is no evidence of knowing the answer.
type phrase struct {
	terms    []string
	w        []float64
	total    float64
	specific bool // a one-term phrase naming something particular (errgroup, ticker, 令牌桶)
}

// newPhrase weighs the terms of d. question holds the question's terms.
func newPhrase(d *Doc, question *Doc) phrase {
	var p phrase
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
	if len(p.terms) == 1 {
		p.specific = specificTerm(p.terms[0], question)
	}
	return p
}

// specificTerm reports whether one term alone says something particular:
// not general vocabulary of the field (stack, memory, goroutine, 内存), not
// one of the most frequent English words (version, change, return),
// not a word of the question, not one Chinese character or a two-letter
// word, not a two-character Chinese word. Such a term found in an answer shows the point was made
// ("errgroup", "ticker", "debug=2"); a general one does not.
func specificTerm(t string, question *Doc) bool {
	switch {
	case commonTerms[t], enCommon()[t], question != nil && question.Has(t):
		return false
	case t[0] >= 0x80:
		return utf8.RuneCountInString(t) >= 3 // 调用, 内存: common; 信号量, 令牌桶: particular
	}
	return len(t) >= 3
}

// termWeight is how much a term says on its own: technical terms and numbers
// with units say more than one Chinese character.
func termWeight(t string) float64 {
	switch {
	case t == "not":
		return 0.5 // needed where a phrase denies, but every answer denies something
	case techCanon[t]:
		return 1.5
	case utf8.RuneCountInString(t) == 1 && t[0] >= 0x80:
		return 0.5
	}
	return 1
}

// termCredit is how far the answer contains term t: 1 when it does, a part
// when it contains a near form (a typo, a different segmentation of the same
// Chinese characters), 0 otherwise. Terms with digits or symbols (o(nlogk),
// http2, 2kb, sync.pool) only match exactly: one character changes what they
// say.
func termCredit(t string, a *Doc) float64 {
	if a.Has(t) {
		return 1
	}
	if t[0] >= 0x80 {
		return hanCredit(t, a)
	}
	if fuzzyWord(t) {
		return latinCredit(t, a)
	}
	return 0
}

// minFuzzy is the shortest English term that gets credit for a near form:
// below it one edit is another word (read/real, stack/stock).
const minFuzzy = 6

// fuzzyWord reports whether t may match a misspelling: a plain word of
// letters, long enough that one edit rarely makes another word.
func fuzzyWord(t string) bool {
	if len(t) < minFuzzy {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < 'a' || t[i] > 'z' {
			return false
		}
	}
	return true
}

// hanCredit is the share of the term's character pairs found in the answer,
// counted only from half up, so 存储空间 meets 存储 空间 and 空间存储 does not
// score as much.
func hanCredit(t string, a *Doc) float64 {
	if a.bigrams == nil {
		return 0
	}
	var prev rune
	pairs, found := 0, 0
	for _, r := range t {
		if prev != 0 {
			pairs++
			if a.bigrams.has(bigram(prev, r)) {
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

// latinCredit gives part credit for an answer term that is a misspelling of
// t: about the same length and at most one edit in six letters
// ("goroutien", "concurency"). Words that merely share a stem's prefix
// ("complementari" / "complex", "goroutineleak" / "goroutine") differ in
// length and get nothing.
func latinCredit(t string, a *Doc) float64 {
	for _, x := range a.Terms {
		if x[0] != t[0] || !fuzzyWord(x) {
			continue
		}
		if misspelling(t, x) {
			return cfg.fuzzyCredit
		}
	}
	return 0
}

// misspelling reports whether b is a slip of the keyboard away from a: both
// at least minFuzzy letters, lengths within one, and an edit distance of at
// most one per six letters of the shorter word.
func misspelling(a, b string) bool {
	if d := len(a) - len(b); d > 1 || d < -1 {
		return false
	}
	n := min(len(a), len(b))
	if n < minFuzzy {
		return false
	}
	return editWithin(a, b, n/minFuzzy)
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
// partial matches of short phrases earn little. The phrase's words must stand
// together (see near): a long answer about something else contains most words
// of any phrase of its topic somewhere, scattered over unrelated sentences.
func (p phrase) credit(a *Doc) float64 {
	c := p.near(a)
	if len(p.terms) == 1 && !p.specific {
		// One common word ("its stack", "内存") is not evidence that the
		// point was made: it is in every answer of the topic.
		return c * cfg.commonWord
	}
	if c >= 0.999 || len(p.terms) >= cfg.shortPhrase {
		return c
	}
	return c * cfg.shortPartial
}

// near is the phrase's weighted coverage within the best window of the
// answer: terms found exactly count only when they stand within the
// phrase's length plus three terms of each other; near forms (typos, re-segmented Chinese),
// which have no position, count as in coverage.
func (p phrase) near(a *Doc) float64 {
	if p.total == 0 {
		return 0
	}
	if len(p.terms) == 1 {
		return p.coverage(a)
	}
	idx := a.index()
	span := int32(len(p.terms) + 3)
	// Look each term up once; phrases are short, so the positions usually
	// fit in an array on the stack.
	var buf [16][]int32
	pos := buf[:0]
	if len(p.terms) > len(buf) {
		pos = make([][]int32, 0, len(p.terms))
	}
	// fuzzy is the position-free credit of the terms the answer lacks.
	var fuzzy float64
	found := false
	for i, t := range p.terms {
		at := idx.positions(t)
		pos = append(pos, at)
		if at != nil {
			found = true
			continue
		}
		fuzzy += p.w[i] * termCredit(t, a)
	}
	// A phrase that denies ("没有接收者", "no timeout") is half stated by a
	// window without the denial: "需要陷入内核" is the opposite of "不需要陷入内核".
	denies := slices.Index(p.terms, "not")
	undenied := func(got float64) float64 { return got * cfg.shortPartial }
	if !found {
		if denies >= 0 {
			return undenied(fuzzy / p.total)
		}
		return fuzzy / p.total
	}
	best := 0.0
	for _, starts := range pos {
		for _, start := range starts {
			var got float64
			denied := false
			for j, at := range pos {
				for _, k := range at {
					if k >= start && k < start+span {
						got += p.w[j]
						denied = denied || j == denies
						break
					}
				}
			}
			if denies >= 0 && !denied {
				got = undenied(got)
			}
			best = max(best, got)
		}
	}
	// The window starts at each occurrence of a phrase term and runs for
	// the phrase's length plus three terms: any order ("队列 本地" for "本地
	// 队列") and a few words in between, but one statement, not a paragraph.
	return min(1, (best+fuzzy)/p.total)
}

// statement is a misconception phrase in full: every word in order, function
// words included, because "one thread per goroutine" and "goroutines share
// threads" have the same content words.
type statement struct {
	words []string
	neg   bool // the statement itself denies something
}

func newStatement(d *Doc) statement {
	st := statement{words: d.All}
	for len(st.words) > 0 && st.words[0] == "|" {
		st.words = st.words[1:]
	}
	for len(st.words) > 0 && st.words[len(st.words)-1] == "|" {
		st.words = st.words[:len(st.words)-1]
	}
	for _, w := range st.words {
		st.neg = st.neg || w == "not" || negations[w]
	}
	return st
}

// maxGap is how many extra words may stand between two words of a statement
// ("P 就是物理 CPU" states "P 就是 CPU").
const maxGap = 2

// find reports where the answer asserts the statement: its words in order
// with small gaps inside one clause, and no denial just before or inside it
// unless the statement is itself a denial. So "P is not a CPU core" is not
// taken for "P is a CPU core". It returns the span in a.All.
func (st statement) find(a *Doc) (int, int, bool) {
	if len(st.words) < 2 {
		return 0, 0, false
	}
	for start, w := range a.All {
		if w != st.words[0] {
			continue
		}
		end, ok := start, true
		for _, want := range st.words[1:] {
			found := -1
			for k := end + 1; k < len(a.All) && k <= end+1+maxGap; k++ {
				if a.All[k] == want {
					found = k
					break
				}
				if a.All[k] == "|" {
					break // a gap never crosses a clause the statement does not
				}
			}
			if found < 0 {
				ok = false
				break
			}
			end = found
		}
		if ok && st.neg == deniedAt(a.All, start, end) {
			return start, end, true
		}
	}
	return 0, 0, false
}

// deniedAt reports whether a negation stands inside all[start:end+1] or up to
// two words before it in the same clause.
func deniedAt(all []string, start, end int) bool {
	for k := start; k <= end; k++ {
		if all[k] == "not" || negations[all[k]] {
			return true
		}
	}
	for k := start - 1; k >= 0 && k >= start-2 && all[k] != "|"; k-- {
		if all[k] == "not" || negations[all[k]] {
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

// termIndex says where each distinct term of a Doc occurs: term → id, and
// for each id its positions in Terms, ascending, as one slice cut by offsets.
type termIndex struct {
	ids   map[string]int32
	terms []string // the distinct terms, in order of first occurrence (id order)
	start []int32  // positions of id k: at[start[k]:start[k+1]]
	at    []int32

	termID, count []int32 // build's working memory
}

// index builds the term index on first use.
func (d *Doc) index() *termIndex {
	if d.idx == nil {
		d.idx = new(termIndex)
		d.idx.build(d.Terms)
	}
	return d.idx
}

// build indexes terms, reusing x's memory: the scorer keeps answers'
// indexes in a pool, so grading an answer allocates none of it.
func (x *termIndex) build(terms []string) {
	if x.ids == nil {
		x.ids = make(map[string]int32, len(terms))
	} else {
		clear(x.ids)
	}
	x.terms = x.terms[:0]
	x.termID = grow(x.termID, len(terms))
	x.count = x.count[:0]
	for i, t := range terms {
		id, ok := x.ids[t]
		if !ok {
			id = int32(len(x.ids))
			x.ids[t] = id
			x.terms = append(x.terms, t)
			x.count = append(x.count, 0)
		}
		x.termID[i] = id
		x.count[id]++
	}
	x.start = grow(x.start, len(x.count)+1)
	x.start[0] = 0
	for k, c := range x.count {
		x.start[k+1] = x.start[k] + c
	}
	x.at = grow(x.at, len(terms))
	next := append(x.count[:0], x.start[:len(x.count)]...) // count is spent: reuse it
	for i, id := range x.termID {
		x.at[next[id]] = int32(i)
		next[id]++
	}
}

// grow returns s with length n, reusing its memory when it can.
func grow(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

// distinct returns the document's distinct terms in order of first
// occurrence.
func (d *Doc) distinct() []string { return d.index().terms }

// positions returns where term t occurs in Terms, ascending; nil when it
// does not.
func (x *termIndex) positions(t string) []int32 {
	id, ok := x.ids[t]
	if !ok {
		return nil
	}
	return x.at[x.start[id]:x.start[id+1]]
}

// loose is the credit for a key point's own wording, which is a sentence
// rather than a phrasing: sharing a few common words with it ("P",
// "goroutine") is weak evidence, so low coverage counts half.
func (p phrase) loose(a *Doc) float64 {
	c := p.coverage(a)
	if c < cfg.looseFrom {
		return c * cfg.shortPartial
	}
	return c
}
