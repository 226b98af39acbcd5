package bot

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// DueJob is one scheduled post that should exist by now and does not.
type DueJob struct {
	ChannelID int64
	Kind      PostKind
	LocalDate string // the post's key date; for a reveal, its question's date
}

// Due lists, for every channel with a schedule, the posts that are due at
// now and not sent yet. It is how the bot catches up after downtime, within
// bounds:
//
//   - a question is due once its cron time has passed on the channel's
//     current local date, so a question missed during a restart still goes
//     out that day, but never a day late;
//   - a reveal is due for the latest question that was actually posted, once
//     that question closed, and at most RevealCatchUp after it closed;
//   - a leaderboard is due once its cron time has passed that local day.
//
// Paused channels get no questions or leaderboards, and skip dates none of
// either; a question already out is still revealed.
//
// The tick calls it every minute for every channel, so it asks the store
// twice whatever the channel count (the schedules, then RecentPosts) and
// works out the rest in memory.
func (d *Daily) Due(ctx context.Context, now time.Time) ([]DueJob, error) {
	scheds, err := d.store.ListSchedules(ctx)
	if err != nil {
		return nil, fmt.Errorf("list schedules: %w", err)
	}
	jobs := []DueJob{}
	if len(scheds) == 0 {
		return jobs, nil
	}
	// Every zone's today lies within a day of UTC's; two days back leaves
	// room to spare.
	since := now.UTC().AddDate(0, 0, -2).Format(time.DateOnly)
	posts, err := d.store.RecentPosts(ctx, since)
	if err != nil {
		return nil, fmt.Errorf("recent posts: %w", err)
	}
	k := newKnownPosts(posts)
	c := &dueCache{parse: d.parse, locs: map[string]*time.Location{}, specs: map[cronKey]parsedCron{}}
	for _, s := range scheds {
		due, err := d.dueIn(s, now, k, c)
		if err != nil {
			// One broken schedule must not stop every other channel.
			d.log.Error("due posts", slog.Int64("channel_id", s.ChannelID), slog.Any("err", err))
			continue
		}
		jobs = append(jobs, due...)
	}
	return jobs, nil
}

// knownPosts is what RecentPosts returned, indexed the two ways Due asks:
// by post key, and each channel's latest question.
type knownPosts struct {
	byKey  map[DueJob]*Post
	latest map[int64]*Post
}

func newKnownPosts(posts []*Post) *knownPosts {
	k := &knownPosts{byKey: make(map[DueJob]*Post, len(posts)), latest: map[int64]*Post{}}
	for _, p := range posts {
		k.byKey[DueJob{ChannelID: p.ChannelID, Kind: p.Kind, LocalDate: p.LocalDate}] = p
		if l := k.latest[p.ChannelID]; p.Kind == PostQuestion && (l == nil || p.LocalDate > l.LocalDate) {
			k.latest[p.ChannelID] = p
		}
	}
	return k
}

// sent reports whether the post with the key was accepted by the platform.
func (k *knownPosts) sent(channelID int64, kind PostKind, date string) bool {
	p := k.byKey[DueJob{ChannelID: channelID, Kind: kind, LocalDate: date}]
	return p != nil && p.Sent()
}

// dueCache keeps the zones and cron specs one Due call parsed: a thousand
// channels share a handful of zones and schedules, and loading a zone reads
// the tz database. It lives for one call, so it is bounded by the
// schedules it was built from and never stale.
type dueCache struct {
	parse CronParser
	locs  map[string]*time.Location
	specs map[cronKey]parsedCron
}

type cronKey struct{ spec, zone string }

type parsedCron struct {
	cs  CronSpec
	err error
}

func (c *dueCache) location(s *Schedule) (*time.Location, error) {
	if loc, ok := c.locs[s.Timezone]; ok {
		return loc, nil
	}
	loc, err := s.Location()
	if err != nil {
		return nil, err
	}
	c.locs[s.Timezone] = loc
	return loc, nil
}

