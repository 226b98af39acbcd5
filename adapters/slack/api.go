package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"
)

// api is the slack-go client behind every outgoing call. Each call honours
// Slack's rate limits: posts are spaced per channel (pacer), and a 429
// (*slack.RateLimitedError) waits Retry-After and tries again, a bounded
// number of times, and stops when ctx ends. Only a 429 is retried: Slack
// posted nothing then, while after a timeout or a dropped connection the
// message may be in the channel, and the caller (bot.Daily's post claim)
// decides what happens next.
type api struct {
	c        *slack.Client
	attempts int
	sleep    func(ctx context.Context, d time.Duration) error
	pace     *pacer
	log      *slog.Logger
}

func newAPI(cfg Config, sleep func(context.Context, time.Duration) error, log *slog.Logger) *api {
	if sleep == nil {
		sleep = sleepCtx
	}
	// The pacer's waits are rate-limit waits too: a test that injects sleep
	// (Deps.Sleep) records them instead of waiting.
	return &api{c: newClient(cfg), attempts: cfg.RateLimitAttempts, sleep: sleep,
		pace: newPacer(postInterval, paceIdle, time.Now, sleep), log: log}
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// do runs one Web API call, retrying it after Retry-After while Slack rate-limits it.
func (a *api) do(ctx context.Context, method string, call func() error) error {
	for attempt := 1; ; attempt++ {
		err := call()
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) {
			if err != nil {
				return fmt.Errorf("slack %s: %w", method, err)
			}
			return nil
		}
		if attempt >= a.attempts {
			return fmt.Errorf("slack %s: still rate limited after %d attempts: %w", method, attempt, err)
		}
		a.log.Warn("rate limited by Slack; waiting", "method", method, "retry_after", rl.RetryAfter.String(), "attempt", attempt)
		if err := a.sleep(ctx, rl.RetryAfter); err != nil {
			return fmt.Errorf("slack %s: waiting out the rate limit: %w", method, err)
		}
	}
}

// post posts a message (a thread reply when thread is set) and returns its ts.
func (a *api) post(ctx context.Context, channel, thread string, m message) (string, error) {
	opts := m.options()
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	var ts string
	err := a.pace.do(ctx, channel, func() error {
		return a.do(ctx, "chat.postMessage", func() (err error) {
			_, ts, err = a.c.PostMessageContext(ctx, channel, opts...)
			return err
		})
	})
	return ts, err
}

// ephemeral shows a message only to user in channel.
func (a *api) ephemeral(ctx context.Context, channel, user string, m message) error {
	return a.do(ctx, "chat.postEphemeral", func() error {
		_, err := a.c.PostEphemeralContext(ctx, channel, user, m.options()...)
		return err
	})
}

// update replaces a message the bot posted.
func (a *api) update(ctx context.Context, channel, ts string, m message) error {
	return a.do(ctx, "chat.update", func() error {
		_, _, _, err := a.c.UpdateMessageContext(ctx, channel, ts, m.options()...)
		return err
	})
}

// react adds an emoji to a message; a reaction that is already there is fine.
func (a *api) react(ctx context.Context, channel, ts, name string) error {
	err := a.do(ctx, "reactions.add", func() error {
		return a.c.AddReactionContext(ctx, name, slack.NewRefToMessage(channel, ts))
	})
	if err != nil && slackError(err) == "already_reacted" {
		return nil
	}
	return err
}

// openDM returns the id of the bot's DM with user.
func (a *api) openDM(ctx context.Context, user string) (string, error) {
	var id string
	err := a.do(ctx, "conversations.open", func() error {
		ch, _, _, err := a.c.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
		if err == nil {
			id = ch.ID
		}
		return err
	})
	return id, err
}

// dm sends a message to user's DM with the bot.
func (a *api) dm(ctx context.Context, user string, m message) error {
	ch, err := a.openDM(ctx, user)
	if err != nil {
		return err
	}
	_, err = a.post(ctx, ch, "", m)
	return err
}

// private shows m to user alone: ephemeral in channel, or a DM when the
// ephemeral cannot be shown (the bot is not in the channel, say).
func (a *api) private(ctx context.Context, channel, user string, m message) error {
	if channel != "" {
		err := a.ephemeral(ctx, channel, user, m)
		if err == nil || ctx.Err() != nil {
			return err
		}
		a.log.Info("ephemeral failed; sending a DM instead", "channel_id", channel, "user_id", user, "err", err)
	}
	return a.dm(ctx, user, m)
}

// publishHome publishes user's App Home tab.
func (a *api) publishHome(ctx context.Context, user string, blocks []slack.Block) error {
	return a.do(ctx, "views.publish", func() error {
		_, err := a.c.PublishViewContext(ctx, slack.PublishViewContextRequest{
			UserID: user,
			View:   slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}},
		})
		return err
	})
}

// slackError is the "error" string of a failed Web API response, if any.
func slackError(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// message is what the bot sends: fallback text for notifications and
// screen readers, and the Block Kit blocks.
type message struct {
	text   string
	blocks []slack.Block
}

func (m message) options() []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(m.text, false)}
	if len(m.blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(m.blocks...))
	}
	return opts
}
