package slack

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
)

// workers runs the work that follows an acknowledgement. Slack wants an
// answer within three seconds, so handlers reserve a slot, acknowledge and
// hand the rest here. Slots are bounded, so a flood of deliveries cannot
// start unbounded goroutines, and tracked, so shutdown can wait for them.
type workers struct {
	log    *slog.Logger
	slots  chan struct{}
	ctx    context.Context // the context work runs in; cancelled when shutdown gives up
	cancel context.CancelFunc

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

func newWorkers(n int, log *slog.Logger) *workers {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &workers{log: log, slots: make(chan struct{}, n), ctx: ctx, cancel: cancel}
}

// reserve takes a slot without waiting; false means all are busy or the
// adapter is shutting down. A reserved slot must be given to run or release.
func (w *workers) reserve() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return false
	}
	select {
	case w.slots <- struct{}{}:
		w.wg.Add(1)
		return true
	default:
		return false
	}
}

// reserveWait takes a slot, waiting for one until ctx ends. Socket Mode uses
// it: its envelope is already acknowledged, so waiting is the right thing.
func (w *workers) reserveWait(ctx context.Context) bool {
	select {
	case w.slots <- struct{}{}:
	case <-ctx.Done():
		return false
	case <-w.ctx.Done():
		return false
	}
	// Count the slot under mu: shutdown sets closed under mu before it
	// waits, so it either sees this work or this work sees closed.
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		<-w.slots
		return false
	}
	w.wg.Add(1)
	return true
}

// release gives back a reserved slot that was not used.
func (w *workers) release() {
	<-w.slots
	w.wg.Done()
}

// run runs fn in the reserved slot. A panic is logged, not fatal: one bad
// delivery must not take the bot down.
func (w *workers) run(what string, fn func(ctx context.Context)) {
	go func() {
		defer w.release()
		defer func() {
			if r := recover(); r != nil {
				w.log.Error("panic in Slack work", "work", what, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			}
		}()
		fn(w.ctx)
	}()
}

// shutdown refuses new work and waits for the running work until ctx ends,
// then cancels it.
func (w *workers) shutdown(ctx context.Context) error {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	done := make(chan struct{})
	go func() { w.wg.Wait(); close(done) }()
	select {
	case <-done:
		w.cancel()
		return nil
	case <-ctx.Done():
		w.cancel()
		<-done
		return ctx.Err()
	}
}
