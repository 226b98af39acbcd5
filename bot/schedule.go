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
