package bot

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Defaults for the daily use cases.
const (
	// DefaultClaimLease is how long a worker's claim on an unsent post keeps
	// others from sending it. It must outlast SendTimeout plus the time to
	// record the send, or two workers could send the same post.
	DefaultClaimLease = 2 * time.Minute
	// DefaultSendTimeout bounds one call to a platform.
	DefaultSendTimeout = 30 * time.Second
	// DefaultRevealCatchUp is how late a reveal may still go out after a
	// downtime; later than that, the conversation has moved on.
	DefaultRevealCatchUp = 12 * time.Hour
	// LeaderboardSize is how many members a posted leaderboard shows.
	LeaderboardSize = 10
)

// DailyConfig is what the daily-question use cases need. Store, Bank,
// Grader, Jobs and ParseCron are required.
type DailyConfig struct {
	Store  DailyStore
	Bank   *Bank
	Grader Grader
	// Messengers reach each platform, keyed by Channel.Key.Platform.
	Messengers map[string]Messenger
	Jobs       JobQueue
	ParseCron  CronParser
	// Now is the clock; tests inject a fixed one. Default time.Now.
	Now func() time.Time
	Log *slog.Logger

	ClaimLease    time.Duration // default DefaultClaimLease
	SendTimeout   time.Duration // default DefaultSendTimeout; must be below ClaimLease
	RevealCatchUp time.Duration // default DefaultRevealCatchUp
}

// Daily runs the daily question of every channel: when posts are due, the
// posts themselves (question, reveal, leaderboard), the answers members
// reply with, their grading, streaks and leaderboards.
//
// Every scheduled post is claimed under its unique (channel, kind, local
// date) key before it is sent, so a retry, a restart or a second replica
// finds the key and stops. Every inbound delivery is claimed by its
// platform key before it has effects.
type Daily struct {
	store      DailyStore
	bank       *Bank
	grader     Grader
	messengers map[string]Messenger
	jobs       JobQueue
	parse      CronParser
	now        func() time.Time
	log        *slog.Logger

	lease, sendTimeout, revealCatchUp time.Duration
}

// NewDaily checks the dependencies and fills in defaults.
func NewDaily(c DailyConfig) (*Daily, error) {
	if c.Store == nil || c.Bank == nil || c.Grader == nil || c.Jobs == nil || c.ParseCron == nil {
		return nil, Errorf(EINTERNAL, "Daily needs a store, a question bank, a grader, a job queue and a cron parser.")
	}
	d := &Daily{store: c.Store, bank: c.Bank, grader: c.Grader, messengers: c.Messengers, jobs: c.Jobs,
		parse: c.ParseCron, now: c.Now, log: c.Log,
		lease: c.ClaimLease, sendTimeout: c.SendTimeout, revealCatchUp: c.RevealCatchUp}
	if d.now == nil {
		d.now = time.Now
	}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	if d.lease <= 0 {
		d.lease = DefaultClaimLease
	}
	if d.sendTimeout <= 0 {
		d.sendTimeout = DefaultSendTimeout
	}
	if d.revealCatchUp <= 0 {
		d.revealCatchUp = DefaultRevealCatchUp
	}
	if d.sendTimeout >= d.lease {
		return nil, Errorf(EINTERNAL, "Daily: the send timeout (%v) must be shorter than the claim lease (%v).", d.sendTimeout, d.lease)
	}
	return d, nil
}

// channelContext is a channel with its schedule and zone, loaded together
// because every daily step needs all three.
type channelContext struct {
	ch    *Channel
	sched *Schedule
	loc   *time.Location
}

func (d *Daily) loadChannel(ctx context.Context, channelID int64) (*channelContext, error) {
	ch, err := d.store.FindChannel(ctx, channelID)
	if err != nil {
		return nil, fmt.Errorf("find channel %d: %w", channelID, err)
	}
	sched, err := d.store.FindSchedule(ctx, channelID)
	if ErrorCode(err) == ENOTFOUND {
		sched = nil
	} else if err != nil {
		return nil, fmt.Errorf("find schedule of channel %d: %w", channelID, err)
	}
	return newChannelContext(ch, sched)
}

// loadPost reads what a scheduled post needs in one store call: the
// channel context, the post under the key and what its kind needs besides.
func (d *Daily) loadPost(ctx context.Context, channelID int64, kind PostKind, localDate string) (*channelContext, *PostContext, error) {
	pc, err := d.store.FindPostContext(ctx, channelID, kind, localDate)
	if err != nil {
		return nil, nil, fmt.Errorf("find %s post context of channel %d: %w", kind, channelID, err)
	}
	cc, err := newChannelContext(pc.Channel, pc.Schedule)
	if err != nil {
		return nil, nil, err
	}
	return cc, pc, nil
}

// newChannelContext fills in the default schedule of a channel that has
// none (sched nil) and loads the zone.
func newChannelContext(ch *Channel, sched *Schedule) (*channelContext, error) {
	if sched == nil {
		sched = DefaultSchedule(ch.ID)
		if ch.Timezone != "" {
			sched.Timezone = ch.Timezone
		}
	}
	loc, err := sched.Location()
	if err != nil {
		return nil, fmt.Errorf("channel %d: %w", ch.ID, err)
	}
	return &channelContext{ch: ch, sched: sched, loc: loc}, nil
}

// messenger returns the Messenger of the channel's platform.
func (d *Daily) messenger(ch *Channel) (Messenger, error) {
	m, ok := d.messengers[ch.Key.Platform]
	if !ok {
		return nil, Errorf(EINTERNAL, "No messenger for platform %q (channel %d).", ch.Key.Platform, ch.ID)
	}
	return m, nil
}

// SaveSchedule validates and stores a channel's schedule; the admin
// commands and the config file both come through here.
func (d *Daily) SaveSchedule(ctx context.Context, s *Schedule) error {
	if err := s.Validate(d.parse); err != nil {
		return err
	}
	s.UpdatedAt = d.now().UTC()
	if err := d.store.SaveSchedule(ctx, s); err != nil {
		return fmt.Errorf("save schedule of channel %d: %w", s.ChannelID, err)
	}
	return nil
}
