package wecom

import (
	"sync"
	"time"
)

// limiter keeps each group robot webhook within WeCom's 20 messages a
// minute; past that WeCom answers 45009 and the message is lost. It is a
// token bucket of n tokens per webhook in which a spent token comes back
// exactly one period after it was spent. A bucket that refills at a steady
// n per period would let 2n-1 messages into some minute (a full burst, then
// the refill); this one never lets more than n into any window of one
// period. Reservations are handed out in order and may lie in the future,
// so concurrent senders queue up instead of all waking at once.
type limiter struct {
	n      int
	period time.Duration
	now    func() time.Time
	mu     sync.Mutex
	spent  map[string][]time.Time // per webhook, the send times of the last n reservations
}

func newLimiter(n int, period time.Duration, now func() time.Time) *limiter {
	return &limiter{n: n, period: period, now: now, spent: map[string][]time.Time{}}
}

// reserve books a send for key and returns how long to wait before it.
func (l *limiter) reserve(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	times := l.spent[key]
	at := now
	if len(times) >= l.n {
		if back := times[len(times)-l.n].Add(l.period); back.After(at) {
			at = back
		}
	}
	times = append(times, at)
	if len(times) > l.n {
		times = append(times[:0], times[len(times)-l.n:]...)
	}
	l.spent[key] = times
	return at.Sub(now)
}
