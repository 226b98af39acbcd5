// Package workpool runs the work a chat adapter takes on after it has
// acknowledged a delivery. Slack wants an answer within three seconds and
// WeCom retries a callback after five, while grading or sending can take
// longer: so handlers admit the work, answer, and leave the rest to a
// fixed set of workers.
//
// Admission is bounded twice: at most Workers run at once, and at most
// Queue more wait their turn, first come first served. A burst above that
// is refused at once (the adapter tells the user it is busy) instead of
// piling up goroutines. Admitted work is counted, so Shutdown can wait for
// it.
package workpool

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
)

// Pool is a fixed set of workers over a bounded queue.
type Pool struct {
	name   string
	log    *slog.Logger
	admit  chan struct{} // one token per admitted piece of work, queued or running
	tasks  chan task
	stop   chan struct{} // closed when the workers should exit
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup // admitted and not finished
}

type task struct {
	what string
	fn   func(context.Context)
}

// New starts workers goroutines that take work from a queue of up to queue
// more. name labels log lines ("Slack"); log may be nil.
func New(name string, workers, queue int, log *slog.Logger) *Pool {
	if workers < 1 {
		workers = 1
	}
	if queue < 0 {
		queue = 0
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pool{name: name, log: log, admit: make(chan struct{}, workers+queue),
		tasks: make(chan task, workers+queue), stop: make(chan struct{}), ctx: ctx, cancel: cancel}
	for range workers {
		go p.work()
	}
	return p
}

// Context is the context work runs in: cancelled when Shutdown gives up
// waiting. Work that outlives a request (Socket Mode acks) uses it too.
func (p *Pool) Context() context.Context { return p.ctx }

// Reserve admits one piece of work without waiting; false means the pool
// is full or shutting down. An admitted slot must go to Run or Release.
func (p *Pool) Reserve() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	select {
	case p.admit <- struct{}{}:
		p.wg.Add(1)
		return true
	default:
		return false
	}
}

// ReserveWait admits one piece of work, waiting for room until ctx ends or
// the pool shuts down. Socket Mode uses it: its envelope is acknowledged
// already, so waiting is right.
func (p *Pool) ReserveWait(ctx context.Context) bool {
	select {
	case p.admit <- struct{}{}:
	case <-ctx.Done():
		return false
	case <-p.ctx.Done():
		return false
	}
	// Count it under mu: Shutdown sets closed under mu before it waits, so
	// either it sees this work or this work sees closed.
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		<-p.admit
		return false
	}
	p.wg.Add(1)
	return true
}

// Release gives back an admitted slot that was not used.
func (p *Pool) Release() {
	<-p.admit
	p.wg.Done()
}

// Run queues fn in an admitted slot; it never blocks, because the slot
// guarantees room in the queue.
func (p *Pool) Run(what string, fn func(ctx context.Context)) {
	p.tasks <- task{what: what, fn: fn}
}

func (p *Pool) work() {
	for {
		select {
		case t := <-p.tasks:
			p.exec(t)
		case <-p.stop:
			return
		}
	}
}

// exec runs one task. A panic is logged, not fatal: one bad delivery must
// not take the bot down.
func (p *Pool) exec(t task) {
	defer p.Release()
	defer func() {
		if r := recover(); r != nil {
			p.log.Error(fmt.Sprintf("panic in %s work", p.name), "work", t.what, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	t.fn(p.ctx)
}

// Wait blocks until no admitted work is left (tests use it to let the work
// a request started finish).
func (p *Pool) Wait() { p.wg.Wait() }

// Shutdown refuses new work and waits for the admitted work, queued and
// running, until ctx ends; then it cancels what is left, waits for it to
// return and stops the workers.
func (p *Pool) Shutdown(ctx context.Context) error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	done := make(chan struct{})
	go func() { p.wg.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
		p.cancel()
		<-done
	}
	p.cancel()
	p.mu.Lock()
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	p.mu.Unlock()
	return err
}
