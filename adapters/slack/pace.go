package slack

import (
	"context"
	"sync"
	"time"
)

// Slack lets an app post about one message per second to a channel
// (chat.postMessage's special limit) and answers 429 beyond it. Spacing the
// posts here means a daily push to many channels runs at the limit without
// tripping it, instead of bouncing off 429s and their whole-second waits.
const (
	postInterval = time.Second
	// paceIdle is how long a channel's lane outlives its last message before
	// the pacer forgets it, so memory follows the channels active right now.
	paceIdle = 5 * time.Second
)

// pacer spaces messages per channel: one at a time per channel, each sent
// at least every after the previous one came back (not after it left: the
// gap Slack sees between two arrivals is then at least every, whatever the
// network did to the first). Channels do not wait for each other.
type pacer struct {
	every, idle time.Duration
	now         func() time.Time
	sleep       func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	lanes map[string]*lane
	swept time.Time
}

// lane is one channel's turn-taking. token is held while a message to the
// channel is being sent (or waits for its time); next and users are guarded
// by pacer.mu.
type lane struct {
	token chan struct{}
	next  time.Time // the earliest the next message may leave
	users int       // callers holding or waiting for the token
}

func newPacer(every, idle time.Duration, now func() time.Time, sleep func(context.Context, time.Duration) error) *pacer {
	return &pacer{every: every, idle: idle, now: now, sleep: sleep, lanes: map[string]*lane{}}
}

// do runs send for channel when the channel's previous message is done and
// every has passed since. A send that waits out a 429 inside keeps the
// channel's turn, so the messages queued behind it wait too.
func (p *pacer) do(ctx context.Context, channel string, send func() error) error {
	l := p.enter(channel)
	defer p.leave(l)
	select {
	case l.token <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-l.token }()
	p.mu.Lock()
	wait := l.next.Sub(p.now())
	p.mu.Unlock()
	if wait > 0 {
		if err := p.sleep(ctx, wait); err != nil {
			return err
		}
	}
	err := send()
	// Whatever the outcome, the message may have reached Slack.
	p.mu.Lock()
	l.next = p.now().Add(p.every)
	p.mu.Unlock()
	return err
}

// enter returns channel's lane, creating it, and forgets idle lanes at most
// once per idle period.
func (p *pacer) enter(channel string) *lane {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if now.Sub(p.swept) >= p.idle {
		p.swept = now
		for ch, l := range p.lanes {
			if l.users == 0 && now.Sub(l.next) >= p.idle {
				delete(p.lanes, ch)
			}
		}
	}
	l := p.lanes[channel]
	if l == nil {
		l = &lane{token: make(chan struct{}, 1)}
		p.lanes[channel] = l
	}
	l.users++
	return l
}

func (p *pacer) leave(l *lane) {
	p.mu.Lock()
	l.users--
	p.mu.Unlock()
}

// size is how many channels the pacer remembers.
func (p *pacer) size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.lanes)
}
