// Package slack connects interviewbot to Slack. One set of handlers serves
// two transports: HTTP endpoints (Events API, slash commands,
// interactivity), each verified with the signing secret, and Socket Mode
// when an app-level token is configured. It turns Slack events into calls on
// the bot use cases (mock interviews in a DM, daily-question answers in a
// question's thread, App Home stats) and the bot's replies into Block Kit.
// Slack's thread_ts, Block Kit and mrkdwn live here and nowhere else.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/slack-go/slack"

	"github.com/interviewbot/interviewbot/adapters/workpool"
	"github.com/interviewbot/interviewbot/bot"
)

// Config is how the adapter reaches Slack. Tokens and the secret are never
// logged.
type Config struct {
	BotToken      string // xoxb-…, for the Web API
	AppToken      string // xapp-…, enables Socket Mode; empty means HTTP only
	SigningSecret string // verifies HTTP deliveries; required for Handler
	// APIURL overrides Slack's Web API base (tests point it at fakeslack).
	// It ends in "/api/".
	APIURL string
	// Lang is the language of replies outside a mock interview and the
	// default language of new ones. Default bot.LangZH, like the terminal.
	Lang bot.Lang
	// Workers bounds the goroutines doing work after an acknowledgement.
	// Default 64.
	Workers int
	// Queue is how much acknowledged work may wait for a worker. When it is
	// full too, a slash command is answered "busy, try again" and an event
	// without an Inbox gets 503 so Slack retries. Default 4096.
	Queue int
	// PingInterval is how long Socket Mode waits for Slack's ping before it
	// reconnects. Default 30s (slack-go's default).
	PingInterval time.Duration
	// RateLimitAttempts bounds the attempts of one Web API call that Slack
	// keeps answering with 429. Default 4.
	RateLimitAttempts int
}

// Validate reports what is missing, without echoing any secret.
func (c Config) Validate() error {
	var errs []error
	if c.BotToken == "" {
		errs = append(errs, errors.New("slack: the bot token (xoxb-…) is required"))
	}
	if c.SigningSecret == "" && c.AppToken == "" {
		errs = append(errs, errors.New("slack: set the signing secret (HTTP) or an app-level token (Socket Mode)"))
	}
	if c.Lang != "" && c.Lang != bot.LangZH && c.Lang != bot.LangEN {
		errs = append(errs, fmt.Errorf("slack: unknown language %q", c.Lang))
	}
	return errors.Join(errs...)
}

// Interviews is the part of the mock-interview use case the DM drives;
// *bot.Interviews implements it.
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

// Daily is the part of the daily-question use case the channel side drives;
// *bot.Daily implements it.
type Daily interface {
	SubmitAnswer(ctx context.Context, in Incoming) (*bot.Answer, error)
	EditAnswer(ctx context.Context, in Incoming) (*bot.Answer, error)
	WithdrawAnswer(ctx context.Context, in Incoming) (*bot.Answer, error)
	Leaderboard(ctx context.Context, channelID int64, period bot.Period, now time.Time) (*bot.Leaderboard, error)
	Stats(ctx context.Context, m bot.MemberKey) (*bot.MemberStats, error)
}

// Members finds or creates the person behind a Slack user; bot.Store implements it.
type Members interface {
	UpsertMember(ctx context.Context, m *bot.Member) error
}

// Channels keeps Slack channels and their schedules; bot.ChannelStore implements it.
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

// Bank looks questions up for /interview question and the hint button;
// *bot.Bank implements it.
type Bank interface {
	Filter(f bot.QuestionFilter) []*bot.Question
	Find(id string) (*bot.Question, error)
}

// Deps are the use cases and stores the adapter calls. Interviews, Members
// and Deliveries are required; without Daily, Channels or Bank the commands
// that need them say they are not set up.
type Deps struct {
	Interviews Interviews
	Members    Members
	Deliveries Deliveries
	Daily      Daily
	Channels   Channels
	Bank       Bank
	// Inbox, when set, makes each Events API delivery durable before it is
	// acknowledged: its key and a job (kind EventKind, run by
	// HandleDelivery) are stored together. Without it, events are claimed,
	// acknowledged and processed in memory. storage/jobs implements it.
	Inbox bot.Inbox
	// Messenger is the bot.Messenger the daily use case was given; New
	// builds one when nil. Sharing it keeps one rate-limited client.
	Messenger *Messenger
	// CronParser checks schedule specs in /interview settings; without it
	// only the five-field shape is checked.
	CronParser bot.CronParser
	Now        func() time.Time
	Log        *slog.Logger
	// Sleep waits between rate-limited attempts; tests record the waits.
	// Default: a timer that stops early when ctx ends.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Adapter is the Slack side of interviewbot.
type Adapter struct {
	cfg  Config
	deps Deps
	api  *api
	msg  *Messenger
	log  *slog.Logger
	now  func() time.Time
	work *workpool.Pool
}

// New checks the configuration and dependencies and builds the adapter. It
// makes no network calls; Handler and RunSocketMode start the transports.
func New(cfg Config, deps Deps) (*Adapter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Interviews == nil || deps.Members == nil || deps.Deliveries == nil {
		return nil, errors.New("slack: Interviews, Members and Deliveries are required")
	}
	cfg = cfg.withDefaults()
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	log := deps.Log.With("adapter", "slack")
	msg := deps.Messenger
	if msg == nil {
		msg = newMessenger(cfg, deps.Sleep, log)
	}
	return &Adapter{cfg: cfg, deps: deps, api: msg.api, msg: msg, log: log, now: deps.Now, work: workpool.New("Slack", cfg.Workers, cfg.Queue, log)}, nil
}

func (c Config) withDefaults() Config {
	if c.Lang == "" {
		c.Lang = bot.LangZH
	}
	if c.Workers <= 0 {
		c.Workers = 64
	}
	if c.Queue <= 0 {
		c.Queue = 4096
	}
	if c.PingInterval <= 0 {
		c.PingInterval = 30 * time.Second
	}
	if c.RateLimitAttempts <= 0 {
		c.RateLimitAttempts = 4
	}
	return c
}

// Messenger returns the adapter's bot.Messenger, for the daily use case.
func (a *Adapter) Messenger() *Messenger { return a.msg }

// Shutdown stops taking new work and waits for the work in flight, until
// ctx ends; then it cancels what is left and returns ctx's error.
func (a *Adapter) Shutdown(ctx context.Context) error { return a.work.Shutdown(ctx) }

// idleConnsPerHost is how many connections to Slack's API stay open
// between calls. Go's default keeps two per host, so a push from hundreds
// of post workers kept opening new ones (each a TLS handshake against
// slack.com); this keeps one per worker that is likely to be busy at once.
const idleConnsPerHost = 256

// newClient builds the slack-go client; only Socket Mode needs the app token.
func newClient(cfg Config) *slack.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = idleConnsPerHost, idleConnsPerHost
	opts := []slack.Option{slack.OptionHTTPClient(&http.Client{Transport: tr})}
	if cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(cfg.APIURL))
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	return slack.New(cfg.BotToken, opts...)
}

// The bot's use cases and bank satisfy the adapter's interfaces as they are.
var (
	_ Interviews = (*bot.Interviews)(nil)
	_ Daily      = (*bot.Daily)(nil)
	_ Bank       = (*bot.Bank)(nil)
)
