package jobs_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/jobs"
	"github.com/interviewbot/interviewbot/storage/postgres"
	"github.com/interviewbot/interviewbot/storage/sqlite"
	"github.com/interviewbot/interviewbot/storage/storetest"
	"github.com/jackc/pgx/v5"
)

// inboxEnv is a queue on one engine with what the contract test needs to
// look at and break its database.
type inboxEnv struct {
	queue *jobs.Queue
	// jobs counts the stored delivery jobs by key.
	jobs func(t *testing.T) map[string]int
	// down makes the database unreachable (down(true)) and brings it back.
	down func(t *testing.T, down bool)
}

// idleRunner is a Runner with nothing to run: these tests are about
// deliveries, but Start wants one for the other job kinds.
type idleRunner struct{}

func (idleRunner) GradeAnswer(context.Context, int64) error { return nil }
func (idleRunner) PostQuestion(context.Context, int64, string) (*bot.Post, error) {
	return nil, bot.Errorf(bot.ENOTFOUND, "no posts here")
}
func (idleRunner) Reveal(context.Context, int64, string) (*bot.Post, error) {
	return nil, bot.Errorf(bot.ENOTFOUND, "no posts here")
}
func (idleRunner) PostLeaderboard(context.Context, int64, string) (*bot.Post, error) {
	return nil, bot.Errorf(bot.ENOTFOUND, "no posts here")
}
func (idleRunner) Tick(context.Context) error { return nil }

// handled records the deliveries a handler was given.
type handled struct {
	mu  sync.Mutex
	got map[string][]bot.Delivery
}

func (h *handled) handle(_ context.Context, d bot.Delivery) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.got[d.Key] = append(h.got[d.Key], d)
	return nil
}

func (h *handled) snapshot() map[string][]bot.Delivery {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make(map[string][]bot.Delivery, len(h.got))
	for k, v := range h.got {
		out[k] = append([]bot.Delivery(nil), v...)
	}
	return out
}

func delivery(key string) bot.Delivery {
	return bot.Delivery{Platform: bot.PlatformSlack, Key: key, Kind: "test_event", Payload: []byte(`{"event_id":"` + key + `"}`), At: time.Now()}
}

func TestInboxSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	store, err := sqlite.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	q, closeDB, err := jobs.OpenSQLite(context.Background(), path, jobs.Config{PollInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	t.Cleanup(closeDB)
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	runInbox(t, inboxEnv{
		queue: q,
		jobs: func(t *testing.T) map[string]int {
			rows, err := db.Query(`SELECT json_extract(args, '$.key'), count(*) FROM river_job WHERE kind = 'delivery' GROUP BY 1`)
			if err != nil {
				t.Fatalf("count jobs: %v", err)
			}
			defer rows.Close()
			return scanCounts(t, rows)
		},
		// An embedded file cannot be stopped; a missing table fails the
		// batch's claim the same way, for every delivery in it.
		down: func(t *testing.T, down bool) {
			stmt := `ALTER TABLE deliveries_gone RENAME TO deliveries`
			if down {
				stmt = `ALTER TABLE deliveries RENAME TO deliveries_gone`
			}
			if _, err := db.Exec(stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		},
	})
}

func TestInboxPostgres(t *testing.T) {
	env, _ := MustPostgresInbox(t)
	runInbox(t, env)
}

// MustPostgresInbox opens a store in a fresh schema and a queue in another,
// reaching the server through a proxy the test can cut (unless direct, for
// benchmarks). It returns the queue's URL too (with the store's search_path).
func MustPostgresInbox(tb testing.TB, direct ...bool) (inboxEnv, string) {
	tb.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		tb.Fatal("TEST_DATABASE_URL is not set: these tests need a PostgreSQL database they may create schemas in.\n" +
			"Run `make test` (it starts a throwaway server), or: eval \"$(bash scripts/postgres.sh start)\"")
	}
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	storeSchema, riverSchema := "t_"+hex.EncodeToString(b), "river_"+hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	tb.Cleanup(func() { admin.Close(context.Background()) })
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+storeSchema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		for _, s := range []string{storeSchema, riverSchema} {
			if _, err := admin.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+s+" CASCADE"); err != nil {
				tb.Errorf("drop schema %s: %v", s, err)
			}
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse TEST_DATABASE_URL: %v", err)
	}
	qv := u.Query()
	qv.Set("search_path", storeSchema)
	u.RawQuery = qv.Encode()
	store, err := postgres.Open(ctx, u.String(), nil)
	if err != nil {
		tb.Fatalf("postgres.Open: %v", err)
	}
	tb.Cleanup(func() { store.Close() })
	var proxy *storetest.CutProxy
	if len(direct) == 0 || !direct[0] {
		proxy = storetest.MustCutProxy(tb, u.Host)
		u.Host = proxy.Addr()
	}
	q, closePool, err := jobs.OpenPostgres(ctx, u.String(), riverSchema, jobs.Config{})
	if err != nil {
		tb.Fatalf("OpenPostgres: %v", err)
	}
	tb.Cleanup(closePool)
	return inboxEnv{
		queue: q,
		jobs: func(t *testing.T) map[string]int {
			rows, err := admin.Query(ctx, `SELECT args->>'key', count(*) FROM `+riverSchema+`.river_job WHERE kind = 'delivery' GROUP BY 1`)
			if err != nil {
				t.Fatalf("count jobs: %v", err)
			}
			defer rows.Close()
			return scanCounts(t, rows)
		},
		down: func(_ *testing.T, down bool) { proxy.SetCut(down) },
	}, u.String()
}

