package main

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// recordingQueue records the grading jobs it is handed.
type recordingQueue struct {
	mu     sync.Mutex
	grades []int64
}

func (q *recordingQueue) EnqueueGrade(_ context.Context, id int64) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.grades = append(q.grades, id)
	return nil
}

func (q *recordingQueue) EnqueuePost(context.Context, int64, bot.PostKind, string) error { return nil }

func (q *recordingQueue) EnqueuePosts(context.Context, []bot.DueJob) error { return nil }

// tickOnly is a runner whose tick counts; the sweep is what is tested.
type tickOnly struct{ ticks int }

func (t *tickOnly) GradeAnswer(context.Context, int64) error { return nil }
func (t *tickOnly) PostQuestion(context.Context, int64, string) (*bot.Post, error) {
	return nil, bot.Errorf(bot.EINTERNAL, "unused")
}
func (t *tickOnly) Reveal(context.Context, int64, string) (*bot.Post, error) {
	return nil, bot.Errorf(bot.EINTERNAL, "unused")
}
func (t *tickOnly) PostLeaderboard(context.Context, int64, string) (*bot.Post, error) {
	return nil, bot.Errorf(bot.EINTERNAL, "unused")
}
func (t *tickOnly) Tick(context.Context) error { t.ticks++; return nil }

func TestSweepSQLite(t *testing.T)   { runSweepScenario(t, MustSQLiteDB(t)) }
func TestSweepPostgres(t *testing.T) { runSweepScenario(t, MustPostgresDB(t)) }

// runSweepScenario leaves one daily answer ungraded (as if its job was never
// stored) beside graded ones, a withdrawn one and a fresh one: the tick's
// sweep enqueues exactly the lost one.
func runSweepScenario(t *testing.T, db serveDB) {
	ctx := context.Background()
	st := db.open(t)
	f := seedHistory(t, st)
	posts, err := st.LatestPost(ctx, 1, bot.PostQuestion)
	if err != nil {
		t.Fatal(err)
	}
	carl := &bot.Member{Key: bot.MemberKey{Platform: bot.PlatformSlack, Workspace: "T1", UserID: "UCARL"}}
	dora := &bot.Member{Key: bot.MemberKey{Platform: bot.PlatformSlack, Workspace: "T1", UserID: "UDORA"}}
	for _, m := range []*bot.Member{carl, dora} {
		if err := st.UpsertMember(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	lost := &bot.PostAnswer{Answer: bot.Answer{MemberID: carl.ID, QuestionID: f.questions[1], PostID: posts.ID, Text: "lost"}}
	gone := &bot.PostAnswer{Answer: bot.Answer{MemberID: dora.ID, QuestionID: f.questions[1], PostID: posts.ID, Text: "withdrawn"}}
	for _, a := range []*bot.PostAnswer{lost, gone} {
		if err := st.CreatePostAnswer(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.WithdrawAnswer(ctx, gone.ID, time.Now()); err != nil {
		t.Fatal(err)
	}

	q := &recordingQueue{}
	inner := &tickOnly{}
	later := time.Now().Add(time.Minute) // the lost answer is a minute old
	r := sweepingRunner{Runner: inner, store: st, queue: q, now: func() time.Time { return later },
		after: 30 * time.Second, window: time.Hour, log: slog.New(slog.DiscardHandler)}
	if err := r.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if inner.ticks != 1 || !slices.Equal(q.grades, []int64{lost.ID}) {
		t.Errorf("ticks %d, enqueued %v; want 1 tick and only the lost answer %d", inner.ticks, q.grades, lost.ID)
	}

	// Younger than the threshold, or older than the window: left alone.
	for _, r := range []sweepingRunner{
		{Runner: inner, store: st, queue: q, now: time.Now, after: time.Minute, window: time.Hour, log: r.log},
		{Runner: inner, store: st, queue: q, now: func() time.Time { return later.Add(2 * time.Hour) }, after: time.Minute, window: time.Hour, log: r.log},
	} {
		q.grades = nil
		if err := r.Tick(ctx); err != nil || len(q.grades) != 0 {
			t.Errorf("sweep enqueued %v (%v), want nothing", q.grades, err)
		}
	}
	if got := clockDuration(TestClock{Start: later, Speed: 60}, time.Minute); got != time.Hour {
		t.Errorf("a real minute at 60x is %v of process time, want 1h", got)
	}
}
