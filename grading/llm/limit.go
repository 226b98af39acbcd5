package llm

import (
	"context"
	"strconv"
	"sync"
)

// limiter bounds LLM calls in flight: all members together, and each
// member alone, so one member pasting twenty answers cannot take every slot
// from the rest. A member waits for their own slot before taking a global
// one, so waiting requests never hold global slots.
type limiter struct {
	global chan struct{}
	per    int

	mu      sync.Mutex
	members map[string]*memberSlots
}

type memberSlots struct {
	slots chan struct{}
	users int // requests holding or waiting for a slot; the entry goes at 0
}

func newLimiter(global, perMember int) *limiter {
	return &limiter{global: make(chan struct{}, global), per: perMember, members: map[string]*memberSlots{}}
}

// acquire waits for a slot for member ("" has no per-member limit) and
// returns the function that gives it back.
func (l *limiter) acquire(ctx context.Context, member string) (release func(), err error) {
	var m *memberSlots
	if member != "" {
		m = l.join(member)
		select {
		case m.slots <- struct{}{}:
		case <-ctx.Done():
			l.leave(member, m, false)
			return nil, ctx.Err()
		}
	}
	select {
	case l.global <- struct{}{}:
	case <-ctx.Done():
		if m != nil {
			l.leave(member, m, true)
		}
		return nil, ctx.Err()
	}
	return func() {
		<-l.global
		if m != nil {
			l.leave(member, m, true)
		}
	}, nil
}

func (l *limiter) join(member string) *memberSlots {
	l.mu.Lock()
	defer l.mu.Unlock()
	m := l.members[member]
	if m == nil {
		m = &memberSlots{slots: make(chan struct{}, l.per)}
		l.members[member] = m
	}
	m.users++
	return m
}

func (l *limiter) leave(member string, m *memberSlots, held bool) {
	if held {
		<-m.slots
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	m.users--
	if m.users == 0 {
		delete(l.members, member)
	}
}

// inFlight returns the number of global slots in use, for tests and logs.
func (l *limiter) inFlight() int { return len(l.global) }

// memberKeyOf names a member for the per-member limit; "" (unknown, as in
// batch grading) is limited by the global limit only.
func memberKeyOf(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
