package jobs_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/jobs"
	"github.com/interviewbot/interviewbot/storage/sqlite"
)

// TestInsertOnlyReplica: a queue opened InsertOnly accepts deliveries and
// stores them durably but runs none of them, even when started; a queue
// with workers on the same database runs each one exactly once.
func TestInsertOnlyReplica(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bot.db")
	store, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	open := func(insertOnly bool) *jobs.Queue {
		q, closeDB, err := jobs.OpenSQLite(ctx, path, jobs.Config{PollInterval: 100 * time.Millisecond, InsertOnly: insertOnly})
		if err != nil {
			t.Fatalf("OpenSQLite(insertOnly=%v): %v", insertOnly, err)
		}
		t.Cleanup(closeDB)
		return q
	}

	ingest := open(true)
	ranOnIngest := &handled{got: map[string][]bot.Delivery{}}
	ingest.HandleDeliveries("test_event", ranOnIngest.handle)
	if err := ingest.Start(ctx, idleRunner{}); err != nil {
		t.Fatalf("Start on an insert-only queue: %v", err)
	}
	keys := []string{"event:Ev1", "event:Ev2", "event:Ev3"}
	for _, k := range keys {
		if first, err := ingest.Accept(ctx, delivery(k)); err != nil || !first {
			t.Fatalf("Accept(%s) = %v, %v; want a first delivery", k, first, err)
		}
	}
	// A running client fetches new jobs within its poll interval (100 ms);
	// ten of them pass with nothing run.
	time.Sleep(time.Second)
	if got := ranOnIngest.snapshot(); len(got) != 0 {
		t.Fatalf("the insert-only queue ran %d deliveries", len(got))
	}

	worker := open(false)
	ran := &handled{got: map[string][]bot.Delivery{}}
	worker.HandleDeliveries("test_event", ran.handle)
	if err := worker.Start(ctx, idleRunner{}); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = worker.Stop(context.Background()) })
	deadline := time.Now().Add(30 * time.Second)
	for len(ran.snapshot()) < len(keys) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	got := ran.snapshot()
	for _, k := range keys {
		if len(got[k]) != 1 {
			t.Errorf("delivery %s ran %d times on the worker, want once", k, len(got[k]))
		}
	}
	if err := ingest.Stop(ctx); err != nil {
		t.Errorf("Stop on an insert-only queue: %v", err)
	}
	if len(ranOnIngest.snapshot()) != 0 {
		t.Errorf("the insert-only queue ran deliveries")
	}
}
