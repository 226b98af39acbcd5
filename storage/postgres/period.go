package postgres

import "time"

// wholePeriod reports whether [from, to) is exactly one week (Monday to the
// next Monday) or one calendar month of local dates, the windows the
// period_totals table keeps running sums for, and which.
func wholePeriod(from, to string) (string, bool) {
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
		return "week", true
	case f.Day() == 1 && f.AddDate(0, 1, 0).Equal(t):
		return "month", true
	}
	return "", false
}

// nextStart returns the first local date of the week or month after the
// one starting at start (a wholePeriod window's start), as the migrations'
// SQL computes it for prev_* in period_totals; "" if start is no date.
func nextStart(period, start string) string {
	f, err := time.Parse(time.DateOnly, start)
	if err != nil {
		return ""
	}
	if period == "week" {
		return f.AddDate(0, 0, 7).Format(time.DateOnly)
	}
	return f.AddDate(0, 1, 0).Format(time.DateOnly)
}
