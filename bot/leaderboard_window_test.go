package bot

import (
	"testing"
	"time"
)

func TestPeriodWindow(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		p        Period
		now      time.Time
		loc      *time.Location
		from, to string
		hours    float64 // length of the window in hours
	}{
		// Sunday 2026-03-08 02:00 is when New York springs forward.
		{"week across spring forward", PeriodWeek, time.Date(2026, 3, 8, 15, 0, 0, 0, time.UTC), ny, "2026-03-02", "2026-03-09", 167},
		{"monday belongs to its week", PeriodWeek, time.Date(2026, 3, 9, 5, 0, 0, 0, time.UTC), ny, "2026-03-09", "2026-03-16", 168},
		// 2026-03-08 23:30 UTC is Monday 07:30 in Shanghai.
		{"local day, not UTC", PeriodWeek, time.Date(2026, 3, 8, 23, 30, 0, 0, time.UTC), sh, "2026-03-09", "2026-03-16", 168},
		{"month", PeriodMonth, time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC), ny, "2026-11-01", "2026-12-01", 30*24 + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := PeriodWindow(tt.p, tt.now, tt.loc)
			if err != nil {
				t.Fatalf("PeriodWindow: %v", err)
			}
			if w.FromDate != tt.from || w.ToDate != tt.to {
				t.Errorf("window [%s, %s), want [%s, %s)", w.FromDate, w.ToDate, tt.from, tt.to)
			}
			if got := w.To.Sub(w.From).Hours(); got != tt.hours {
				t.Errorf("window lasts %vh, want %vh", got, tt.hours)
			}
		})
	}
	if _, err := PeriodWindow("year", time.Now(), time.UTC); ErrorCode(err) != EINVALID {
		t.Errorf("PeriodWindow(year): %v, want EINVALID", err)
	}
}

func TestRankAndMostImproved(t *testing.T) {
	e := func(id int64, points, answers int, avg float64) LeaderboardEntry {
		return LeaderboardEntry{Member: Member{ID: id}, Points: points, Answers: answers, AvgScore: avg}
	}
	cur := []LeaderboardEntry{e(1, 50, 3, 60), e(2, 40, 2, 90), e(3, 40, 2, 50), e(4, 10, 1, 70)}
	rankEntries(cur)
	var ranks []int
	for _, x := range cur {
		ranks = append(ranks, x.Rank)
	}
	if want := []int{1, 2, 2, 4}; !equalInts(ranks, want) {
		t.Errorf("ranks %v, want %v", ranks, want)
	}
	prev := []LeaderboardEntry{e(1, 30, 2, 55), e(2, 10, 1, 40), e(3, 60, 3, 80)}
	got := mostImproved(cur, prev)
	if got == nil || got.Member.ID != 2 || got.Rank != 2 {
		t.Errorf("mostImproved = %+v, want member 2 (rank 2, +50)", got)
	}
	if got := mostImproved(cur, []LeaderboardEntry{e(1, 10, 1, 99)}); got != nil {
		t.Errorf("mostImproved with nobody better = %+v, want nil", got)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
