package grading

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

// about1KB repeats s up to about 1 KB.
func about1KB(s string) string {
	var b strings.Builder
	for b.Len() < 1000 {
		b.WriteString(s)
	}
	return b.String()
}

func benchGrade(b *testing.B, answer string, lang bot.Lang) {
	s := sharedScorer()
	q := gmpQuestion()
	MustGrade(b, s, q, answer, lang) // load the dictionary and compile the question outside the timer
	b.SetBytes(int64(len(answer)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Grade(context.Background(), bot.GradeRequest{Question: q, Answer: answer, Lang: lang}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "answers/s")
}

// BenchmarkGrade1KBChinese is the target of ≥ 5,000 answers/s per core.
func BenchmarkGrade1KBChinese(b *testing.B) {
	benchGrade(b, about1KB("G 是 goroutine，M 是操作系统线程，P 是逻辑处理器；每个 P 有本地运行队列，空了会从其他 P 偷取一半任务。"), bot.LangZH)
}

func BenchmarkGrade1KBEnglish(b *testing.B) {
	benchGrade(b, about1KB("G is a goroutine, M is an OS thread and P is a logical processor; each P has a local run queue and steals work when idle. "), bot.LangEN)
}

// BenchmarkGrade1MB checks that a huge answer costs no more than the graded
// cap: the fuzz target's "bounded on 1 MB" promise, measured.
func BenchmarkGrade1MB(b *testing.B) {
	benchGrade(b, strings.Repeat("goroutine 的栈初始只有 2KB, P is a logical processor. ", 1<<20/60), bot.LangZH)
}

// BenchmarkLoadDictionary measures the one-time cost of the Chinese
// dictionary: the time to load it, the heap it keeps (MB-heap) and, on
// Linux, the resident memory of the whole test process after loading
// (MB-rss; compare with /usr/bin/time -v of the real binary, README.md).
func BenchmarkLoadDictionary(b *testing.B) {
	b.ReportAllocs()
	var heap uint64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		a := NewAnalyzer(nil)
		if err := a.Load(); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(a)
	}
	b.ReportMetric(float64(heap)/(1<<20), "MB-heap")
	if rss, ok := residentMB(); ok {
		b.ReportMetric(rss, "MB-rss")
	}
}

// residentMB reads the process's resident memory from /proc (Linux only).
func residentMB() (float64, bool) {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	fields := strings.Fields(string(data))
	if len(fields) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseUint(fields[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return float64(pages*uint64(os.Getpagesize())) / (1 << 20), true
}
