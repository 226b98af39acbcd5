package slack

import (
	"context"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// whileUnavailable runs a daily call again while it fails with EUNAVAILABLE
// (bot.RetryUnavailable): the event was already acknowledged, so Slack will
// not deliver it again, and giving up on the first outage would lose it.
func (a *Adapter) whileUnavailable(ctx context.Context, what string, call func() error) error {
	return bot.RetryUnavailable(ctx, bot.UnavailableBackoff(), a.sleep,
		func(attempt int, err error) {
			a.log.Warn("daily call failed, retrying", "action", what, "attempt", attempt, "err", err)
		}, call)
}

// sleep waits d or until ctx ends; tests inject Deps.Sleep to record waits.
func (a *Adapter) sleep(ctx context.Context, d time.Duration) error {
	if a.deps.Sleep != nil {
		return a.deps.Sleep(ctx, d)
	}
	return sleepCtx(ctx, d)
}
