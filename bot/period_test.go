package bot_test

import (
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

func TestWholePeriod(t *testing.T) {
	tests := []struct {
		from, to string
		want     bot.Period
		ok       bool
	}{
		{"2026-11-16", "2026-11-23", bot.PeriodWeek, true},
		{"2026-03-02", "2026-03-09", bot.PeriodWeek, true}, // a week across a DST change is still 7 local dates
		{"2026-11-17", "2026-11-24", "", false},            // a Tuesday
		{"2026-11-16", "2026-11-22", "", false},
		{"2026-10-01", "2026-11-01", bot.PeriodMonth, true},
		{"2026-02-01", "2026-03-01", bot.PeriodMonth, true},
		{"2026-06-01", "2026-06-08", bot.PeriodWeek, true}, // a Monday the 1st: both; the week wins
		{"2026-10-01", "2026-10-31", "", false},
		{"1970-01-01", "2026-11-21", "", false},
		{"bad", "2026-11-21", "", false},
	}
	for _, tt := range tests {
		got, ok := bot.WholePeriod(tt.from, tt.to)
		if got != tt.want || ok != tt.ok {
			t.Errorf("WholePeriod(%s, %s) = %q, %v; want %q, %v", tt.from, tt.to, got, ok, tt.want, tt.ok)
		}
	}
}
