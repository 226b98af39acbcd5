package bot

import (
	"slices"
	"time"
)

// A streak counts consecutive question posts of a channel that the member
// answered before the reveal, not calendar days: weekends, holidays, a
// paused channel or a daylight-saving night between two posts cannot break
// it, and the days themselves are the channel's local dates.

// Streak returns the member's current streak given the channel's sent
// question posts, newest first. A post still open at now that the member has
// not answered yet does not break the streak: they may still answer it.
func Streak(posts []PostAttendance, memberID int64, now time.Time) int {
	n := 0
	for i, p := range posts {
		if slices.Contains(p.Answered, memberID) {
			n++
			continue
		}
		if i == 0 && (p.ClosesAt.IsZero() || now.Before(p.ClosesAt)) {
			continue
		}
		break
	}
	return n
}

// BestStreak returns the member's longest run of answered posts.
func BestStreak(posts []PostAttendance, memberID int64) int {
	best, run := 0, 0
	for _, p := range posts {
		if slices.Contains(p.Answered, memberID) {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}
