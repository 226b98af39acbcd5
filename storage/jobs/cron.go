// Package jobs runs the bot's durable work on the database with River:
// grading jobs, scheduled posts unique per (channel, kind, local date), and
// the once-a-minute tick that finds due posts, run by the elected leader only.
// PostgreSQL uses River's pgx driver; the embedded store uses riversqlite.
package jobs

import (
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/robfig/cron/v3"
)

// ParseCron is a bot.CronParser on robfig/cron: a standard five-field spec
// evaluated in loc. The zone is written into the spec (CRON_TZ=...), so
// 10:00 stays 10:00 local across daylight-saving changes whatever the
// process's own zone is.
func ParseCron(spec string, loc *time.Location) (bot.CronSpec, error) {
	if loc == nil {
		loc = time.UTC
	}
	s, err := cron.ParseStandard("CRON_TZ=" + loc.String() + " " + spec)
	if err != nil {
		return nil, bot.Errorf(bot.EINVALID, "Cron spec %q: %v.", spec, err)
	}
	return s, nil
}

var _ bot.CronParser = ParseCron
