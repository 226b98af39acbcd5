package slack_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	slackad "github.com/interviewbot/interviewbot/adapters/slack"
	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/jobs"
	"github.com/interviewbot/interviewbot/storage/postgres"
	"github.com/interviewbot/interviewbot/storage/storetest"
)

// durable is a harness whose events go through a real job queue on
// PostgreSQL as the adapter's Inbox, reached through a proxy the test can
// cut to play a database outage.
type durable struct {
	*harness
	store    *postgres.Store
	queue    *jobs.Queue
	daily    *bot.Daily
	proxy    *storetest.CutProxy
	admin    *pgx.Conn
	river    string // the queue's schema
	question *bot.Post
	bodies   map[string][]byte
}

func MustDurableHarness(t *testing.T) *durable {
	t.Helper()
	ctx := context.Background()
	dsn := MustPostgresSchema(t)
	store, err := postgres.Open(ctx, dsn, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	u, _ := url.Parse(dsn)
	d := &durable{store: store, proxy: storetest.MustCutProxy(t, u.Host), bodies: map[string][]byte{}}
	b := make([]byte, 6)
	rand.Read(b)
	d.river = "river_" + hex.EncodeToString(b)
	if d.admin, err = pgx.Connect(ctx, dsn); err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() {
		if _, err := d.admin.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+d.river+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", d.river, err)
		}
		d.admin.Close(context.Background())
	})
	u.Host = d.proxy.Addr()
	q, closeQ, err := jobs.OpenPostgres(ctx, u.String(), d.river, jobs.Config{})
	if err != nil {
		t.Fatalf("open queue: %v", err)
	}
	t.Cleanup(closeQ)
	d.queue = q
	d.harness = MustHarness(t, func(cfg *slackad.Config, deps *slackad.Deps) {
		msgr, err := slackad.NewMessenger(*cfg, deps.Log)
		if err != nil {
			t.Fatal(err)
		}
		d.daily, err = bot.NewDaily(bot.DailyConfig{Store: store, Bank: MustBank(t), Grader: fakeGrader{}, Jobs: q,
			Messengers: map[string]bot.Messenger{bot.PlatformSlack: msgr}, ParseCron: jobs.ParseCron, Log: deps.Log})
		if err != nil {
			t.Fatal(err)
		}
		deps.Messenger, deps.Daily, deps.Members, deps.Deliveries, deps.Channels = msgr, d.daily, store, store, store
		deps.Inbox = q
	})
	q.HandleDeliveries(slackad.EventKind, d.ad.HandleDelivery)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Errorf("stop queue: %v", err)
		}
	})

	ch := &bot.Channel{Key: bot.ChannelKey{Platform: bot.PlatformSlack, Workspace: fakeslack.TeamID, ChannelID: "C1"}, Name: "general", Lang: bot.LangEN, Timezone: "UTC"}
	if err := store.UpsertChannel(ctx, ch); err != nil {
		t.Fatal(err)
	}
	sched := bot.DefaultSchedule(ch.ID)
	sched.PostCron, sched.RevealCron = "0 0 * * *", "59 23 * * *"
	if err := d.daily.SaveSchedule(ctx, sched); err != nil {
		t.Fatal(err)
	}
	if d.question, err = d.daily.PostQuestion(ctx, ch.ID, bot.LocalDate(time.Now(), time.UTC)); err != nil {
		t.Fatalf("post question: %v", err)
	}
	return d
}

// answerBody is a signed-able event: user's reply in the question's thread.
func (d *durable) answerBody(eventID, user string) []byte {
	if b, ok := d.bodies[eventID]; ok {
		return b
	}
	_, ev := d.fake.UserMessage("C1", "channel", user, "Channels pass ownership; a mutex guards shared memory ("+user+").", d.question.Ref)
	d.bodies[eventID] = fakeslack.EventCallback(eventID, ev)
	return d.bodies[eventID]
}

// jobs counts the delivery jobs stored for an event.
func (d *durable) jobs(eventID string) int {
	d.t.Helper()
	var n int
	err := d.admin.QueryRow(context.Background(), `SELECT count(*) FROM `+d.river+`.river_job WHERE kind = 'delivery' AND args->>'key' = $1`,
		"event:"+eventID).Scan(&n)
	if err != nil {
		d.t.Fatalf("count jobs: %v", err)
	}
	return n
}

// graded is the member's stored answer to the question with its grade.
func (d *durable) graded(user string) (*bot.PostAnswer, bool) {
	d.t.Helper()
	m := &bot.Member{Key: bot.MemberKey{Platform: bot.PlatformSlack, Workspace: fakeslack.TeamID, UserID: user}}
	if err := d.store.UpsertMember(context.Background(), m); err != nil {
		d.t.Fatalf("member: %v", err)
	}
	a, err := d.store.FindMemberPostAnswer(context.Background(), d.question.ID, m.ID)
	if err != nil {
		return nil, false
	}
	return a, a.Grade != nil
}