func (c *dueCache) cron(spec string, loc *time.Location) (CronSpec, error) {
	key := cronKey{spec: spec, zone: loc.String()}
	p, ok := c.specs[key]
	if !ok {
		p.cs, p.err = c.parse(spec, loc)
		c.specs[key] = p
	}
	return p.cs, p.err
}

// dueIn lists one channel's due posts.
func (d *Daily) dueIn(s *Schedule, now time.Time, k *knownPosts, c *dueCache) ([]DueJob, error) {
	loc, err := c.location(s)
	if err != nil {
		return nil, err
	}
	today := LocalDate(now, loc)
	var out []DueJob
	if !s.Paused && !s.Skips(today) {
		for _, p := range []struct {
			kind PostKind
			spec string
		}{{PostQuestion, s.PostCron}, {PostLeaderboard, s.LeaderboardCron}} {
			fired, err := firedToday(c, p.spec, loc, now)
			if err != nil {
				return nil, fmt.Errorf("%s schedule: %w", p.kind, err)
			}
			if fired && !k.sent(s.ChannelID, p.kind, today) {
				out = append(out, DueJob{ChannelID: s.ChannelID, Kind: p.kind, LocalDate: today})
			}
		}
	}
	if reveal, ok := d.dueReveal(s.ChannelID, now, k); ok {
		out = append(out, reveal)
	}
	return out, nil
}

// dueReveal finds the reveal of the channel's latest question when it is due.
func (d *Daily) dueReveal(channelID int64, now time.Time, k *knownPosts) (DueJob, bool) {
	q := k.latest[channelID]
	if q == nil || !q.Sent() || q.ClosesAt.IsZero() || now.Before(q.ClosesAt) || now.Sub(q.ClosesAt) > d.revealCatchUp {
		return DueJob{}, false
	}
	if k.sent(channelID, PostReveal, q.LocalDate) {
		return DueJob{}, false
	}
	return DueJob{ChannelID: channelID, Kind: PostReveal, LocalDate: q.LocalDate}, true
}

// firedToday reports whether spec fired on now's local date at or before
// now. An empty spec never fires.
func firedToday(c *dueCache, spec string, loc *time.Location, now time.Time) (bool, error) {
	if spec == "" {
		return false, nil
	}
	cs, err := c.cron(spec, loc)
	if err != nil {
		return false, err
	}
	t, ok, err := firstFireOf(cs, loc, LocalDate(now, loc))
	if err != nil || !ok {
		return false, err
	}
	return !t.After(now), nil
}

// firstFire returns spec's first time on the local date, if it has one.
func (d *Daily) firstFire(spec string, loc *time.Location, date string) (time.Time, bool, error) {
	if spec == "" {
		return time.Time{}, false, nil
	}
	cs, err := d.parse(spec, loc)
	if err != nil {
		return time.Time{}, false, err
	}
	return firstFireOf(cs, loc, date)
}

// firstFireOf returns a parsed spec's first time on the local date, if it
// has one.
func firstFireOf(cs CronSpec, loc *time.Location, date string) (time.Time, bool, error) {
	day, err := time.ParseInLocation(time.DateOnly, date, loc)
	if err != nil {
		return time.Time{}, false, Errorf(EINVALID, "Bad local date %q.", date)
	}
	// Next is strictly after its argument; the nanosecond before midnight
	// makes midnight itself count.
	t := cs.Next(day.Add(-time.Nanosecond))
	if t.IsZero() || LocalDate(t, loc) != date {
		return time.Time{}, false, nil
	}
	return t, true, nil
}

// Tick enqueues every due post, all in one call to the queue. A periodic
// job runs it once a minute on one replica; the queue's uniqueness per
// (channel, kind, date) and the post keys make a double tick harmless.
func (d *Daily) Tick(ctx context.Context) error {
	due, err := d.Due(ctx, d.now())
	if err != nil {
		return err
	}
	if len(due) == 0 {
		return nil
	}
	if err := d.jobs.EnqueuePosts(ctx, due); err != nil {
		return fmt.Errorf("enqueue %d due posts: %w", len(due), err)
	}
	return nil
}
