package grading

import (
	"errors"

	"github.com/vcaesar/cedar"
)

// pseudoDist is the path cost gse gives a character that starts no
// dictionary word of its own.
const pseudoDist = 32

// cutScratch is cut's working memory, reused across calls.
type cutScratch struct {
	text  []byte   // the run, for the dictionary's []byte lookups
	off   []int    // byte offset of each character, and the run's length
	jump  []jumper // the best path ending at each character
	words []int32  // characters where a word starts, last first
	out   []string // the words of the last cut
}

// jumper is the shortest path found so far to the end of one character:
// its cost and the length in characters of its last word.
type jumper struct {
	dist float32
	n    int32
}

// cut segments one run of Han characters exactly as gse's Cut without HMM
// does (the same dictionary lookups, path costs in the same float32
// arithmetic, ties broken the same way) and returns its words in order,
// valid until sc's next cut. The words are substrings of run: gse's Cut allocates a token for
// every character outside the dictionary and a string for every word, which
// made up most of the grader's time and allocations on a Chinese answer.
// segment_test.go compares the two on the bank and on random text.
func (s *segmenter) cut(run string, sc *cutScratch) ([]string, error) {
	seg, err := s.get()
	if err != nil {
		return nil, err
	}
	dict := seg.Dict
	maxLen := dict.MaxTokenLen()

	sc.text = append(sc.text[:0], run...)
	sc.off = sc.off[:0]
	for i := range run {
		sc.off = append(sc.off, i)
	}
	n := len(sc.off)
	sc.off = append(sc.off, len(run))
	sc.jump = append(sc.jump[:0], make([]jumper, n)...)
	jump := sc.jump
	for cur := 0; cur < n; cur++ {
		var base float32
		if cur > 0 {
			base = jump[cur-1].dist
		}
		first := 0 // length of the shortest dictionary word starting here
		for l := 1; l <= maxLen && cur+l <= n; l++ {
			val, _, err := dict.Value(sc.text[sc.off[cur]:sc.off[cur+l]])
			if err != nil {
				if errors.Is(err, cedar.ErrNoVal) {
					continue // a prefix of longer words, not a word
				}
				break // no word starts with these characters
			}
			relax(&jump[cur+l-1], base+s.dist[val], l)
			if first == 0 {
				first = l
			}
		}
		if first != 1 {
			relax(&jump[cur], base+pseudoDist, 1)
		}
	}
	sc.words = sc.words[:0]
	for end := n - 1; end >= 0; {
		start := end - int(jump[end].n) + 1
		sc.words = append(sc.words, int32(start))
		end = start - 1
	}
	sc.out = sc.out[:0]
	for i := len(sc.words) - 1; i >= 0; i-- {
		next := n
		if i > 0 {
			next = int(sc.words[i-1])
		}
		sc.out = append(sc.out, run[sc.off[sc.words[i]]:sc.off[next]])
	}
	return sc.out, nil
}

// relax is gse's updateJumper: a path replaces the best one only when it
// is shorter, or when none was found yet (a cost of zero means none).
func relax(j *jumper, dist float32, n int) {
	if j.dist == 0 || j.dist > dist {
		j.dist = dist
		j.n = int32(n)
	}
}

// getScratch returns working memory for cut; putScratch gives it back.
func (s *segmenter) getScratch() *cutScratch {
	if sc, ok := s.scratch.Get().(*cutScratch); ok {
		return sc
	}
	return &cutScratch{}
}

func (s *segmenter) putScratch(sc *cutScratch) {
	clear(sc.out) // drop the references to the answer's text
	s.scratch.Put(sc)
}
