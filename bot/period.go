package bot

import "time"

// WholePeriod reports whether the local dates [from, to) are exactly one
// week (Monday to the next Monday) or one calendar month, and which: the
// windows the stores keep running totals for. A Monday the 1st followed by
// the next Monday is a week.
func WholePeriod(from, to string) (Period, bool) {
	f, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return "", false
	}
	t, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return "", false
	}
	switch {
	case f.Weekday() == time.Monday && f.AddDate(0, 0, 7).Equal(t):
		return PeriodWeek, true
	case f.Day() == 1 && f.AddDate(0, 1, 0).Equal(t):
		return PeriodMonth, true
	}
	return "", false
}