// keyCounts are query results of (key, count) rows.
type keyCounts interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

func scanCounts(t *testing.T, rows keyCounts) map[string]int {
	t.Helper()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatalf("count jobs: %v", err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("count jobs: %v", err)
	}
	return out
}

// runInbox is the bot.Inbox contract on one engine: a new key stores one
// job, a repeated key (also under concurrency) stores nothing more, a batch
// the database refuses fails every caller with EUNAVAILABLE and claims
// nothing, and the started queue hands each delivery to its handler.
func runInbox(t *testing.T, env inboxEnv) {
	ctx := context.Background()
	q := env.queue
	h := &handled{got: map[string][]bot.Delivery{}}
	q.HandleDeliveries("test_event", h.handle)

	// A new key: stored with its job; the same key again: nothing more.
	first := delivery("Ev-first")
	first.Payload = []byte{0, 1, 2, 0xff, '"', '\\'} // any bytes come back as they were
	if ok, err := q.Accept(ctx, first); !ok || err != nil {
		t.Fatalf("Accept(new key) = %v, %v; want true, nil", ok, err)
	}
	if ok, err := q.Accept(ctx, first); ok || err != nil {
		t.Fatalf("Accept(same key) = %v, %v; want false, nil", ok, err)
	}
	if got := env.jobs(t); len(got) != 1 || got["Ev-first"] != 1 {
		t.Fatalf("delivery jobs = %v; want one for Ev-first", got)
	}
	if _, err := q.Accept(ctx, bot.Delivery{Platform: bot.PlatformSlack, Kind: "test_event"}); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("Accept(no key) err = %v; want EINVALID", err)
	}

	// 200 concurrent callers over 50 keys: each key is new exactly once.
	const callers, keys = 200, 50
	var wins [keys]atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := q.Accept(ctx, delivery(fmt.Sprintf("Ev-c%02d", i%keys)))
			if err != nil {
				errs <- err
				return
			}
			if ok {
				wins[i%keys].Add(1)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Accept: %v", err)
	}
	jobsByKey := env.jobs(t)
	for k := range keys {
		key := fmt.Sprintf("Ev-c%02d", k)
		if n := wins[k].Load(); n != 1 {
			t.Errorf("%s was new for %d callers, want 1", key, n)
		}
		if n := jobsByKey[key]; n != 1 {
			t.Errorf("%s has %d jobs, want 1", key, n)
		}
	}

	// The database goes away: every caller of the batch gets EUNAVAILABLE,
	// and nothing is claimed, so the platform's retry is accepted later.
	env.down(t, true)
	const refused = 20
	var failed sync.WaitGroup
	codes := make(chan string, refused)
	for i := range refused {
		failed.Add(1)
		go func() {
			defer failed.Done()
			ok, err := q.Accept(ctx, delivery(fmt.Sprintf("Ev-down%02d", i)))
			if ok {
				codes <- "accepted"
				return
			}
			codes <- bot.ErrorCode(err)
		}()
	}
	failed.Wait()
	close(codes)
	for code := range codes {
		if code != bot.EUNAVAILABLE {
			t.Errorf("Accept with the database down: %q, want %s", code, bot.EUNAVAILABLE)
		}
	}
	env.down(t, false)
	for i := range refused {
		key := fmt.Sprintf("Ev-down%02d", i)
		ok, err := acceptRetrying(ctx, q, delivery(key))
		if !ok || err != nil {
			t.Errorf("Accept(%s) after the database is back = %v, %v; want true (nothing was claimed)", key, ok, err)
		}
	}
	if got := len(env.jobs(t)); got != 1+keys+refused {
		t.Errorf("%d keys have delivery jobs, want %d", got, 1+keys+refused)
	}

	// Started, the queue hands every delivery to its handler once.
	if err := q.Start(ctx, idleRunner{}); err != nil {
		t.Fatalf("Start: %v", err)
	}
	waitFor(t, "every delivery to be handled", func() bool { return len(h.snapshot()) == 1+keys+refused })
	got := h.snapshot()
	for k, ds := range got {
		if len(ds) != 1 {
			t.Errorf("%s handled %d times, want once", k, len(ds))
		}
	}
	if d := got["Ev-first"][0]; !bytes.Equal(d.Payload, first.Payload) || d.Platform != bot.PlatformSlack || d.Kind != "test_event" || !d.At.Equal(first.At) {
		t.Errorf("handled %+v; want the accepted delivery %+v", d, first)
	}
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := q.Stop(sctx); err != nil {
		t.Errorf("Stop: %v", err)
	}
	if _, err := q.Accept(ctx, delivery("Ev-late")); bot.ErrorCode(err) != bot.EUNAVAILABLE {
		t.Errorf("Accept after Stop: %v; want EUNAVAILABLE", err)
	}
}

