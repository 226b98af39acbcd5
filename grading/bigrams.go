package grading

import "slices"

// bigramSet holds the pairs of adjacent Han characters of a text. They are
// collected in text order and sorted on the first lookup: most answers look
// up a few pairs, if any, and a slice costs one allocation where a map cost
// a hash insertion per character.
type bigramSet struct {
	pairs  []uint64
	sorted bool
}

// bigram packs two characters into one key.
func bigram(a, b rune) uint64 { return uint64(a)<<32 | uint64(b) }

// has reports whether the pair p occurs in the text.
func (s *bigramSet) has(p uint64) bool {
	if !s.sorted {
		slices.Sort(s.pairs)
		s.pairs = slices.Compact(s.pairs)
		s.sorted = true
	}
	_, ok := slices.BinarySearch(s.pairs, p)
	return ok
}
