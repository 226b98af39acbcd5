package wecom

import (
	"sync"
	"time"
)

// limiter is a token bucket per group robot webhook: WeCom allows each
// webhook 20 messages a minute and drops the rest with errcode 45009, so
// sends wait for a token instead. A bucket starts full (a burst of n) and
// refills at n per period; a reservation may take the bucket below zero, so
// concurrent senders queue up in order rather than all waking at once.
type limiter struct {
	n       float64
	period  time.Duration
	now     func() time.Time
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(n int, period time.Duration, now func() time.Time) *limiter {
	return &limiter{n: float64(n), period: period, now: now, buckets: map[string]*bucket{}}
}

// reserve takes a token for key and returns how long to wait before using it.
func (l *limiter) reserve(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.n, at: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = min(l.n, b.tokens+l.n*float64(elapsed)/float64(l.period))
		b.at = now
	}
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens / l.n * float64(l.period))
}