// TestEventIsStoredBeforeItsAcknowledgement: over HTTP, the 200 comes after
// the event's job is stored, before anything processes it; a retry and a
// forged copy add nothing; with the database away the answer is 503 and
// Slack's retry, once it is back, is taken; the started queue stores and
// grades every answer.
func TestEventIsStoredBeforeItsAcknowledgement(t *testing.T) {
	d := MustDurableHarness(t)

	if code, body := d.harness.post("/slack/events", fakeslack.ContentJSON, d.answerBody("EvD1", "U1")); code != http.StatusOK {
		t.Fatalf("event: status %d %s, want 200", code, body)
	}
	if n := d.jobs("EvD1"); n != 1 {
		t.Fatalf("after the 200, %d jobs for EvD1; want 1", n)
	}
	if _, ok := d.graded("U1"); ok || len(d.fake.Reactions()) != 0 {
		t.Fatalf("the event was processed before the queue started")
	}
	// Slack's retry of the same event: acknowledged, nothing more stored.
	code, _ := d.harness.post("/slack/events", fakeslack.ContentJSON, d.answerBody("EvD1", "U1"), func(r *http.Request) {
		r.Header.Set("X-Slack-Retry-Num", "1")
	})
	if code != http.StatusOK || d.jobs("EvD1") != 1 {
		t.Errorf("retry: status %d, %d jobs; want 200 and still 1 job", code, d.jobs("EvD1"))
	}
	// A forged signature: 401, nothing stored.
	code, _ = d.harness.post("/slack/events", fakeslack.ContentJSON, d.answerBody("EvFORGED", "U3"), func(r *http.Request) {
		r.Header.Set("X-Slack-Signature", fakeslack.Sign("not-the-secret", time.Now(), d.answerBody("EvFORGED", "U3")))
	})
	if code != http.StatusUnauthorized || d.jobs("EvFORGED") != 0 {
		t.Errorf("forged: status %d, %d jobs; want 401 and none", code, d.jobs("EvFORGED"))
	}

	// The database goes away: 503, so Slack retries; nothing is claimed.
	d.proxy.SetCut(true)
	if code, _ := d.harness.post("/slack/events", fakeslack.ContentJSON, d.answerBody("EvD2", "U2")); code != http.StatusServiceUnavailable {
		t.Errorf("database down: status %d, want 503", code)
	}
	if !strings.Contains(d.logs.String(), "accept slack event") {
		t.Errorf("the refused event is not logged")
	}
	if strings.Contains(d.logs.String(), "mutex guards shared memory (U2)") {
		t.Errorf("the log holds the refused event's body")
	}
	d.proxy.SetCut(false)
	// Slack retries (a connection the outage broke may refuse one more).
	code = 0
	for i := 0; i < 20 && code != http.StatusOK; i++ {
		code, _ = d.harness.post("/slack/events", fakeslack.ContentJSON, d.answerBody("EvD2", "U2"), func(r *http.Request) {
			r.Header.Set("X-Slack-Retry-Num", "1")
		})
		if code != http.StatusOK {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if code != http.StatusOK || d.jobs("EvD2") != 1 {
		t.Fatalf("retry after the outage: status %d, %d jobs; want 200 and 1 job", code, d.jobs("EvD2"))
	}

	// The workers start: both answers are stored, acknowledged and graded.
	if err := d.queue.Start(context.Background(), d.daily); err != nil {
		t.Fatalf("start queue: %v", err)
	}
	for _, u := range []string{"U1", "U2"} {
		d.fake.Wait(30*time.Second, "feedback for "+u, func(s *fakeslack.Server) bool { return len(s.Messages(fakeslack.EphemeralTo(u))) == 1 })
		if a, ok := d.graded(u); !ok {
			t.Errorf("%s's answer %+v is not graded", u, a)
		}
	}
	d.fake.Wait(10*time.Second, "two reactions", func(s *fakeslack.Server) bool { return len(s.Reactions()) == 2 })
	if _, ok := d.graded("U3"); ok {
		t.Errorf("the forged event's answer was stored")
	}
}

// TestSocketEventAckedOnlyOnceStored: over Socket Mode an envelope the
// Inbox cannot store stays unacknowledged (Slack delivers it again); the
// redelivery, once the database is back, is acknowledged and processed.
func TestSocketEventAckedOnlyOnceStored(t *testing.T) {
	d := MustDurableHarness(t)
	d.startSocket()
	if err := d.queue.Start(context.Background(), d.daily); err != nil {
		t.Fatalf("start queue: %v", err)
	}
	body := d.answerBody("EvS1", "U1")
	d.proxy.SetCut(true)
	env := d.fake.SendEnvelope(fakeslack.EnvelopeEvents, body, 0)
	d.fake.Wait(10*time.Second, "the refusal", func(*fakeslack.Server) bool {
		return strings.Contains(d.logs.String(), "not acknowledged")
	})
	if _, acked := d.fake.Ack(env); acked {
		t.Errorf("an envelope that was not stored was acknowledged")
	}
	d.proxy.SetCut(false)
	var acked bool
	for retry := 1; retry <= 20 && !acked; retry++ {
		env = d.fake.SendEnvelope(fakeslack.EnvelopeEvents, body, retry)
		d.fake.Wait(10*time.Second, "the ack or the refusal", func(s *fakeslack.Server) bool {
			_, acked = s.Ack(env)
			return acked || strings.Count(d.logs.String(), "not acknowledged") > retry
		})
	}
	if !acked {
		t.Fatalf("the redelivery after the outage was never acknowledged")
	}
	d.fake.Wait(30*time.Second, "feedback for U1", func(s *fakeslack.Server) bool { return len(s.Messages(fakeslack.EphemeralTo("U1"))) == 1 })
	if n := d.jobs("EvS1"); n != 1 {
		t.Errorf("%d jobs for EvS1, want 1", n)
	}
}
