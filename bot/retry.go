package bot

import (
	"context"
	"time"
)

// UnavailableBackoff is how long an adapter waits before each retry of a
// call that failed because the database was unreachable: about a minute in
// all, enough for a PostgreSQL restart or a failover. A new slice each call,
// so no caller can change another's.
func UnavailableBackoff() []time.Duration {
	return []time.Duration{
		250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second,
		4 * time.Second, 8 * time.Second, 15 * time.Second, 30 * time.Second,
	}
}

// RetryUnavailable runs call, and again after each wait in backoff while it
// fails with EUNAVAILABLE. Adapters use it for work they have already
// acknowledged to the platform: the platform will not deliver it again, so
// giving up on the first outage would lose it. The use cases are idempotent
// per delivery key, so a repeat after a partial success stores nothing
// twice. sleep waits (tests record instead); onRetry, when set, is told of
// each failed attempt before its wait. The last error is returned.
func RetryUnavailable(ctx context.Context, backoff []time.Duration, sleep func(context.Context, time.Duration) error,
	onRetry func(attempt int, err error), call func() error) error {
	err := call()
	for i := 0; ErrorCode(err) == EUNAVAILABLE && i < len(backoff); i++ {
		if onRetry != nil {
			onRetry(i+1, err)
		}
		if serr := sleep(ctx, backoff[i]); serr != nil {
			return err
		}
		err = call()
	}
	return err
}
