package grading

import (
	"slices"
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/prompts"
)

// TestTermCreditExactness: near forms earn credit for misspellings only.
// Complexities, versions and numbers match exactly, and different words that
// share a prefix are different words.
func TestTermCreditExactness(t *testing.T) {
	tests := []struct {
		name, term, answer string
		credit             bool
	}{
		{"complexity differs in one letter", "O(n log k)", "merging takes O(n log n)", false},
		{"complexity differs in a factor", "O(kN)", "a single pass is O(n)", false},
		{"protocol versions", "HTTP/2", "HTTP/3 runs over QUIC", false},
		{"sizes", "2KB", "the stack starts at 8KB", false},
		{"shared prefix, different word", "complexity", "the two approaches are complementary", false},
		{"short word inside a longer one", "reads", "readiness is reported by epoll", false},
		{"a word that extends another", "goroutineleak", "every goroutine has a stack", false},
		{"exact complexity", "O(n log k)", "each pop costs log k, so O(n log k) overall", true},
		{"a misspelling of a long word", "concurrency", "concurency bugs are hard to reproduce", true},
	}
	a := sharedAnalyzer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPhrase(MustAnalyze(t, a, tt.term), nil)
			got := p.coverage(MustAnalyze(t, a, tt.answer))
			if tt.credit && got == 0 || !tt.credit && got != 0 {
				t.Errorf("coverage of %q in %q = %.2f, want credit %v", tt.term, tt.answer, got, tt.credit)
			}
		})
	}
}

// TestGradeOtherAspect: an answer about a different aspect of the subject
// gets no credit for the points it never states. The question asks what a
// goroutine leak is, its causes and how to find it; the answer describes
// goroutines in general.
func TestGradeOtherAspect(t *testing.T) {
	q := MustBankQuestion(t, "conc-goroutine-leak")
	tests := []struct {
		name, answer string
		lang         bot.Lang
	}{
		{"chinese", "goroutine 是用户态的轻量线程，由 runtime 调度，栈初始 2KB 可增长。", bot.LangZH},
		{"english", "A goroutine is a lightweight user-space thread scheduled by the runtime; its stack starts at 2KB and grows.", bot.LangEN},
	}
	s := sharedScorer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := MustGrade(t, s, q, tt.answer, tt.lang)
			if len(g.Covered) > 0 {
				t.Errorf("covered %v, want none", g.Covered)
			}
			if g.Score > 20 {
				t.Errorf("score %d, want at most 20 (one star)", g.Score)
			}
		})
	}
}

// TestPhraseWindow: a phrase's words count when they stand together, not
// when they are scattered over sentences about other things.
func TestPhraseWindow(t *testing.T) {
	a := sharedAnalyzer()
	p := newPhrase(MustAnalyze(t, a, "result channel"), nil)
	together := p.credit(MustAnalyze(t, a, "The worker writes to the result channel and blocks."))
	scattered := p.credit(MustAnalyze(t, a, "The result is cached for an hour, the cache is warmed at start, entries expire, keys are hashed, and the loader is retried; a channel then carries shutdown."))
	if together < 0.99 {
		t.Errorf("credit of the phrase stated together = %.2f, want 1", together)
	}
	if scattered >= together/2 {
		t.Errorf("credit of the words scattered = %.2f, want below half of %.2f", scattered, together)
	}
}

// TestOneWordPhrase: a one-word phrase covers its point when the word is
// particular (errgroup), not when it is a word every answer uses (version,
// stack).
func TestOneWordPhrase(t *testing.T) {
	tests := []struct {
		phrase, answer string
		covers         bool
	}{
		{"errgroup", "I would run the workers under an errgroup.", true},
		{"信号量", "用带缓冲的 channel 做信号量。", true},
		{"version", "Compare the new version with the old one.", false},
		{"its stack", "Each goroutine has its own stack.", false},
		{"调用", "函数调用会返回错误。", false},
	}
	a := sharedAnalyzer()
	for _, tt := range tests {
		t.Run(tt.phrase, func(t *testing.T) {
			p := newPhrase(MustAnalyze(t, a, tt.phrase), nil)
			got := coverOf(p.credit(MustAnalyze(t, a, tt.answer))) >= cfg.coveredAt
			if got != tt.covers {
				t.Errorf("phrase %q in %q covers the point = %v, want %v", tt.phrase, tt.answer, got, tt.covers)
			}
		})
	}
}

// TestNegatedPhrase: a phrase whose point is a denial ("no receiver",
// "没有接收者") needs the denial, not only the word denied.
func TestNegatedPhrase(t *testing.T) {
	tests := []struct {
		phrase, answer string
		covers         bool
	}{
		{"没有接收者", "调用方超时返回后没有接收者，发送方永远阻塞。", true},
		{"没有接收者", "接收者读完以后关闭 channel。", false},
		{"no timeout", "The HTTP client has no timeout, so the call hangs.", true},
		{"no timeout", "Set a timeout on the HTTP client.", false},
		{"不需要陷入内核", "协程切换不需要陷入内核。", true},
		{"不需要陷入内核", "缺页时需要陷入内核。", false},
	}
	a := sharedAnalyzer()
	for _, tt := range tests {
		t.Run(tt.answer, func(t *testing.T) {
			p := newPhrase(MustAnalyze(t, a, tt.phrase), nil)
			got := coverOf(p.credit(MustAnalyze(t, a, tt.answer))) >= cfg.coveredAt
			if got != tt.covers {
				t.Errorf("phrase %q in %q covers the point = %v, want %v", tt.phrase, tt.answer, got, tt.covers)
			}
		})
	}
}

