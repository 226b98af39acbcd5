package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/riverqueue/river"
)

var _ bot.Inbox = (*Queue)(nil)

// Batching limits of the inbox. A batch is whatever arrived while the last
// one was being committed, up to maxBatch: there is no timer, so a lone
// delivery is committed at once and a flood shares one commit per batch.
const (
	maxBatch = 500
	// flushTimeout bounds one batch's transaction; Slack gives up on a
	// request after three seconds, so a longer wait helps nobody.
	flushTimeout = 5 * time.Second
	// maxDeliveryKey is the longest key the deliveries table takes, as
	// ClaimDelivery checks it.
	maxDeliveryKey = 1024
)

// DeliveryHandler processes one accepted delivery in a job. Its error
// decides the job's fate as for any job: EUNAVAILABLE (or an error without
// a code) is retried with backoff, EINVALID, ENOTFOUND and ECONFLICT cancel
// the job. A handler may run more than once for one delivery (a retry, a
// job rescued from a killed process), so it must be safe to repeat.
type DeliveryHandler func(ctx context.Context, d bot.Delivery) error

// deliveryArgs is one accepted delivery. Payload is base64 in the job's JSON,
// so the bytes come back exactly as they arrived.
type deliveryArgs struct {
	Handler  string    `json:"kind"`
	Key      string    `json:"key"`
	Platform string    `json:"platform"`
	Payload  []byte    `json:"payload"`
	At       time.Time `json:"at"`
}

func (deliveryArgs) Kind() string { return "delivery" }

func (a deliveryArgs) delivery() bot.Delivery {
	return bot.Delivery{Platform: a.Platform, Key: a.Key, Kind: a.Handler, Payload: a.Payload, At: a.At}
}

// HandleDeliveries registers the handler of deliveries of kind. Register
// every kind before Start, so no job finds its handler missing; a delivery
// of a kind with no handler is retried (a newer replica may know it).
func (q *Queue) HandleDeliveries(kind string, h DeliveryHandler) {
	q.handlersMu.Lock()
	defer q.handlersMu.Unlock()
	if q.handlers == nil {
		q.handlers = map[string]DeliveryHandler{}
	}
	q.handlers[kind] = h
}

func (q *Queue) handler(kind string) DeliveryHandler {
	q.handlersMu.RLock()
	defer q.handlersMu.RUnlock()
	return q.handlers[kind]
}

// Accept stores d's key in the deliveries table and a "delivery" job for
// it in one transaction (bot.Inbox). Concurrent calls share transactions:
// they wait for the inbox's flusher, which commits what has gathered in
// one go, so a thousand deliveries a second cost tens of commits, not a
// thousand. It works before Start (the job waits for a worker) and fails
// with EUNAVAILABLE after Stop. When ctx ends first, Accept returns its
// error but the delivery may still be stored: then its key and its job
// both are, and a retry of the delivery is a duplicate that loses nothing.
func (q *Queue) Accept(ctx context.Context, d bot.Delivery) (bool, error) {
	if err := checkDelivery(d); err != nil {
		return false, err
	}
	if d.At.IsZero() {
		d.At = time.Now()
	}
	w := &waiter{ctx: ctx, d: d, done: make(chan accepted, 1)}
	if !q.inbox.add(w) {
		return false, unavailable(errors.New("the job queue is stopped"))
	}
	select {
	case r := <-w.done:
		return r.first, r.err
	case <-ctx.Done():
		return false, fmt.Errorf("accept delivery %s: %w", d.Key, ctx.Err())
	}
}

// checkDelivery refuses what the deliveries table would refuse, before the
// delivery joins a batch: one bad key must not fail the others.
func checkDelivery(d bot.Delivery) error {
	switch {
	case d.Platform == "" || d.Key == "" || d.Kind == "":
		return bot.Errorf(bot.EINVALID, "A delivery needs a platform, a key and a kind.")
	case len(d.Key) > maxDeliveryKey || len(d.Platform) > 64:
		return bot.Errorf(bot.EINVALID, "The delivery key is too long: %d bytes, at most %d.", len(d.Key), maxDeliveryKey)
	}
	for _, s := range []string{d.Platform, d.Key, d.Kind} {
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return bot.Errorf(bot.EINVALID, "A delivery's platform, key and kind must be text without NUL characters.")
		}
	}
	return nil
}

// waiter is one Accept call waiting for its batch.
type waiter struct {
	ctx  context.Context
	d    bot.Delivery
	done chan accepted // buffered: the flusher never blocks on a waiter that gave up
}

type accepted struct {
	first bool
	err   error
}

// storeBatch claims the deliveries' keys and inserts a job for each new one
// in one transaction, returning for each whether its key was new.
type storeBatch func(ctx context.Context, ds []bot.Delivery) ([]bool, error)

// inbox is the group commit behind Accept: callers queue up under mu and
// one flusher goroutine commits them in batches.
type inbox struct {
	log   *slog.Logger
	store storeBatch

	mu      sync.Mutex
	waiting []*waiter
	closed  bool

	wake chan struct{} // capacity 1: "there is something waiting"
	quit chan struct{}
	done chan struct{}
	stop sync.Once
}

