package grading

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

// gmpQuestion is a small hand-written question for the scorer's own tests,
// independent of the bank's content.
func gmpQuestion() *bot.Question {
	return &bot.Question{
		ID:   "test-gmp",
		Text: bot.Text{ZH: "讲讲 Go 的 GMP 调度模型。", EN: "Explain Go's GMP scheduler."},
		Rubric: bot.Rubric{
			Version: "t1",
			KeyPoints: []bot.KeyPoint{
				{ID: "entities", Weight: 3, Point: bot.Text{ZH: "G 是 goroutine，M 是线程，P 是逻辑处理器", EN: "G is a goroutine, M is an OS thread, P is a logical processor"}, Phrases: []string{"逻辑处理器", "logical processor", "os thread"}},
				{ID: "queues", Weight: 2, Point: bot.Text{ZH: "每个 P 有本地运行队列，另有全局队列", EN: "Each P has a local run queue; there is also a global queue"}, Phrases: []string{"本地队列", "local run queue", "global queue"}},
				{ID: "stealing", Weight: 2, Point: bot.Text{ZH: "空闲的 P 会从其他 P 偷取一半 goroutine", EN: "An idle P steals half of another P's goroutines"}, Phrases: []string{"work stealing", "工作窃取", "偷取"}},
			},
			Misconceptions: []bot.Misconception{
				{ID: "p-is-cpu", Wrong: bot.Text{ZH: "P 就是物理 CPU 核心", EN: "P is a physical CPU core"}, Correction: bot.Text{ZH: "P 是调度器的逻辑资源", EN: "P is a scheduler resource"}, Phrases: []string{"P 就是 CPU", "P is a cpu core"}},
			},
		},
		Reference: bot.Text{
			ZH: "G 是 goroutine，M 是操作系统线程，P 是逻辑处理器，持有本地运行队列。本地队列空了就查全局队列，再从其他 P 偷取一半任务（work stealing）。",
			EN: "G is a goroutine, M is an OS thread and P is a logical processor holding a local run queue. When it is empty the P checks the global queue and then steals half of another P's queue (work stealing).",
		},
	}
}

func TestGradeOrder(t *testing.T) {
	q := gmpQuestion()
	tests := []struct {
		name                    string
		lang                    bot.Lang
		strong, partial, weaker string
	}{
		{"english", bot.LangEN,
			"G is a goroutine, M is an OS thread, P is a logical processor. Each P has a local run queue and there is a global queue; an idle P uses work stealing.",
			"G is a goroutine and M is an OS thread; P is a logical processor.",
			"Goroutines are scheduled by the runtime."},
		{"chinese", bot.LangZH,
			"G 是 goroutine，M 是线程，P 是逻辑处理器。每个 P 有本地队列，还有全局队列；空闲的 P 会工作窃取。",
			"G 是 goroutine，M 是线程，P 是逻辑处理器。",
			"goroutine 由运行时调度。"},
		{"mixed prose", bot.LangZH,
			"G 就是 goroutine，M 是 OS thread，P 是 logical processor；每个 P 有 local run queue，也有 global queue，空了会 work stealing。",
			"G 就是 goroutine，M 是 OS thread，P 是 logical processor。",
			"goroutine 的栈初始只有 2KB。"},
	}
	s := sharedScorer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			strong := MustGrade(t, s, q, tt.strong, tt.lang)
			partial := MustGrade(t, s, q, tt.partial, tt.lang)
			weaker := MustGrade(t, s, q, tt.weaker, tt.lang)
			if !(strong.Score > partial.Score && partial.Score > weaker.Score) {
				t.Errorf("scores strong %d, partial %d, weaker %d: want strictly decreasing", strong.Score, partial.Score, weaker.Score)
			}
			if !slices.Contains(partial.Covered, "entities") || !slices.Contains(partial.Missing, "stealing") {
				t.Errorf("partial covered %v missing %v: want entities covered and stealing missing", partial.Covered, partial.Missing)
			}
			if strong.Stars != bot.StarsFor(strong.Score) {
				t.Errorf("stars %d for score %d, want %d", strong.Stars, strong.Score, bot.StarsFor(strong.Score))
			}
		})
	}
}

func TestGradeMisconception(t *testing.T) {
	q := gmpQuestion()
	tests := []struct {
		name, answer string
		lang         bot.Lang
		want         bool
	}{
		{"stated in english", "P is a CPU core, and each P has a local run queue.", bot.LangEN, true},
		{"stated in chinese", "P 就是物理 CPU 核心，每个 P 有本地队列。", bot.LangZH, true},
		{"denied in english", "P is not a CPU core; each P has a local run queue.", bot.LangEN, false},
		{"denied in chinese", "P 不是 CPU 核心，每个 P 有本地队列。", bot.LangZH, false},
	}
	s := sharedScorer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := MustGrade(t, s, q, tt.answer, tt.lang)
			if got := slices.Contains(g.Misconceptions, "p-is-cpu"); got != tt.want {
				t.Fatalf("misconception found = %v, want %v (found %v)", got, tt.want, g.Misconceptions)
			}
			if tt.want && len(g.Review.Corrections) == 0 {
				t.Errorf("no correction in the review: %+v", g.Review)
			}
		})
	}
}

