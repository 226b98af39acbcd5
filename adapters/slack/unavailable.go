package slack

import (
	"context"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// unavailableBackoff is how long to wait before each retry of a daily call
// that failed because the database was unreachable: about a minute in all,
// enough for a PostgreSQL restart or a failover.
var unavailableBackoff = []time.Duration{
	250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second,
	4 * time.Second, 8 * time.Second, 15 * time.Second, 30 * time.Second,
}

// whileUnavailable runs call again while it fails with EUNAVAILABLE. The
// event was already claimed and acknowledged, so Slack will not deliver it
// again: giving up on the first outage would lose the answer. The daily use
// case is idempotent per delivery key, so a repeated call after a partial
// success stores nothing twice.
func (a *Adapter) whileUnavailable(ctx context.Context, what string, call func() error) error {
	err := call()
	for i := 0; bot.ErrorCode(err) == bot.EUNAVAILABLE && i < len(unavailableBackoff); i++ {
		a.log.Warn("daily call failed, retrying", "action", what, "attempt", i+1, "err", err)
		if serr := a.sleep(ctx, unavailableBackoff[i]); serr != nil {
			return err
		}
		err = call()
	}
	return err
}

// sleep waits d or until ctx ends; tests inject Deps.Sleep to record waits.
func (a *Adapter) sleep(ctx context.Context, d time.Duration) error {
	if a.deps.Sleep != nil {
		return a.deps.Sleep(ctx, d)
	}
	return sleepCtx(ctx, d)
}
