package jobs

import (
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// TestParseCronAcrossDST checks 10:00 stays 10:00 local through New York's
// spring-forward night and Berlin's fall-back night.
func TestParseCronAcrossDST(t *testing.T) {
	tests := []struct {
		zone  string
		after time.Time
		want  []string // successive fires, local
	}{
		{"America/New_York", time.Date(2026, 3, 6, 16, 0, 0, 0, time.UTC),
			[]string{"2026-03-09 10:00 EDT", "2026-03-10 10:00 EDT"}},
		{"Europe/Berlin", time.Date(2026, 10, 23, 12, 0, 0, 0, time.UTC),
			[]string{"2026-10-26 10:00 CET", "2026-10-27 10:00 CET"}},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			if err != nil {
				t.Fatal(err)
			}
			s, err := ParseCron(bot.DefaultPostCron, loc)
			if err != nil {
				t.Fatalf("ParseCron: %v", err)
			}
			at := tt.after
			for _, want := range tt.want {
				at = s.Next(at)
				if got := at.In(loc).Format("2006-01-02 15:04 MST"); got != want {
					t.Errorf("Next = %s, want %s", got, want)
				}
			}
		})
	}
	if _, err := ParseCron("61 * * * *", time.UTC); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("ParseCron(bad) = %v, want EINVALID", err)
	}
}
