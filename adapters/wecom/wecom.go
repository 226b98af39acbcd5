// Package wecom connects interviewbot to WeCom (企业微信). It serves two
// callbacks, each verified and decrypted the way WeCom's developer
// documentation describes: the self-built app's callback (encrypted XML,
// direct chats with the app) and the 智能机器人 smart robot's callback
// (encrypted JSON, group @-mentions and direct chats). It posts the daily
// question, reveals and leaderboards through a group robot webhook, and sends
// everything personal (feedback, mock-interview steps, stats) as app
// messages, because WeCom has no threads and no ephemeral messages. WeCom's
// XML, JSON envelopes, encryption and markdown live here and nowhere else.
package wecom

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/interviewbot/interviewbot/adapters/workpool"
	"github.com/interviewbot/interviewbot/bot"
)

// Interviews is the part of the mock-interview use case a direct chat
// drives; *bot.Interviews implements it.
type Interviews interface {
	Start(ctx context.Context, memberID int64, opts bot.StartOptions) (*bot.Step, error)
	Resume(ctx context.Context, memberID int64) (*bot.Step, error)
	Answer(ctx context.Context, memberID int64, text string) (*bot.Step, error)
	Retry(ctx context.Context, memberID int64) (*bot.Step, error)
	Skip(ctx context.Context, memberID int64) (*bot.Step, error)
	Hint(ctx context.Context, memberID int64) (*bot.Step, error)
	Pause(ctx context.Context, memberID int64) (*bot.Step, error)
	Abandon(ctx context.Context, memberID int64) error
}

// Daily is the part of the daily-question use case the group side drives;
// *bot.Daily implements it.
type Daily interface {
	SubmitAnswer(ctx context.Context, in bot.Incoming) (*bot.Answer, error)
	Leaderboard(ctx context.Context, channelID int64, period bot.Period, now time.Time) (*bot.Leaderboard, error)
	Stats(ctx context.Context, key bot.MemberKey) (*bot.MemberStats, error)
}

// Members finds or creates the person behind a WeCom user id;
// bot.MemberStore implements it.
type Members interface {
	UpsertMember(ctx context.Context, m *bot.Member) error
}

// Channels keeps group chats and their schedules; bot.ChannelStore
// implements it.
type Channels interface {
	UpsertChannel(ctx context.Context, c *bot.Channel) error
	FindSchedule(ctx context.Context, channelID int64) (*bot.Schedule, error)
	SaveSchedule(ctx context.Context, s *bot.Schedule) error
}

// Deliveries records inbound deliveries so each is processed once;
// bot.DeliveryStore implements it.
type Deliveries interface {
	ClaimDelivery(ctx context.Context, platform, key string, at time.Time) (first bool, err error)
}

// Deps are the use cases and stores the adapter calls. Interviews, Members
// and Deliveries are required; without Daily and Channels the group side
// answers that the daily question is not set up.
type Deps struct {
	Interviews Interviews
	Members    Members
	Deliveries Deliveries
	Daily      Daily
	Channels   Channels
	// Messenger is the bot.Messenger the daily use case was given; New
	// builds one when nil. Sharing it shares the rate limits and the token.
	Messenger *Messenger
	Now       func() time.Time
	Log       *slog.Logger
	// Sleep waits between attempts and for the group robot's rate limit;
	// tests record the waits instead. Default: a timer that stops when ctx ends.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Adapter is the WeCom side of interviewbot.
type Adapter struct {
	cfg     Config
	deps    Deps
	msg     *Messenger
	log     *slog.Logger
	now     func() time.Time
	app     *cipher // the self-built app's callback crypto; receive id = corp id
	robot   *cipher // the smart robot's callback crypto; receive id = ""
	nonces  *nonceCache
	work    *workpool.Pool
	grouped *groupSync
}

// New checks the configuration and dependencies and builds the adapter. It
// makes no network calls; Handler serves the callbacks.
func New(cfg Config, deps Deps) (*Adapter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Interviews == nil || deps.Members == nil || deps.Deliveries == nil {
		return nil, errors.New("wecom: Interviews, Members and Deliveries are required")
	}
	cfg = cfg.withDefaults()
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Sleep == nil {
		deps.Sleep = sleepCtx
	}
	log := deps.Log.With("adapter", "wecom")
	msg := deps.Messenger
	if msg == nil {
		var err error
		if msg, err = newMessenger(cfg, deps.Now, deps.Sleep, log); err != nil {
			return nil, err
		}
	}
	a := &Adapter{cfg: cfg, deps: deps, msg: msg, log: log, now: deps.Now,
		nonces: newNonceCache(2 * cfg.MaxClockSkew), work: workpool.New("WeCom", cfg.Workers, cfg.Queue, log), grouped: &groupSync{}}
	var err error
	if a.app, err = newCipher(cfg.Token, cfg.AESKey, cfg.CorpID); err != nil {
		return nil, fmt.Errorf("wecom: app callback: %w", err)
	}
	if cfg.BotToken != "" {
		if a.robot, err = newCipher(cfg.BotToken, cfg.BotAESKey, ""); err != nil {
			return nil, fmt.Errorf("wecom: smart robot callback: %w", err)
		}
	}
	return a, nil
}

// Messenger returns the adapter's bot.Messenger, for the daily use case.
func (a *Adapter) Messenger() *Messenger { return a.msg }

// sleep waits d or until ctx ends (tests record the wait instead).
func (a *Adapter) sleep(ctx context.Context, d time.Duration) error { return a.deps.Sleep(ctx, d) }

// Shutdown stops taking new work and waits for the work in flight, until
// ctx ends; then it cancels what is left and returns ctx's error.
func (a *Adapter) Shutdown(ctx context.Context) error { return a.work.Shutdown(ctx) }

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
