package jobs_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/jobs"
	"github.com/interviewbot/interviewbot/storage/postgres"
	"github.com/interviewbot/interviewbot/storage/sqlite"
	"github.com/jackc/pgx/v5"
)

// recorder is a Messenger that counts what reaches the platform.
type recorder struct {
	mu        sync.Mutex
	questions []string
	feedback  int
}

func (r *recorder) PostQuestion(_ context.Context, _ *bot.Channel, p *bot.Post, _ *bot.Question) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.questions = append(r.questions, p.LocalDate)
	return "ts-" + p.LocalDate, nil
}
func (r *recorder) PostReveal(context.Context, *bot.Channel, *bot.Post, *bot.Question) (string, error) {
	return "reveal", nil
}
func (r *recorder) PostLeaderboard(context.Context, *bot.Channel, *bot.Leaderboard) (string, error) {
	return "board", nil
}
func (r *recorder) SendFeedback(context.Context, *bot.Channel, *bot.Member, *bot.Answer, *bot.Question) error {
	r.mu.Lock()
	r.feedback++
	r.mu.Unlock()
	return nil
}

func (r *recorder) counts() (int, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.questions), r.feedback
}

type fixedGrader struct{}

func (fixedGrader) Grade(context.Context, bot.GradeRequest) (*bot.Grade, error) {
	return &bot.Grade{Score: 70, Stars: 4, Grader: "fixed", GraderVersion: "1"}, nil
}

// replica is one bot process: a Daily on the shared store with its own
// River client.
type replica struct {
	daily *bot.Daily
	queue *jobs.Queue
}

// runReplicas starts n replicas on store, each with a queue from open, and
// checks the periodic tick (leader only) posts the due question exactly
// once across them, then that an answer is graded through a job.
func runReplicas(t *testing.T, store bot.DailyStore, open func(t *testing.T) *jobs.Queue) {
	ctx := context.Background()
	now := time.Now().UTC()
	clock := func() time.Time { return now }
	bank, err := bot.NewBank([]*bot.Question{{ID: "q1", Topic: "os", Difficulty: 2, Rubric: bot.Rubric{Version: "1"}}})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	ch := &bot.Channel{Key: bot.ChannelKey{Platform: bot.PlatformSlack, Workspace: "T1", ChannelID: "C1"}}
	if err := store.UpsertChannel(ctx, ch); err != nil {
		t.Fatalf("UpsertChannel: %v", err)
	}
	// Every minute of every day: due as soon as the tick runs.
	sched := &bot.Schedule{ChannelID: ch.ID, Timezone: "UTC", PostCron: "* * * * *"}
	if err := store.SaveSchedule(ctx, sched); err != nil {
		t.Fatalf("SaveSchedule: %v", err)
	}
	var reps []replica
	for range 3 {
		q := open(t)
		d, err := bot.NewDaily(bot.DailyConfig{Store: store, Bank: bank, Grader: fixedGrader{},
			Messengers: map[string]bot.Messenger{bot.PlatformSlack: rec}, Jobs: q, ParseCron: jobs.ParseCron, Now: clock})
		if err != nil {
			t.Fatalf("NewDaily: %v", err)
		}
		if err := q.Start(ctx, d); err != nil {
			t.Fatalf("Start: %v", err)
		}
		t.Cleanup(func() {
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := q.Stop(sctx); err != nil {
				t.Errorf("Stop: %v", err)
			}
		})
		reps = append(reps, replica{daily: d, queue: q})
	}
	waitFor(t, "the question to be posted", func() bool { n, _ := rec.counts(); return n >= 1 })
	// More ticks and explicit enqueues from every replica change nothing.
	for _, r := range reps {
		if err := r.daily.Tick(ctx); err != nil {
			t.Fatalf("Tick: %v", err)
		}
		if err := r.queue.EnqueuePost(ctx, ch.ID, bot.PostQuestion, bot.LocalDate(now, time.UTC)); err != nil {
			t.Fatalf("EnqueuePost: %v", err)
		}
	}
	time.Sleep(3 * time.Second) // several ticks and fetches, to give a duplicate every chance
	if n, _ := rec.counts(); n != 1 {
		t.Fatalf("%d question posts across 3 replicas, want exactly 1", n)
	}
	ref := "ts-" + bot.LocalDate(now, time.UTC)
	a, err := reps[1].daily.SubmitAnswer(ctx, bot.Incoming{Channel: ch.Key,
		Member:  bot.MemberKey{Platform: bot.PlatformSlack, Workspace: "T1", UserID: "U1"},
		PostRef: ref, Text: "an answer", DeliveryKey: "Ev1", At: now})
	if err != nil {
		t.Fatalf("SubmitAnswer: %v", err)
	}
	waitFor(t, "the answer to be graded", func() bool { _, f := rec.counts(); return f == 1 })
	got, err := store.FindPostAnswer(ctx, a.ID)
	if err != nil {
		t.Fatalf("FindPostAnswer: %v", err)
	}
	if got.Grade == nil || got.Points != bot.PointsFor(70) {
		t.Errorf("after the grading job: grade %+v, %d points; want a grade worth %d", got.Grade, got.Points, bot.PointsFor(70))
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestReplicasSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	store, err := sqlite.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	runReplicas(t, store, func(t *testing.T) *jobs.Queue {
		q, closeDB, err := jobs.OpenSQLite(context.Background(), path, jobs.Config{TickEvery: time.Second, PollInterval: 200 * time.Millisecond})
		if err != nil {
			t.Fatalf("OpenSQLite: %v", err)
		}
		t.Cleanup(closeDB)
		return q
	})
}

func TestReplicasPostgres(t *testing.T) {
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		t.Fatal("TEST_DATABASE_URL is not set: these tests need a PostgreSQL database they may create schemas in.\n" +
			"Run `make test` (it starts a throwaway server), or: eval \"$(bash scripts/postgres.sh start)\"")
	}
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	storeSchema, riverSchema := "t_"+hex.EncodeToString(b), "river_"+hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { admin.Close(context.Background()) })
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+storeSchema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		// The whole schemas: River's enum types go with them.
		for _, s := range []string{storeSchema, riverSchema} {
			if _, err := admin.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+s+" CASCADE"); err != nil {
				t.Errorf("drop schema %s: %v", s, err)
			}
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse TEST_DATABASE_URL: %v", err)
	}
	qv := u.Query()
	qv.Set("search_path", storeSchema)
	u.RawQuery = qv.Encode()
	store, err := postgres.Open(ctx, u.String(), nil)
	if err != nil {
		t.Fatalf("postgres.Open: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	runReplicas(t, store, func(t *testing.T) *jobs.Queue {
		q, closePool, err := jobs.OpenPostgres(ctx, base, riverSchema, jobs.Config{TickEvery: time.Second})
		if err != nil {
			t.Fatalf("OpenPostgres: %v", err)
		}
		t.Cleanup(closePool)
		return q
	})
}