// TestStatementDenied: a misconception preceded by a negation, a
// prohibition or a hedge is not asserted.
func TestStatementDenied(t *testing.T) {
	tests := []struct {
		statement, answer string
		asserted          bool
	}{
		{"按事件类型分别处理", "按事件类型分别处理，新增和删除各走一条路径。", true},
		{"按事件类型分别处理", "不要按事件类型分别处理，而是每次都对比期望状态。", false},
		{"按事件类型分别处理", "别按事件类型分别处理。", false},
		{"按事件类型分别处理", "不应该按事件类型分别处理。", false},
		{"消息按顺序到达", "消息不保证按顺序到达。", false},
		{"消息按顺序到达", "消息不一定按顺序到达。", false},
		{"消息按顺序到达", "消息并非按顺序到达。", false},
		{"消息按顺序到达", "消息不能假设按顺序到达。", false},
		{"branch on the event type", "You shouldn't branch on the event type.", false},
		{"branch on the event type", "You mustn't branch on the event type.", false},
		{"branch on the event type", "Never branch on the event type.", false},
		{"branch on the event type", "Don't branch on the event type.", false},
		{"branch on the event type", "A good controller doesn't branch on the event type.", false},
		{"branch on the event type", "Handlers branch on the event type.", true},
		{"the order is guaranteed", "The order isn't guaranteed.", false},
		{"the events are ordered", "The events aren't ordered.", false},
	}
	a := sharedAnalyzer()
	for _, tt := range tests {
		t.Run(tt.answer, func(t *testing.T) {
			st := newStatement(MustAnalyze(t, a, tt.statement))
			_, _, got := st.find(MustAnalyze(t, a, tt.answer))
			if got != tt.asserted {
				t.Errorf("statement %q asserted in %q = %v, want %v", tt.statement, tt.answer, got, tt.asserted)
			}
		})
	}
}

// TestSummaryHasNoStars: adapters draw the stars from Grade.Stars; the
// summary is the verdict in words.
func TestSummaryHasNoStars(t *testing.T) {
	s := sharedScorer()
	for _, answer := range []string{
		"G 是 goroutine，M 是线程，P 是逻辑处理器。",
		"G is a goroutine, M is an OS thread, P is a logical processor; each P has a local run queue.",
		"调度",
	} {
		g := MustGrade(t, s, gmpQuestion(), answer, "")
		if strings.ContainsAny(g.Review.Summary, "★☆⭐") || strings.Contains(g.Review.Summary, "/100") {
			t.Errorf("summary %q repeats the stars or the score", g.Review.Summary)
		}
		if g.Review.Summary == "" {
			t.Errorf("answer %q: empty summary", answer)
		}
	}
}

// MustBankQuestion returns the embedded bank's question id or fails.
func MustBankQuestion(tb testing.TB, id string) *bot.Question {
	tb.Helper()
	qs, err := prompts.Load()
	if err != nil {
		tb.Fatalf("prompts.Load: %v", err)
	}
	i := slices.IndexFunc(qs, func(q *bot.Question) bool { return q.ID == id })
	if i < 0 {
		tb.Fatalf("question %q is not in the bank", id)
	}
	return qs[i]
}

// TestElaborationNeedsContent: with a reference-only rubric, a developed
// answer earns a little for how much it says, but length alone earns
// nothing.
func TestElaborationNeedsContent(t *testing.T) {
	q := &bot.Question{
		ID:        "test-ref",
		Text:      bot.Text{EN: "What does a mutex do?"},
		Reference: bot.Text{EN: "A mutex lets one goroutine at a time into a critical section; Lock blocks until the holder calls Unlock."},
	}
	s := sharedScorer()
	long := MustGrade(t, s, q, "My favourite recipe needs tomatoes, basil, garlic, olive oil, fresh mozzarella, a hot oven, patience, good bread, friends, music and a long summer evening on the terrace.", bot.LangEN)
	if long.Score > 10 {
		t.Errorf("a long unrelated answer scored %d, want at most 10", long.Score)
	}
	short := MustGrade(t, s, q, "Lock blocks.", bot.LangEN)
	developed := MustGrade(t, s, q, "Lock blocks until the goroutine holding the mutex calls Unlock, so only one goroutine at a time runs the critical section that touches the shared map.", bot.LangEN)
	if developed.Score <= short.Score {
		t.Errorf("developed answer %d <= terse answer %d", developed.Score, short.Score)
	}
}
