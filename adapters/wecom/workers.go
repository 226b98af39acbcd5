package wecom

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
)

// workers runs what follows the callback's 200. WeCom retries a callback it
// gets no answer to within five seconds, and grading or sending can take
// longer, so handlers reserve a slot, answer and hand the rest here. Slots
// are bounded, so a flood of callbacks cannot start unbounded goroutines,
// and counted, so shutdown can wait for them.
type workers struct {
	log    *slog.Logger
	slots  chan struct{}
	ctx    context.Context // work runs in it; cancelled when shutdown gives up
	cancel context.CancelFunc

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

func newWorkers(n int, log *slog.Logger) *workers {
	ctx, cancel := context.WithCancel(context.Background())
	return &workers{log: log, slots: make(chan struct{}, n), ctx: ctx, cancel: cancel}
}

// reserve takes a slot without waiting; false means all are busy or the
// adapter is shutting down. A reserved slot goes to run or release.
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

// release gives back a reserved slot.
func (w *workers) release() {
	<-w.slots
	w.wg.Done()
}

// run runs fn in the reserved slot; a panic is logged, not fatal.
func (w *workers) run(what string, fn func(ctx context.Context)) {
	go func() {
		defer w.release()
		defer func() {
			if r := recover(); r != nil {
				w.log.Error("panic in WeCom work", "work", what, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
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
