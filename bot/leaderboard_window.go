package bot

import "time"

// Window is a leaderboard period as the channel's local dates [From, To)
// and the instants they start at.
type Window struct {
	FromDate, ToDate string
	From, To         time.Time
}

// PeriodWindow returns the window of period that contains now, in loc.
// Weeks start on Monday; "all" starts at the epoch and ends tomorrow.
func PeriodWindow(p Period, now time.Time, loc *time.Location) (Window, error) {
	t := now.In(loc)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	var from, to time.Time
	switch p {
	case PeriodWeek:
		back := (int(day.Weekday()) + 6) % 7 // days since Monday
		from = day.AddDate(0, 0, -back)
		to = from.AddDate(0, 0, 7)
	case PeriodMonth:
		from = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc)
		to = from.AddDate(0, 1, 0)
	case PeriodAll:
		from = time.Date(1970, 1, 1, 0, 0, 0, 0, loc)
		to = day.AddDate(0, 0, 1)
	default:
		return Window{}, Errorf(EINVALID, "Unknown leaderboard period %q: use week, month or all.", p)
	}
	return Window{FromDate: from.Format(time.DateOnly), ToDate: to.Format(time.DateOnly), From: from, To: to}, nil
}

// previous returns the window before w of the same period, for "most
// improved"; ok is false for "all", which has none.
func (w Window) previous(p Period, loc *time.Location) (Window, bool) {
	var from time.Time
	switch p {
	case PeriodWeek:
		from = w.From.AddDate(0, 0, -7)
	case PeriodMonth:
		from = w.From.AddDate(0, -1, 0)
	default:
		return Window{}, false
	}
	from = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc)
	return Window{FromDate: from.Format(time.DateOnly), ToDate: w.FromDate, From: from, To: w.From}, true
}

// rankEntries numbers entries already sorted by points: equal points share
// a rank and the next rank skips ("1, 2, 2, 4").
func rankEntries(es []LeaderboardEntry) {
	for i := range es {
		if i > 0 && es[i].Points == es[i-1].Points {
			es[i].Rank = es[i-1].Rank
		} else {
			es[i].Rank = i + 1
		}
	}
}

// mostImproved returns the member of cur with the largest rise in average
// score against prev, among those with graded answers in both; nil if nobody
// improved.
func mostImproved(cur, prev []LeaderboardEntry) *LeaderboardEntry {
	before := make(map[int64]LeaderboardEntry, len(prev))
	for _, e := range prev {
		before[e.Member.ID] = e
	}
	var best *LeaderboardEntry
	var rise float64
	for i, e := range cur {
		p, ok := before[e.Member.ID]
		if !ok || p.Answers == 0 || e.Answers == 0 {
			continue
		}
		if d := e.AvgScore - p.AvgScore; d > rise {
			best, rise = &cur[i], d
		}
	}
	if best == nil {
		return nil
	}
	c := *best
	return &c
}