func newInbox(log *slog.Logger, store storeBatch) *inbox {
	b := &inbox{log: log, store: store, wake: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	go b.run()
	return b
}

// add queues w for the next batch; false once the inbox is closed.
func (b *inbox) add(w *waiter) bool {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return false
	}
	b.waiting = append(b.waiting, w)
	b.mu.Unlock()
	select {
	case b.wake <- struct{}{}:
	default:
	}
	return true
}

// close stops the flusher: the batch being committed finishes and answers
// its waiters; those still waiting get EUNAVAILABLE (the platform retries,
// nothing was stored for them). Safe to call more than once.
func (b *inbox) close() {
	b.stop.Do(func() {
		b.mu.Lock()
		b.closed = true
		b.mu.Unlock()
		close(b.quit)
	})
	<-b.done
}

func (b *inbox) run() {
	defer close(b.done)
	var batch []*waiter
	for {
		select {
		case <-b.wake:
		case <-b.quit:
			b.failWaiting()
			return
		}
		for {
			batch = b.take(batch[:0])
			if len(batch) == 0 {
				break
			}
			b.flush(batch)
			clear(batch) // drop the references, so finished waiters can be collected
			select {
			case <-b.quit:
				b.failWaiting()
				return
			default:
			}
		}
	}
}

// take moves up to maxBatch waiters into batch, answering at once those
// whose caller has already given up.
func (b *inbox) take(batch []*waiter) []*waiter {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, w := range b.waiting {
		if len(batch) == maxBatch {
			break
		}
		n++
		if err := w.ctx.Err(); err != nil {
			w.done <- accepted{err: err}
			continue
		}
		batch = append(batch, w)
	}
	rest := copy(b.waiting, b.waiting[n:])
	clear(b.waiting[rest:])
	b.waiting = b.waiting[:rest]
	return batch
}

// flush stores one batch and answers its waiters. The transaction runs on a
// context of its own: one caller giving up must not fail the others.
func (b *inbox) flush(batch []*waiter) {
	ds := make([]bot.Delivery, len(batch))
	for i, w := range batch {
		ds[i] = w.d
	}
	ctx, cancel := context.WithTimeout(context.Background(), flushTimeout)
	first, err := b.store(ctx, ds)
	cancel()
	if err != nil {
		err = unavailable(fmt.Errorf("accept %d deliveries: %w", len(ds), err))
		b.log.Warn("deliveries not accepted", slog.Int("deliveries", len(ds)), slog.Any("err", err))
		for _, w := range batch {
			w.done <- accepted{err: err}
		}
		return
	}
	for i, w := range batch {
		w.done <- accepted{first: first[i]}
	}
}

func (b *inbox) failWaiting() {
	b.mu.Lock()
	defer b.mu.Unlock()
	err := unavailable(errors.New("the job queue stopped before the delivery was stored"))
	for _, w := range b.waiting {
		w.done <- accepted{err: err}
	}
	b.waiting = nil
}

// insertDeliveries builds the storeBatch of a River client: begin, claim
// the keys, insert one job per new key, commit. The deliveries table and
// River's job table are in the same database, so the key and its job are
// stored together or not at all.
func insertDeliveries[TTx any](client *river.Client[TTx], begin func(ctx context.Context) (TTx, func(context.Context) error, func(context.Context) error, error),
	claim func(ctx context.Context, tx TTx, ds []bot.Delivery) ([]bool, error)) storeBatch {
	return func(ctx context.Context, ds []bot.Delivery) ([]bool, error) {
		tx, commit, rollback, err := begin(ctx)
		if err != nil {
			return nil, fmt.Errorf("begin: %w", err)
		}
		defer rollback(context.WithoutCancel(ctx)) // after a commit, a no-op
		first, err := claim(ctx, tx, ds)
		if err != nil {
			return nil, err
		}
		params := make([]river.InsertManyParams, 0, len(ds))
		for i, d := range ds {
			if first[i] {
				params = append(params, river.InsertManyParams{
					Args:       deliveryArgs{Handler: d.Kind, Key: d.Key, Platform: d.Platform, Payload: d.Payload, At: d.At.UTC()},
					InsertOpts: &river.InsertOpts{MaxAttempts: 10},
				})
			}
		}
		if len(params) > 0 {
			if _, err := client.InsertManyTx(ctx, tx, params); err != nil {
				return nil, fmt.Errorf("insert %d delivery jobs: %w", len(params), err)
			}
		}
		if err := commit(ctx); err != nil {
			return nil, fmt.Errorf("commit: %w", err)
		}
		return first, nil
	}
}

type deliveryWorker struct {
	river.WorkerDefaults[deliveryArgs]
	q *Queue
}

func (w *deliveryWorker) Work(ctx context.Context, job *river.Job[deliveryArgs]) error {
	a := job.Args
	h := w.q.handler(a.Handler)
	if h == nil {
		return fmt.Errorf("no handler for deliveries of kind %q", a.Handler)
	}
	err := h(ctx, a.delivery())
	if err != nil {
		w.q.log.Info("delivery job", slog.String("kind", a.Handler), slog.String("key", a.Key),
			slog.Int("attempt", job.Attempt), slog.Any("err", err))
	}
	return outcome(err)
}
