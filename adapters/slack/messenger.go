package slack

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// Block and action ids of the daily question's buttons.
const (
	blockDaily  = "daily"
	actionHint  = "daily_hint"
	actionScore = "daily_score"
)

// ackReaction is the emoji that tells someone their thread answer arrived.
const ackReaction = "white_check_mark"

// Messenger posts the daily question, the reveal and leaderboards to Slack
// and sends private feedback. It implements bot.Messenger and
// bot.Acknowledger; the daily use case holds it.
type Messenger struct {
	api   *api
	log   *slog.Logger
	chart ChartRenderer // nil: leaderboards are text only (see WithChart)
}

var (
	_ bot.Messenger    = (*Messenger)(nil)
	_ bot.Acknowledger = (*Messenger)(nil)
)

// NewMessenger builds a Messenger on its own, for wiring the daily use case
// before the adapter; pass it to New in Deps.Messenger so both share it.
func NewMessenger(cfg Config, log *slog.Logger) (*Messenger, error) {
	if cfg.BotToken == "" {
		return nil, errors.New("slack: the bot token (xoxb-…) is required")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return newMessenger(cfg.withDefaults(), nil, log.With("adapter", "slack")), nil
}

func newMessenger(cfg Config, sleep func(context.Context, time.Duration) error, log *slog.Logger) *Messenger {
	return &Messenger{api: newAPI(cfg, sleep, log), log: log}
}

// PostQuestion posts the daily question; its ts is the reference thread
// replies are matched by.
func (m *Messenger) PostQuestion(ctx context.Context, ch *bot.Channel, p *bot.Post, q *bot.Question) (string, error) {
	return m.api.post(ctx, ch.Key.ChannelID, "", renderDailyQuestion(ch, p, q))
}

// PostReveal posts the reference answer and key points in the question's thread.
func (m *Messenger) PostReveal(ctx context.Context, ch *bot.Channel, question *bot.Post, q *bot.Question) (string, error) {
	return m.api.post(ctx, ch.Key.ChannelID, question.Ref, renderReveal(ch, q))
}

// PostLeaderboard posts a leaderboard to the channel, then its chart when
// one is configured (WithChart).
func (m *Messenger) PostLeaderboard(ctx context.Context, ch *bot.Channel, lb *bot.Leaderboard) (string, error) {
	ts, err := m.api.post(ctx, ch.Key.ChannelID, "", renderLeaderboard(lb, channelLang(ch)))
	if err != nil {
		return "", err
	}
	m.attachChart(ctx, ch, lb)
	return ts, nil
}

// SendFeedback shows the author their grade privately: ephemeral in the
// channel, or a DM when Slack cannot show it there.
func (m *Messenger) SendFeedback(ctx context.Context, ch *bot.Channel, mem *bot.Member, a *bot.Answer, q *bot.Question) error {
	lang := mem.Lang
	if lang == "" {
		lang = channelLang(ch)
	}
	return m.api.private(ctx, ch.Key.ChannelID, mem.Key.UserID, renderFeedback(a, q, lang))
}

// Acknowledge reacts to the answer message so its author sees it arrived.
func (m *Messenger) Acknowledge(ctx context.Context, ch *bot.Channel, messageRef string) error {
	return m.api.react(ctx, ch.Key.ChannelID, messageRef, ackReaction)
}
