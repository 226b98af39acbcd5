package grading

import (
	"slices"
	"sync"
	"testing"
)

// sharedAnalyzer loads the dictionary once for the whole test binary.
var sharedAnalyzer = sync.OnceValue(func() *Analyzer { return NewAnalyzer(nil) })

// MustAnalyze analyses text or fails the test.
func MustAnalyze(tb testing.TB, a *Analyzer, text string) *Doc {
	tb.Helper()
	d, err := a.Analyze(text)
	if err != nil {
		tb.Fatalf("Analyze(%q): %v", text, err)
	}
	return d
}

func TestAnalyzeTerms(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"mixed prose with a unit", "goroutine 的栈初始只有 2KB", []string{"goroutine", "stack", "初始", "只有", "2kb"}},
		{"chinese terms stay whole", "三色标记法和写屏障保证GC正确", []string{"tricolor", "write-barrier", "保证", "gc", "正确"}},
		{"english tech words stay whole", "Goroutines and channels; cache-aside with resourceVersion", []string{"goroutine", "channel", "cache-aside", "resourceversion"}},
		{"big-O with spaces and a synonym", "lookup is O(log n)", []string{"find", "o(logn)"}},
		{"full-width big-O", "访问时间复杂度为O（1）", []string{"访问", "timecomplex", "o(1)"}},
		{"units spelled out", "10 ms, 3 seconds and 2 KB", []string{"10ms", "3s", "2kb"}},
		{"chinese units", "超过10毫秒", []string{"超过", "10ms"}},
		{"stemming and stop words", "The scheduler is preempting running goroutines", []string{"schedul", "preempt", "run", "goroutine"}},
		{"two-word terms", "linked lists use pointers", []string{"linkedlist", "pointer"}},
		{"cross-language synonyms", "线程 thread 内存 memory", []string{"thread", "thread", "memori", "memori"}},
	}
	a := sharedAnalyzer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MustAnalyze(t, a, tt.text).Terms
			if !slices.Equal(got, tt.want) {
				t.Errorf("Analyze(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestAnalyzeNegation(t *testing.T) {
	tests := []struct {
		text    string
		wantNeg bool
	}{
		{"P 不是 CPU 核心", true},
		{"P is not a CPU core", true},
		{"P is a CPU core", false},
		{"P 是逻辑处理器", false},
	}
	a := sharedAnalyzer()
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := len(MustAnalyze(t, a, tt.text).Neg) > 0; got != tt.wantNeg {
				t.Errorf("negated(%q) = %v, want %v", tt.text, got, tt.wantNeg)
			}
		})
	}
}

// sharedScorer is one Scorer for the whole test binary, so the dictionary
// loads once.
var sharedScorer = sync.OnceValue(func() *Scorer { return NewScorer(nil) })