func TestGradeGuards(t *testing.T) {
	q := gmpQuestion()
	long := strings.Repeat("G is a goroutine, M is an OS thread and P is a logical processor with a local run queue. ", 200)
	tests := []struct {
		name, answer string
		flag         string
		maxScore     int
	}{
		{"empty", "   \n", flagEmpty, 0},
		{"too short", "调度", flagTooShort, cfg.shortCap},
		{"copy of the question", "Explain Go's GMP scheduler.", flagCopy, 5},
		{"keyboard noise", "asdfghjk qwrtzxcv bnmkjhgf zxcvbnmq", flagGibberish, 0},
		{"repeated character", "哈哈哈哈哈哈哈哈哈哈哈哈哈哈", flagGibberish, 0},
		{"neither chinese nor english", "Планировщик распределяет горутины по потокам операционной системы", flagWrongLanguage, 0},
		{"off topic", "My favourite recipe needs tomatoes, basil, garlic, olive oil and fresh mozzarella cheese.", flagOffTopic, 10},
		{"extremely long", long, flagTruncated, 100},
	}
	s := sharedScorer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := MustGrade(t, s, q, tt.answer, "")
			if !slices.Contains(g.Flags, tt.flag) {
				t.Errorf("flags %v, want %q", g.Flags, tt.flag)
			}
			if g.Score > tt.maxScore {
				t.Errorf("score %d, want at most %d", g.Score, tt.maxScore)
			}
			if msg := guardMessages[tt.flag].In(g.Review.Lang); !strings.Contains(g.Review.Summary, msg) {
				t.Errorf("summary %q does not say why (%q)", g.Review.Summary, msg)
			}
		})
	}
}

func TestGradeReviewLanguage(t *testing.T) {
	q := gmpQuestion()
	tests := []struct {
		name, answer string
		lang, want   bot.Lang
	}{
		{"chinese answer", "G 是 goroutine，M 是线程，P 是逻辑处理器。", "", bot.LangZH},
		{"english answer", "G is a goroutine, M is an OS thread, P is a logical processor.", "", bot.LangEN},
		{"mixed prose reads as chinese", "goroutine 的栈初始只有 2KB，P 是 logical processor", "", bot.LangZH},
		{"requested language wins", "G is a goroutine, M is an OS thread.", bot.LangZH, bot.LangZH},
	}
	s := sharedScorer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := MustGrade(t, s, q, tt.answer, tt.lang)
			if g.Review.Lang != tt.want {
				t.Errorf("review language %q, want %q", g.Review.Lang, tt.want)
			}
			if g.Review.Summary == "" || len(g.Review.Suggestions) == 0 || len(g.Review.Suggestions) > 2 {
				t.Errorf("review %+v: want a summary and one or two suggestions", g.Review)
			}
		})
	}
}

func TestGradeErrors(t *testing.T) {
	s := sharedScorer()
	if _, err := s.Grade(context.Background(), bot.GradeRequest{Answer: "x"}); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("nil question: error %v, want code %s", err, bot.EINVALID)
	}
	empty := &bot.Question{ID: "empty"}
	if _, err := s.Grade(context.Background(), bot.GradeRequest{Question: empty, Answer: "x"}); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("no rubric, no reference: error %v, want code %s", err, bot.EINVALID)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Grade(ctx, bot.GradeRequest{Question: gmpQuestion(), Answer: "x"}); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestReferenceRubric(t *testing.T) {
	tests := []struct {
		name, ref string
		lang      bot.Lang
		minPoints int
	}{
		{"one english sentence", "To simulate the behaviour of portions of the desired software product.", bot.LangEN, 1},
		{"long chinese reference splits at commas", "顺序表的存储空间连续，支持随机访问，按下标访问的时间复杂度为O(1)，但数据量不确定时容易浪费内存。链表的存储空间不连续，不支持随机访问，需要从头遍历。", bot.LangZH, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ReferenceRubric(tt.ref, tt.lang)
			if len(r.KeyPoints) < tt.minPoints || len(r.KeyPoints) > maxDerivedPoints {
				t.Fatalf("%d key points, want %d..%d", len(r.KeyPoints), tt.minPoints, maxDerivedPoints)
			}
			for _, kp := range r.KeyPoints {
				if kp.Weight <= 0 || len(kp.Phrases) == 0 || kp.Point.In(tt.lang) == "" {
					t.Errorf("key point %+v: want a weight, a phrase and a point", kp)
				}
			}
			if r.Version == "" || r.Version != ReferenceRubric(tt.ref, tt.lang).Version {
				t.Errorf("version %q is not stable", r.Version)
			}
		})
	}
}
