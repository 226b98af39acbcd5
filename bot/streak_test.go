package bot

import (
	"testing"
	"time"
)

func TestStreak(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	open := now.Add(6 * time.Hour)
	closed := now.Add(-18 * time.Hour)
	post := func(closes time.Time, answered ...int64) PostAttendance {
		return PostAttendance{ClosesAt: closes, Answered: answered}
	}
	tests := []struct {
		name       string
		posts      []PostAttendance // newest first
		want, best int
	}{
		{"no posts", nil, 0, 0},
		{"three in a row", []PostAttendance{post(closed, 1), post(closed, 1, 2), post(closed, 1)}, 3, 3},
		{"open post unanswered does not break", []PostAttendance{post(open, 2), post(closed, 1), post(closed, 1)}, 2, 2},
		{"open post answered counts", []PostAttendance{post(open, 1), post(closed, 1)}, 2, 2},
		{"closed post missed breaks", []PostAttendance{post(closed, 2), post(closed, 1), post(closed, 1)}, 0, 2},
		{"gap in the middle", []PostAttendance{post(closed, 1), post(closed), post(closed, 1), post(closed, 1), post(closed, 1)}, 1, 3},
		{"no reveal means open", []PostAttendance{post(time.Time{}), post(closed, 1)}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Streak(tt.posts, 1, now); got != tt.want {
				t.Errorf("Streak = %d, want %d", got, tt.want)
			}
			if got := BestStreak(tt.posts, 1); got != tt.best {
				t.Errorf("BestStreak = %d, want %d", got, tt.best)
			}
		})
	}
}
