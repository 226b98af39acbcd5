package bot

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// HintPointsPerHint is how many key points one hint names. Two keeps a hint
// useful without turning three hints into the whole rubric.
const HintPointsPerHint = 2

// Hint is what a member gets when they ask for help: the names of key points
// a complete answer covers, never the points themselves, so the member still
// has to produce the substance.
type Hint struct {
	Number    int      // 1 for the first hint on this question
	Names     []string // key point names this hint adds
	Remaining int      // hints still available on this question
}

// MaxHints is how many hints a question can give before every key point has
// been named.
func MaxHints(q *Question) int {
	n := len(q.Rubric.KeyPoints)
	return (n + HintPointsPerHint - 1) / HintPointsPerHint
}

// HintFor returns hint number n (1-based) for q in lang: the next key
// points, heaviest first, that earlier hints did not name. It returns nil
// when n is past the last hint.
func HintFor(q *Question, n int, lang Lang) []string {
	kps := hintOrder(q)
	lo := (n - 1) * HintPointsPerHint
	if n < 1 || lo >= len(kps) {
		return nil
	}
	hi := min(lo+HintPointsPerHint, len(kps))
	names := make([]string, 0, hi-lo)
	for _, kp := range kps[lo:hi] {
		names = append(names, KeyPointName(kp, lang))
	}
	return names
}

// hintOrder sorts key points by weight, heaviest first, keeping rubric order
// among equals so hints are the same every time.
func hintOrder(q *Question) []KeyPoint {
	kps := slices.Clone(q.Rubric.KeyPoints)
	slices.SortStableFunc(kps, func(a, b KeyPoint) int { return cmp.Compare(b.Weight, a.Weight) })
	return kps
}

// KeyPointName names a key point for a hint without stating it. In English
// it is the id made readable ("work-stealing" → "work stealing"). In
// Chinese it is the first of the point's phrases that is a short Chinese
// term (two or more Chinese characters, at most eight characters in all:
// authors list the usual name first, "工作窃取"), else the shortest phrase
// with two Chinese characters, followed by the English name so the term
// people search for is there too. A point with no Chinese phrase gets the
// English name alone.
func KeyPointName(kp KeyPoint, lang Lang) string {
	en := strings.NewReplacer("-", " ", "_", " ").Replace(kp.ID)
	if lang != LangZH {
		return en
	}
	zh, shortest := "", ""
	for _, p := range kp.Phrases {
		if hanCount(p) < 2 {
			continue
		}
		n := utf8.RuneCountInString(p)
		if n <= 8 {
			zh = p
			break
		}
		if shortest == "" || n < utf8.RuneCountInString(shortest) {
			shortest = p
		}
	}
	if zh == "" {
		zh = shortest
	}
	if zh == "" {
		return en
	}
	return zh + "（" + en + "）"
}

func hanCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}
