package wecom

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// Messenger posts the daily question, the reveal and leaderboards to WeCom
// groups through their group robot webhooks and sends private feedback as
// app messages. It implements bot.Messenger; the daily use case holds it.
type Messenger struct {
	api      *api
	webhooks map[string]string // chat id → group robot key
	lang     bot.Lang
	cardURL  string
	plain    bool
	log      *slog.Logger
}

var _ bot.Messenger = (*Messenger)(nil)

// NewMessenger builds a Messenger on its own, for wiring the daily use case
// before the adapter; pass it to New in Deps.Messenger so both share it.
func NewMessenger(cfg Config, log *slog.Logger) (*Messenger, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return newMessenger(cfg.withDefaults(), time.Now, nil, log.With("adapter", "wecom"))
}

func newMessenger(cfg Config, now func() time.Time, sleep func(context.Context, time.Duration) error, log *slog.Logger) (*Messenger, error) {
	return &Messenger{api: newAPI(cfg, now, sleep, log), webhooks: cfg.GroupWebhooks, lang: cfg.Lang,
		cardURL: cfg.CardURL, plain: cfg.PlainText, log: log}, nil
}

// PostQuestion pushes the daily question to the group. The webhook returns
// no message id and WeCom has no threads (answers are matched by the
// question window instead), so the reference is one of our own.
func (m *Messenger) PostQuestion(ctx context.Context, ch *bot.Channel, p *bot.Post, q *bot.Question) (string, error) {
	return m.post(ctx, ch, renderDailyQuestion(ch, p, q, channelLang(ch, m.lang)))
}

// PostReveal pushes the reference answer as a follow-up message that names
// the question again.
func (m *Messenger) PostReveal(ctx context.Context, ch *bot.Channel, question *bot.Post, q *bot.Question) (string, error) {
	return m.post(ctx, ch, renderReveal(question, q, channelLang(ch, m.lang)))
}

// PostLeaderboard pushes a leaderboard to the group.
func (m *Messenger) PostLeaderboard(ctx context.Context, ch *bot.Channel, lb *bot.Leaderboard) (string, error) {
	return m.post(ctx, ch, renderLeaderboard(lb, channelLang(ch, m.lang)))
}

// SendFeedback sends the author their grade as an app message: only they
// see it.
func (m *Messenger) SendFeedback(ctx context.Context, ch *bot.Channel, mem *bot.Member, a *bot.Answer, q *bot.Question) error {
	lang := mem.Lang
	if lang == "" {
		lang = channelLang(ch, m.lang)
	}
	if m.cardURL != "" && !m.plain {
		if err := m.api.sendAppCard(ctx, mem.Key.UserID, feedbackCard(a, q, lang, m.cardURL)); err != nil {
			return fmt.Errorf("feedback card to %s: %w", mem.Key.UserID, err)
		}
	}
	return m.tell(ctx, mem.Key.UserID, renderFeedback(a, q, lang))
}

// post pushes md to the group's robot webhook, split to fit.
func (m *Messenger) post(ctx context.Context, ch *bot.Channel, md string) (string, error) {
	key, ok := m.webhooks[ch.Key.ChannelID]
	if !ok {
		return "", bot.Errorf(bot.EINVALID, "Group %q has no group robot webhook: add it to %s.", ch.Key.ChannelID, EnvGroupWebhooks)
	}
	for _, part := range splitMarkdown(md, maxRobotMarkdown) {
		if err := m.api.sendWebhook(ctx, key, part); err != nil {
			return "", fmt.Errorf("post to group %s: %w", ch.Key.ChannelID, err)
		}
	}
	return newRef(), nil
}

// tell sends md to one member as app markdown messages, split to fit (or
// as text messages in plain-text mode).
func (m *Messenger) tell(ctx context.Context, user, md string) error {
	if m.plain {
		for _, part := range splitMarkdown(plainText(md), maxAppText) {
			if err := m.api.sendAppText(ctx, user, part); err != nil {
				return fmt.Errorf("app message to %s: %w", user, err)
			}
		}
		return nil
	}
	for _, part := range splitMarkdown(md, maxAppMarkdown) {
		if err := m.api.sendAppMarkdown(ctx, user, part); err != nil {
			return fmt.Errorf("app message to %s: %w", user, err)
		}
	}
	return nil
}

// newRef names a pushed message; webhook pushes get no id from WeCom.
func newRef() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "wecom-" + hex.EncodeToString(b)
}
