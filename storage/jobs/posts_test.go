package jobs_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/jobs"
	"github.com/jackc/pgx/v5"
)

// postJob is one stored post job as River keeps it.
type postJob struct {
	key      bot.DueJob
	queue    string
	priority int
}

// dueList is a push with a key listed twice: 40 channels, a question and a
// leaderboard each, and one reveal.
func dueList() []bot.DueJob {
	var due []bot.DueJob
	for ch := int64(1); ch <= 40; ch++ {
		due = append(due, bot.DueJob{ChannelID: ch, Kind: bot.PostLeaderboard, LocalDate: "2026-03-02"},
			bot.DueJob{ChannelID: ch, Kind: bot.PostQuestion, LocalDate: "2026-03-02"})
	}
	return append(due, bot.DueJob{ChannelID: 7, Kind: bot.PostReveal, LocalDate: "2026-03-01"},
		bot.DueJob{ChannelID: 3, Kind: bot.PostQuestion, LocalDate: "2026-03-02"})
}

// runEnqueuePosts enqueues the same due list twice from one queue, then
// twice at once from two queues (and once more by EnqueuePost), and checks
// that each post key is stored once, in the posts queue, with its kind's
// priority. The queues are not started, so nothing runs the jobs.
func runEnqueuePosts(t *testing.T, a, b *jobs.Queue, stored func() []postJob) {
	ctx := context.Background()
	due := dueList()
	for i := range 2 {
		if err := a.EnqueuePosts(ctx, due); err != nil {
			t.Fatalf("EnqueuePosts #%d: %v", i+1, err)
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, q := range []*jobs.Queue{a, b} {
		wg.Go(func() { errs[i] = q.EnqueuePosts(ctx, due) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("concurrent EnqueuePosts #%d: %v", i+1, err)
		}
	}
	if err := b.EnqueuePost(ctx, 5, bot.PostQuestion, "2026-03-02"); err != nil {
		t.Fatalf("EnqueuePost: %v", err)
	}

	want := map[bot.DueJob]bool{}
	for _, j := range due {
		want[j] = true
	}
	priority := map[bot.PostKind]int{bot.PostQuestion: 1, bot.PostReveal: 2, bot.PostLeaderboard: 3}
	seen := map[bot.DueJob]int{}
	jobsStored := stored()
	for _, j := range jobsStored {
		seen[j.key]++
		if !want[j.key] {
			t.Errorf("stored a job nobody enqueued: %+v", j.key)
		}
		if j.queue != jobs.PostQueue || j.priority != priority[j.key.Kind] {
			t.Errorf("%+v: queue %q priority %d, want queue %q priority %d", j.key, j.queue, j.priority, jobs.PostQueue, priority[j.key.Kind])
		}
	}
	for k := range want {
		if seen[k] != 1 {
			t.Errorf("%+v stored %d times, want once", k, seen[k])
		}
	}
	if len(jobsStored) != len(want) {
		t.Errorf("%d post jobs stored, want %d", len(jobsStored), len(want))
	}
}

func TestEnqueuePostsSQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bot.db")
	var qs []*jobs.Queue
	for range 2 {
		q, closeDB, err := jobs.OpenSQLite(ctx, path, jobs.Config{})
		if err != nil {
			t.Fatalf("OpenSQLite: %v", err)
		}
		t.Cleanup(closeDB)
		qs = append(qs, q)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	runEnqueuePosts(t, qs[0], qs[1], func() []postJob {
		rows, err := db.QueryContext(ctx, `SELECT json_extract(args, '$.channel_id'), json_extract(args, '$.kind'),
			json_extract(args, '$.local_date'), queue, priority FROM river_job WHERE kind = 'post'`)
		if err != nil {
			t.Fatalf("read jobs: %v", err)
		}
		defer rows.Close()
		return scanPostJobs(t, rows)
	})
}

func TestEnqueuePostsPostgres(t *testing.T) {
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		t.Fatal("TEST_DATABASE_URL is not set: these tests need a PostgreSQL database they may create schemas in.\n" +
			"Run `make test` (it starts a throwaway server), or: eval \"$(bash scripts/postgres.sh start)\"")
	}
	ctx := context.Background()
	raw := make([]byte, 6)
	rand.Read(raw)
	schema := "river_" + hex.EncodeToString(raw)
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close(context.Background())
	})
	var qs []*jobs.Queue
	for range 2 {
		q, closePool, err := jobs.OpenPostgres(ctx, base, schema, jobs.Config{})
		if err != nil {
			t.Fatalf("OpenPostgres: %v", err)
		}
		t.Cleanup(closePool)
		qs = append(qs, q)
	}
	runEnqueuePosts(t, qs[0], qs[1], func() []postJob {
		rows, err := admin.Query(ctx, fmt.Sprintf(`SELECT (args->>'channel_id')::bigint, args->>'kind', args->>'local_date',
			queue, priority FROM %s.river_job WHERE kind = 'post'`, schema))
		if err != nil {
			t.Fatalf("read jobs: %v", err)
		}
		defer rows.Close()
		return scanPostJobs(t, rows)
	})
}

// rowScanner is what pgx.Rows and *sql.Rows have in common here.
type rowScanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

func scanPostJobs(t *testing.T, rows rowScanner) []postJob {
	t.Helper()
	var out []postJob
	for rows.Next() {
		var j postJob
		var kind string
		if err := rows.Scan(&j.key.ChannelID, &kind, &j.key.LocalDate, &j.queue, &j.priority); err != nil {
			t.Fatalf("scan job: %v", err)
		}
		j.key.Kind = bot.PostKind(kind)
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read jobs: %v", err)
	}
	return out
}
