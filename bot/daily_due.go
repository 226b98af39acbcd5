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
func (d *Daily) Due(ctx context.Context, now time.Time) ([]DueJob, error) {
	scheds, err := d.store.ListSchedules(ctx)
	if err != nil {
		return nil, fmt.Errorf("list schedules: %w", err)
	}
	jobs := []DueJob{}
	for _, s := range scheds {
		due, err := d.dueIn(ctx, s, now)
		if err != nil {
			// One broken schedule must not stop every other channel.
			d.log.Error("due posts", slog.Int64("channel_id", s.ChannelID), slog.Any("err", err))
			continue
		}
		jobs = append(jobs, due...)
	}
	return jobs, nil
}

// dueIn lists one channel's due posts.
func (d *Daily) dueIn(ctx context.Context, s *Schedule, now time.Time) ([]DueJob, error) {
	loc, err := s.Location()
	if err != nil {
		return nil, err
	}
	today := LocalDate(now, loc)
	var out []DueJob
	if !s.Paused && !s.Skips(today) {
		for _, c := range []struct {
			kind PostKind
			spec string
		}{{PostQuestion, s.PostCron}, {PostLeaderboard, s.LeaderboardCron}} {
			fired, err := d.firedToday(c.spec, loc, now)
			if err != nil || !fired {
				if err != nil {
					return nil, fmt.Errorf("%s schedule: %w", c.kind, err)
				}
				continue
			}
			sent, err := d.sent(ctx, s.ChannelID, c.kind, today)
			if err != nil {
				return nil, err
			}
			if !sent {
				out = append(out, DueJob{ChannelID: s.ChannelID, Kind: c.kind, LocalDate: today})
			}
		}
	}
	reveal, ok, err := d.dueReveal(ctx, s.ChannelID, now)
	if err != nil {
		return nil, err
	}
	if ok {
		out = append(out, reveal)
	}
	return out, nil
}

// dueReveal finds the reveal of the channel's latest question when it is due.
func (d *Daily) dueReveal(ctx context.Context, channelID int64, now time.Time) (DueJob, bool, error) {
	q, err := d.store.LatestPost(ctx, channelID, PostQuestion)
	if ErrorCode(err) == ENOTFOUND {
		return DueJob{}, false, nil
	} else if err != nil {
		return DueJob{}, false, fmt.Errorf("latest question: %w", err)
	}
	if !q.Sent() || q.ClosesAt.IsZero() || now.Before(q.ClosesAt) || now.Sub(q.ClosesAt) > d.revealCatchUp {
		return DueJob{}, false, nil
	}
	sent, err := d.sent(ctx, channelID, PostReveal, q.LocalDate)
	if err != nil || sent {
		return DueJob{}, false, err
	}
	return DueJob{ChannelID: channelID, Kind: PostReveal, LocalDate: q.LocalDate}, true, nil
}

// sent reports whether the post with the key was accepted by the platform.
func (d *Daily) sent(ctx context.Context, channelID int64, kind PostKind, date string) (bool, error) {
	p, err := d.store.FindPostByKey(ctx, channelID, kind, date)
	if ErrorCode(err) == ENOTFOUND {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("find %s post of %s: %w", kind, date, err)
	}
	return p.Sent(), nil
}

// firedToday reports whether spec fired on now's local date at or before
// now. An empty spec never fires.
func (d *Daily) firedToday(spec string, loc *time.Location, now time.Time) (bool, error) {
	t, ok, err := d.firstFire(spec, loc, LocalDate(now, loc))
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

// Tick enqueues every due post. A periodic job runs it once a minute on one
// replica; the queue's uniqueness per (channel, kind, date) and the post
// keys make a double tick harmless.
func (d *Daily) Tick(ctx context.Context) error {
	due, err := d.Due(ctx, d.now())
	if err != nil {
		return err
	}
	for _, j := range due {
		if err := d.jobs.EnqueuePost(ctx, j.ChannelID, j.Kind, j.LocalDate); err != nil {
			return fmt.Errorf("enqueue %s for channel %d on %s: %w", j.Kind, j.ChannelID, j.LocalDate, err)
		}
	}
	return nil
}
