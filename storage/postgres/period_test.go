package postgres

import "testing"

func TestWholePeriod(t *testing.T) {
	tests := []struct {
		from, to string
		want     string
		ok       bool
	}{
		{"2026-11-16", "2026-11-23", "week", true},
		{"2026-03-02", "2026-03-09", "week", true}, // a week across a DST change is still 7 local dates
		{"2026-11-17", "2026-11-24", "", false},    // a Tuesday
		{"2026-11-16", "2026-11-22", "", false},
		{"2026-10-01", "2026-11-01", "month", true},
		{"2026-02-01", "2026-03-01", "month", true},
		{"2026-06-01", "2026-06-08", "week", true}, // a Monday the 1st: both; the week wins
		{"2026-10-01", "2026-10-31", "", false},
		{"1970-01-01", "2026-11-21", "", false},
		{"bad", "2026-11-21", "", false},
	}
	for _, tt := range tests {
		got, ok := wholePeriod(tt.from, tt.to)
		if got != tt.want || ok != tt.ok {
			t.Errorf("wholePeriod(%s, %s) = %q, %v; want %q, %v", tt.from, tt.to, got, ok, tt.want, tt.ok)
		}
	}
}
