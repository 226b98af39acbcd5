package main

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var jobsSchema = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// TestClock is INTERVIEWBOT_TEST_CLOCK="2026-03-02T09:55:00Z*60": the
// process clock starts at that instant and runs that many times faster than
// real time, so a multi-process test can live through a day of schedules in
// minutes. The zero value is the real clock.
type TestClock struct {
	Start time.Time
	Speed float64
}

// On reports whether the test clock replaces the real one.
func (t TestClock) On() bool { return !t.Start.IsZero() }

// ParseTestClock reads "RFC3339[*SPEED]"; the speed defaults to 1.
func ParseTestClock(v string) (TestClock, error) {
	start, speed, hasSpeed := strings.Cut(v, "*")
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(start))
	if err != nil {
		return TestClock{}, errors.New("want an RFC 3339 instant and an optional speed, such as 2026-03-02T09:55:00Z*60")
	}
	c := TestClock{Start: t, Speed: 1}
	if hasSpeed {
		f, err := strconv.ParseFloat(strings.TrimSpace(speed), 64)
		if err != nil || f <= 0 || f > 1e6 {
			return TestClock{}, fmt.Errorf("the speed %q must be a number above 0 and at most 1000000", speed)
		}
		c.Speed = f
	}
	return c, nil
}

// Now returns the clock function: time.Now when the test clock is off, else
// a clock anchored at the real instant Now was called.
func (t TestClock) Now() func() time.Time {
	if !t.On() {
		return time.Now
	}
	origin := time.Now()
	return func() time.Time {
		elapsed := time.Since(origin)
		return t.Start.Add(time.Duration(float64(elapsed) * t.Speed))
	}
}
