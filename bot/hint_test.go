package bot_test

import (
	"slices"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

func TestHintFor(t *testing.T) {
	q := &bot.Question{Rubric: bot.Rubric{KeyPoints: []bot.KeyPoint{
		{ID: "light", Weight: 1, Phrases: []string{"light", "轻"}},
		{ID: "work-stealing", Weight: 3, Phrases: []string{"work stealing", "从其他 P 偷取 goroutine", "工作窃取", "偷取一半"}},
		{ID: "run_queues", Weight: 2, Phrases: []string{"runq", "每个 P 都有一个本地运行队列", "本地运行队列", "本地队列"}},
		{ID: "long", Weight: 0.1, Phrases: []string{"每个 P 都有一个本地运行队列", "全局队列由调度器加锁访问"}},
		{ID: "tie", Weight: 2},
		{ID: "last", Weight: 0.5},
	}}}
	tests := []struct {
		n    int
		lang bot.Lang
		want []string
	}{
		{1, bot.LangEN, []string{"work stealing", "run queues"}},
		{2, bot.LangEN, []string{"tie", "light"}},
		{3, bot.LangEN, []string{"last", "long"}},
		{4, bot.LangEN, nil},
		{0, bot.LangEN, nil},
		// The first short Chinese term, then the English name; only long
		// phrases: the shortest; a single character or none: English only.
		{1, bot.LangZH, []string{"工作窃取（work stealing）", "本地运行队列（run queues）"}},
		{2, bot.LangZH, []string{"tie", "light"}},
		{3, bot.LangZH, []string{"last", "全局队列由调度器加锁访问（long）"}},
	}
	for _, tt := range tests {
		if got := bot.HintFor(q, tt.n, tt.lang); !slices.Equal(got, tt.want) {
			t.Errorf("HintFor(%d, %s) = %q, want %q", tt.n, tt.lang, got, tt.want)
		}
	}
	if got := bot.MaxHints(q); got != 3 {
		t.Errorf("MaxHints = %d, want 3", got)
	}
}

func TestCheckAnswer(t *testing.T) {
	tests := []struct {
		text string
		want bot.AnswerProblem
	}{
		{"goroutines are cheap", bot.AnswerOK},
		{"协程很轻量", bot.AnswerOK},
		{"", bot.AnswerEmpty},
		{"\n \t", bot.AnswerEmpty},
		{"bad \xc3\x28", bot.AnswerInvalidUTF8},
		{string(make([]byte, bot.MaxAnswerBytes+1)), bot.AnswerTooLong},
	}
	for _, tt := range tests {
		if got := bot.CheckAnswer(tt.text); got != tt.want {
			t.Errorf("CheckAnswer(%.20q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	tests := map[int]string{512: "512 B", 64 << 10: "64 KB", 1 << 20: "1.0 MB", 1536 << 10: "1.5 MB"}
	for n, want := range tests {
		if got := bot.FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
