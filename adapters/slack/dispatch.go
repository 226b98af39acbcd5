package slack

import (
	"context"

	"github.com/interviewbot/interviewbot/bot"
)

// outcome is what became of a delivery handed to dispatch.
type outcome int

const (
	started   outcome = iota // claimed and running
	duplicate                // seen before: a retry or a redelivery; nothing done
	busy                     // no worker free (or shutting down); nothing claimed
	failed                   // the claim could not be stored; nothing done
)

// dispatch claims a delivery's idempotency key and runs fn in a worker. The
// slot is reserved before the claim, so a busy bot never claims what it
// cannot process (Slack's retry then finds the key free), and the claim is
// stored before any side effect, so a retry or a redelivery of a processed
// delivery does nothing. wait says whether to wait for a free worker
// (Socket Mode, already acknowledged) or give up at once (HTTP, 503).
func (a *Adapter) dispatch(ctx context.Context, key, what string, wait bool, fn func(context.Context)) outcome {
	ok := false
	if wait {
		ok = a.work.ReserveWait(ctx)
	} else {
		ok = a.work.Reserve()
	}
	if !ok {
		a.log.Warn("no worker free; delivery not taken", "work", what, "delivery_key", key)
		return busy
	}
	if key != "" {
		first, err := a.deps.Deliveries.ClaimDelivery(ctx, bot.PlatformSlack, key, a.now().UTC())
		if err != nil {
			a.work.Release()
			a.log.Error("claim delivery", "work", what, "delivery_key", key, "err", err)
			return failed
		}
		if !first {
			a.work.Release()
			a.log.Info("duplicate delivery ignored", "work", what, "delivery_key", key)
			return duplicate
		}
	}
	a.work.Run(what, fn)
	return started
}
