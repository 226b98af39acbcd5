package bot

import (
	"cmp"
	"slices"
	"strings"
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

// HintFor returns hint number n (1-based) for q: the next key points, heaviest
// first, that earlier hints did not name. It returns nil when n is past the
// last hint.
func HintFor(q *Question, n int) []string {
	kps := hintOrder(q)
	lo := (n - 1) * HintPointsPerHint
	if n < 1 || lo >= len(kps) {
		return nil
	}
	hi := min(lo+HintPointsPerHint, len(kps))
	names := make([]string, 0, hi-lo)
	for _, kp := range kps[lo:hi] {
		names = append(names, KeyPointName(kp))
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

// KeyPointName turns a key point id ("work-stealing") into the short name a
// hint shows ("work stealing"): it names the idea without stating it.
func KeyPointName(kp KeyPoint) string {
	return strings.NewReplacer("-", " ", "_", " ").Replace(kp.ID)
}