// acceptRetrying is the platform's retry: a connection the outage broke
// may fail one more batch before the pool replaces it.
func acceptRetrying(ctx context.Context, q *jobs.Queue, d bot.Delivery) (bool, error) {
	var ok bool
	var err error
	for range 20 {
		ok, err = q.Accept(ctx, d)
		if bot.ErrorCode(err) != bot.EUNAVAILABLE {
			return ok, err
		}
		time.Sleep(50 * time.Millisecond)
	}
	return ok, err
}

// TestAcceptWaiterGivesUp: a caller whose context ends stops waiting, and
// the others in its batch are not affected.
func TestAcceptWaiterGivesUp(t *testing.T) {
	env, _ := MustPostgresInbox(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := env.queue.Accept(ctx, delivery("Ev-gone")); err == nil {
		t.Errorf("Accept with an ended context succeeded")
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithCancel(context.Background())
			if i%2 == 0 {
				cancel() // half give up at once
			} else {
				defer cancel()
			}
			env.queue.Accept(ctx, delivery(fmt.Sprintf("Ev-w%02d", i)))
		}()
	}
	wg.Wait()
	got := env.jobs(t)
	for i := 1; i < 20; i += 2 {
		if k := fmt.Sprintf("Ev-w%02d", i); got[k] != 1 {
			t.Errorf("%s has %d jobs; a caller that kept waiting must be stored", k, got[k])
		}
	}
}
