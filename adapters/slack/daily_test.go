package slack_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	slackad "github.com/interviewbot/interviewbot/adapters/slack"
	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/jobs"
	"github.com/interviewbot/interviewbot/storage/postgres"
	"github.com/interviewbot/interviewbot/storage/sqlite"
)

// recordingQueue is the job queue of the scenario: it records the grading
// jobs, and the test runs them the way a worker would.
type recordingQueue struct {
	mu     sync.Mutex
	grades []int64
}

func (q *recordingQueue) EnqueueGrade(_ context.Context, answerID int64) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.grades = append(q.grades, answerID)
	return nil
}

func (q *recordingQueue) EnqueuePost(context.Context, int64, bot.PostKind, string) error { return nil }

func (q *recordingQueue) EnqueuePosts(context.Context, []bot.DueJob) error { return nil }

// take returns the grading jobs enqueued so far and forgets them.
func (q *recordingQueue) take() []int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := q.grades
	q.grades = nil
	return out
}

func TestDailyQuestionSQLite(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "bot.db"), log)
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	runDailyScenario(t, s)
}

func TestDailyQuestionPostgres(t *testing.T) {
	s, err := postgres.Open(context.Background(), MustPostgresSchema(t), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	runDailyScenario(t, s)
}

// runDailyScenario runs the daily question end to end with the real
// bot.Daily on store: the question is posted in a channel, three people
// answer in its thread (over HTTP and Socket Mode), each gets their grade
// privately, a second reply, an edit and a deletion do what they should,
// the reveal goes into the thread, and stats and the leaderboard reflect it.
func runDailyScenario(t *testing.T, store bot.DailyStore) {
	ctx := context.Background()
	queue := &recordingQueue{}
	var daily *bot.Daily
	h := MustHarness(t, func(cfg *slackad.Config, deps *slackad.Deps) {
		msgr, err := slackad.NewMessenger(*cfg, deps.Log)
		if err != nil {
			t.Fatal(err)
		}
		daily, err = bot.NewDaily(bot.DailyConfig{Store: store, Bank: MustBank(t), Grader: fakeGrader{}, Jobs: queue,
			Messengers: map[string]bot.Messenger{bot.PlatformSlack: msgr}, ParseCron: jobs.ParseCron, Log: deps.Log})
		if err != nil {
			t.Fatal(err)
		}
		deps.Messenger, deps.Daily, deps.Members, deps.Deliveries, deps.Channels, deps.CronParser = msgr, daily, store, store, store, jobs.ParseCron
	})
	h.startSocket()

	ch := &bot.Channel{Key: bot.ChannelKey{Platform: bot.PlatformSlack, Workspace: fakeslack.TeamID, ChannelID: "C1"}, Name: "general", Lang: bot.LangEN, Timezone: "UTC"}
	if err := store.UpsertChannel(ctx, ch); err != nil {
		t.Fatal(err)
	}
	sched := bot.DefaultSchedule(ch.ID)
	sched.PostCron, sched.RevealCron = "0 0 * * *", "59 23 * * *" // open all day, so no answer is late
	if err := daily.SaveSchedule(ctx, sched); err != nil {
		t.Fatal(err)
	}
	today := bot.LocalDate(time.Now(), time.UTC)

	// The question goes out as Block Kit with the buttons.
	post, err := daily.PostQuestion(ctx, ch.ID, today)
	if err != nil {
		t.Fatalf("post question: %v", err)
	}
	msgs := h.botMessages("C1")
	if len(msgs) != 1 || msgs[0].TS != post.Ref {
		t.Fatalf("C1 has %d bot messages; want the question with ts %s", len(msgs), post.Ref)
	}
	q, _ := h.bank.Find(post.QuestionID)
	for _, want := range []string{"Question of the day", "Reply in this message's thread", "Hint", "My score", strings.TrimSpace(q.Text.EN)[:20]} {
		if !strings.Contains(text(msgs[0]), want) {
			t.Errorf("question post lacks %q:\n%s", want, text(msgs[0]))
		}
	}

	// Three people answer in the thread; the third over Socket Mode.
	users := []string{"U1", "U2", "U3"}
	answers := map[string]fakeslack.Message{}
	for i, u := range users {
		m, ev := h.fake.UserMessage("C1", "channel", u, fmt.Sprintf("Answer %d: channels pass ownership; a mutex guards shared memory.", i+1), post.Ref)
		answers[u] = m
		if i < 2 {
			h.event(ev)
		} else {
			h.socketEvent(ev)
		}
	}
	h.fake.Wait(5*time.Second, "three acknowledgements", func(s *fakeslack.Server) bool { return len(s.Reactions()) == 3 })
	for _, r := range h.fake.Reactions() {
		if r.Channel != "C1" || r.Name != "white_check_mark" || !slices.ContainsFunc(users, func(u string) bool { return answers[u].TS == r.TS }) {
			t.Errorf("reaction %+v is not on an answer", r)
		}
	}
	// A conversation reply under another message is not an answer.
	_, ev := h.fake.UserMessage("C1", "channel", "U4", "unrelated thread", "1699999999.000001")
	h.event(ev)

	// Grading runs as a job; each author gets their grade privately.
	runGrades(t, daily, queue, 3)
	for _, u := range users {
		h.fake.Wait(5*time.Second, "feedback for "+u, func(s *fakeslack.Server) bool { return len(s.Messages(fakeslack.EphemeralTo(u))) == 1 })
		fb := h.fake.Messages(fakeslack.EphemeralTo(u))[0]
		if fb.Channel != "C1" || !strings.Contains(text(fb), "/100") || !strings.Contains(text(fb), post.QuestionID) {
			t.Errorf("feedback to %s = %+v; want the grade, ephemeral in C1", u, fb)
		}
	}
	if n := len(h.fake.Messages(fakeslack.InThread("C1", post.Ref))); n != 3 {
		t.Errorf("thread has %d public messages, want only the three answers (feedback is private)", n)
	}

	// Only the first reply counts; an edit re-grades; a deletion withdraws.
	_, ev = h.fake.UserMessage("C1", "channel", "U1", "second thoughts", post.Ref)
	h.event(ev)
	h.fake.Wait(5*time.Second, "the only-first-reply notice", func(s *fakeslack.Server) bool { return len(s.Messages(fakeslack.EphemeralTo("U1"))) == 2 })
	if got := text(h.fake.Messages(fakeslack.EphemeralTo("U1"))[1]); !strings.Contains(got, "first reply") {
		t.Errorf("second reply got %q; want the only-first-reply notice", got)
	}
	h.event(h.fake.MessageChanged(answers["U3"], "channel", "Edited: a longer and better answer about channels, ownership and mutexes."))
	h.event(h.fake.MessageDeleted(answers["U2"], "channel"))
	h.fake.Wait(5*time.Second, "the edit's grading job", func(*fakeslack.Server) bool { return queueLen(queue) == 1 })
	runGrades(t, daily, queue, 1)
	h.fake.Wait(5*time.Second, "U2's answer withdrawn", func(*fakeslack.Server) bool {
		st, err := daily.Stats(ctx, bot.MemberKey{Platform: bot.PlatformSlack, Workspace: fakeslack.TeamID, UserID: "U2"})
		return err == nil && st.Answers == 0
	})
	h.fake.Wait(5*time.Second, "U3's new feedback", func(s *fakeslack.Server) bool { return len(s.Messages(fakeslack.EphemeralTo("U3"))) == 2 })

	// The reveal goes into the question's thread.
	if _, err := daily.Reveal(ctx, ch.ID, today); err != nil {
		t.Fatalf("reveal: %v", err)
	}
	thread := h.fake.Messages(fakeslack.InThread("C1", post.Ref))
	last := thread[len(thread)-1]
	if last.Author != fakeslack.BotUserID || !strings.Contains(text(last), "Reference answer") || !strings.Contains(text(last), "Key points") {
		t.Errorf("last thread message = %q; want the reveal", text(last))
	}

	// Stats: U1 and U3 have one graded answer each; U2 withdrew theirs.
	for u, want := range map[string]int{"U1": 1, "U2": 0, "U3": 1} {
		st, err := daily.Stats(ctx, bot.MemberKey{Platform: bot.PlatformSlack, Workspace: fakeslack.TeamID, UserID: u})
		if err != nil {
			t.Fatalf("stats %s: %v", u, err)
		}
		if st.Answers != want {
			t.Errorf("%s answers = %d, want %d", u, st.Answers, want)
		}
	}
	// The App Home and the leaderboard command show the same.
	h.event(fakeslack.AppHomeOpened("U3"))
	h.fake.Wait(5*time.Second, "U3's App Home", func(s *fakeslack.Server) bool { return len(s.Views()) == 1 })
	if home := fakeslack.BlocksText(h.fake.Views()[0].View); !strings.Contains(home, "*1* answers") {
		t.Errorf("App Home = %q; want one answer", home)
	}
	h.command("/interview", "leaderboard week", "U1", "C1")
	h.fake.Wait(5*time.Second, "the leaderboard", func(s *fakeslack.Server) bool { return len(s.Messages(fakeslack.EphemeralTo("U1"))) == 3 })
	lb := text(h.fake.Messages(fakeslack.EphemeralTo("U1"))[2])
	if !strings.Contains(lb, "<@U1>") || !strings.Contains(lb, "<@U3>") || strings.Contains(lb, "<@U2>") {
		t.Errorf("leaderboard = %q; want U1 and U3, not U2", lb)
	}
}

// runGrades runs the enqueued grading jobs, expecting n of them.
func runGrades(t *testing.T, d *bot.Daily, q *recordingQueue, n int) {
	t.Helper()
	ids := q.take()
	if len(ids) != n {
		t.Fatalf("%d grading jobs enqueued, want %d", len(ids), n)
	}
	for _, id := range ids {
		if err := d.GradeAnswer(context.Background(), id); err != nil {
			t.Fatalf("grade answer %d: %v", id, err)
		}
	}
}

func queueLen(q *recordingQueue) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.grades)
}

// MustPostgresSchema returns a TEST_DATABASE_URL whose connections use a
// fresh schema, dropped when the test ends. Without TEST_DATABASE_URL the
// test fails: PostgreSQL is a supported engine, so this never skips.
func MustPostgresSchema(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		tb.Fatal("TEST_DATABASE_URL is not set: this test needs a PostgreSQL database it may create schemas in.\n" +
			"Run `make test` (it starts a throwaway server on loopback), or: eval \"$(bash scripts/postgres.sh start)\"")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "slack_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(context.Background(), base)
	if err != nil {
		tb.Fatalf("connect to TEST_DATABASE_URL: %v", err)
	}
	tb.Cleanup(func() { admin.Close(context.Background()) })
	if _, err := admin.Exec(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("TEST_DATABASE_URL does not parse: %v", err)
	}
	qv := u.Query()
	qv.Set("search_path", schema)
	u.RawQuery = qv.Encode()
	return u.String()
}
