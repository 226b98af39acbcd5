package bot_test

import (
	"slices"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

func TestHintFor(t *testing.T) {
	q := &bot.Question{Rubric: bot.Rubric{KeyPoints: []bot.KeyPoint{
		{ID: "light", Weight: 1}, {ID: "work-stealing", Weight: 3}, {ID: "run_queues", Weight: 2}, {ID: "tie", Weight: 2}, {ID: "last", Weight: 0.5},
	}}}
	tests := []struct {
		n    int
		want []string
	}{
		{1, []string{"work stealing", "run queues"}},
		{2, []string{"tie", "light"}},
		{3, []string{"last"}},
		{4, nil},
		{0, nil},
	}
	for _, tt := range tests {
		if got := bot.HintFor(q, tt.n); !slices.Equal(got, tt.want) {
			t.Errorf("HintFor(%d) = %q, want %q", tt.n, got, tt.want)
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
