package grading

import (
	_ "embed"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-ego/gse"
)

// zhDict is gse's simplified-Chinese dictionary without its rare long
// entries (dict/filter.go says which and why), embedded so a deployed binary
// never looks for the Go module cache. See dict/NOTICE.md for where it comes
// from and its licence. The filtered file halves the memory and load time of
// the full one (48 MB of heap instead of 132 MB).
//
//go:embed dict/zh_s.txt
var zhDict string

// termFreq is the dictionary frequency given to our technical terms, far
// above any entry of the shipped dictionary.
const termFreq = 100000

// segmenter loads the Chinese dictionary once, on first use, and shares it.
// gse panics on Cut when no dictionary was loaded, so every caller goes
// through get, which either returns a loaded segmenter or the load error.
type segmenter struct {
	log  *slog.Logger
	once sync.Once
	seg  gse.Segmenter
	err  error

	// dist is the path cost of each dictionary token (by its index in
	// seg.Dict.Tokens), computed as gse computes its own, so cut finds the
	// same shortest path as gse's Cut.
	dist []float32
	// scratch holds cut's working buffers between calls.
	scratch sync.Pool
}

// get returns the loaded segmenter, loading it on the first call.
func (s *segmenter) get() (*gse.Segmenter, error) {
	s.once.Do(s.load)
	if s.err != nil {
		return nil, s.err
	}
	return &s.seg, nil
}

func (s *segmenter) load() {
	start := time.Now()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	s.seg.SkipLog = true
	s.seg.NotLoadHMM = true // Cut without HMM: unknown words fall into characters, which the scorer's character pairs match
	// The technical terms go in with the dictionary, in one load, so gse
	// computes their path costs with everything else; a high frequency makes
	// it prefer the whole term over its parts (三色标记法, not 三色/标记/法).
	var extra strings.Builder
	for _, word := range slices.Sorted(maps.Keys(zhTerms)) {
		fmt.Fprintf(&extra, "\n%s %d n", word, termFreq)
	}
	if err := s.seg.LoadDictStr(zhDict + extra.String()); err != nil {
		s.err = fmt.Errorf("load chinese dictionary: %w", err)
		return
	}
	total := s.seg.Dict.TotalFreq()
	logTotal := float32(math.Log2(total))
	s.dist = make([]float32, len(s.seg.Dict.Tokens))
	for i := range s.seg.Dict.Tokens {
		s.dist[i] = logTotal - float32(math.Log2(s.seg.Dict.Tokens[i].Freq()))
	}
	// Loading allocates three times what it keeps; hand the garbage back to
	// the OS now, so a server's resident memory is what the dictionary keeps.
	debug.FreeOSMemory()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	s.log.Info("chinese dictionary loaded",
		slog.Duration("took", time.Since(start)),
		slog.Int("tokens", s.seg.Dict.NumTokens()),
		slog.Uint64("heap_mb", after.HeapAlloc>>20))
}
