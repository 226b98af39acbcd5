package bot

import (
	"slices"
	"time"
)

// Default schedule: weekdays at 10:00 local, reveal at 18:00 the same day,
// and the weekly leaderboard on Monday at 10:00.
const (
	DefaultPostCron        = "0 10 * * 1-5"
	DefaultRevealCron      = "0 18 * * 1-5"
	DefaultLeaderboardCron = "0 10 * * 1"
	DefaultTimezone        = "UTC"
)

// Schedule says when a channel gets its daily question, the reveal and the
// weekly leaderboard, and which questions it draws from. Cron specs are
// standard five-field specs evaluated in Timezone, so "10:00" stays 10:00
// local across daylight-saving changes.
type Schedule struct {
	ChannelID       int64
	Timezone        string   // IANA zone, e.g. "Asia/Shanghai"
	PostCron        string   // when the daily question is posted
	RevealCron      string   // when the reference answer is revealed; answers after it earn no points
	LeaderboardCron string   // when the weekly leaderboard is posted
	SkipDates       []string // local dates (YYYY-MM-DD) without a question, e.g. holidays
	Tracks          []string // question filter; empty means every track
	Topics          []string // question filter; empty means every topic
	Difficulty      []int    // question filter; empty means every difficulty
	Paused          bool
	UpdatedAt       time.Time
}

// DefaultSchedule returns the schedule a channel gets when it is first seen.
func DefaultSchedule(channelID int64) *Schedule {
	return &Schedule{
		ChannelID:       channelID,
		Timezone:        DefaultTimezone,
		PostCron:        DefaultPostCron,
		RevealCron:      DefaultRevealCron,
		LeaderboardCron: DefaultLeaderboardCron,
	}
}

// Location loads the schedule's timezone.
func (s *Schedule) Location() (*time.Location, error) {
	loc, err := time.LoadLocation(s.Timezone)
	if err != nil {
		return nil, Errorf(EINVALID, "Unknown timezone %q: use an IANA name such as Asia/Shanghai or Europe/Berlin.", s.Timezone)
	}
	return loc, nil
}

// Skips reports whether the local date is a skip date.
func (s *Schedule) Skips(localDate string) bool {
	return slices.Contains(s.SkipDates, localDate)
}

// Filter is the question filter the schedule describes. Rotation adds the
// questions already asked as exclusions.
func (s *Schedule) Filter() QuestionFilter {
	return QuestionFilter{Topics: s.Topics, Difficulty: s.Difficulty}
}

// CronSpec is a parsed cron expression. bot declares it so schedules can be
// computed with any parser (robfig/cron implements it) and a fixed clock.
type CronSpec interface {
	Next(after time.Time) time.Time
}

// CronParser parses a five-field cron spec in a location.
type CronParser func(spec string, loc *time.Location) (CronSpec, error)

// LocalDate formats t as a date in loc; days, streaks and weeks are counted
// in the channel's zone, never in UTC.
func LocalDate(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(time.DateOnly)
}

// Validate checks the zone and every cron spec, so an admin command or a
// config file is told what is wrong before the schedule is stored.
func (s *Schedule) Validate(parse CronParser) error {
	loc, err := s.Location()
	if err != nil {
		return err
	}
	specs := []struct{ name, spec string }{
		{"post", s.PostCron}, {"reveal", s.RevealCron}, {"leaderboard", s.LeaderboardCron},
	}
	for _, c := range specs {
		if c.spec == "" {
			if c.name == "post" {
				return Errorf(EINVALID, "A schedule needs a post time (cron spec such as %q).", DefaultPostCron)
			}
			continue // no reveal or no leaderboard is allowed
		}
		if _, err := parse(c.spec, loc); err != nil {
			return Errorf(EINVALID, "The %s time %q is not a valid cron spec (minute hour day month weekday).", c.name, c.spec)
		}
	}
	for _, d := range s.SkipDates {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return Errorf(EINVALID, "Skip date %q is not a date like 2026-01-01.", d)
		}
	}
	for _, n := range s.Difficulty {
		if n < 1 || n > 3 {
			return Errorf(EINVALID, "Difficulty %d is out of range: use 1 (easy) to 3 (hard).", n)
		}
	}
	return nil
}

// matches reports whether q is in the channel's pool: the filter plus the
// tracks (a QuestionFilter takes only one track).
func (s *Schedule) matches(q *Question) bool {
	return s.Filter().Match(q) && (len(s.Tracks) == 0 || slices.Contains(s.Tracks, q.Track))
}
