package slack_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
	"github.com/interviewbot/interviewbot/bot"
)

// postQuestion posts the daily question in C1 through the adapter's Messenger.
func postQuestion(t *testing.T, h *harness) *bot.Post {
	t.Helper()
	q, err := h.bank.Find(h.bank.Filter(bot.QuestionFilter{Topics: []string{"go-concurrency"}})[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := h.daily.PostQuestion(context.Background(), "C1", q)
	if err != nil {
		t.Fatalf("post question: %v", err)
	}
	return p
}

func TestRedeliveredEventProcessedOnce(t *testing.T) {
	h := MustHarness(t)
	h.startSocket()
	p := postQuestion(t, h)
	_, ev := h.fake.UserMessage("C1", "channel", "U1", "A buffered channel decouples sender and receiver.", p.Ref)
	body := fakeslack.EventCallback("EvONCE", ev)

	// Slack's HTTP retries carry the same event_id and X-Slack-Retry-Num.
	for retry := range 3 {
		code, _ := h.post("/slack/events", fakeslack.ContentJSON, body, func(r *http.Request) {
			if retry > 0 {
				r.Header.Set("X-Slack-Retry-Num", "1")
				r.Header.Set("X-Slack-Retry-Reason", "http_timeout")
			}
		})
		if code != http.StatusOK {
			t.Fatalf("delivery %d: status %d, want 200", retry, code)
		}
	}
	// The same event redelivered over Socket Mode is acknowledged and dropped.
	for retry := range 2 {
		h.fake.WaitAck(h.fake.SendEnvelope(fakeslack.EnvelopeEvents, body, retry))
	}
	h.fake.Wait(5*time.Second, "the feedback", func(s *fakeslack.Server) bool { return len(s.Messages(fakeslack.EphemeralTo("U1"))) >= 1 })
	// The reaction follows the feedback in the same worker.
	h.fake.Wait(5*time.Second, "the reaction", func(s *fakeslack.Server) bool { return len(s.Reactions()) >= 1 })
	// A later, different event proves the earlier ones were all handled.
	h.socketEvent(fakeslack.AppHomeOpened("U1"))
	h.fake.Wait(5*time.Second, "the App Home", func(s *fakeslack.Server) bool { return len(s.Views()) == 1 })

	if calls := h.daily.Calls(); len(calls) != 1 || calls[0] != "submit U1 EvONCE" {
		t.Errorf("daily calls = %q; want one submit of EvONCE", calls)
	}
	if n := len(h.fake.Messages(fakeslack.EphemeralTo("U1"))); n != 1 {
		t.Errorf("U1 got %d feedback messages, want 1", n)
	}
	if r := h.fake.Reactions(); len(r) != 1 {
		t.Errorf("reactions = %v, want one", r)
	}
}

func TestDeliveryStoreDownAsksSlackToRetry(t *testing.T) {
	h := MustHarness(t)
	h.deliv.fail = errors.New("database is down")
	_, ev := h.fake.UserMessage("DU1", "im", "U1", "hello", "")
	code, _ := h.post("/slack/events", fakeslack.ContentJSON, fakeslack.EventCallback("EvDOWN", ev))
	if code != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500 so Slack retries", code)
	}
	if n := len(h.fake.Messages(func(m fakeslack.Message) bool { return m.Author == fakeslack.BotUserID })); n != 0 {
		t.Errorf("bot posted %d messages for an unclaimed delivery", n)
	}
}

func TestRateLimitedCallIsRetriedAfterRetryAfter(t *testing.T) {
	h := MustHarness(t)
	h.fake.RateLimit("chat.postMessage", 2, 3)
	p := postQuestion(t, h)
	if p.Ref == "" {
		t.Fatal("question post has no ts")
	}
	if got := h.fake.Calls("chat.postMessage"); got != 3 {
		t.Errorf("chat.postMessage called %d times, want 3 (two 429s, then success)", got)
	}
	if got, want := h.sleeps.waits(), []time.Duration{3 * time.Second, 3 * time.Second}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("waited %v, want %v (Retry-After)", got, want)
	}
	if n := len(h.botMessages("C1")); n != 1 {
		t.Errorf("C1 has %d bot messages, want 1", n)
	}
}

func TestRateLimitGivesUpAfterBoundedAttempts(t *testing.T) {
	h := MustHarness(t)
	h.fake.RateLimit("chat.postMessage", 100, 1)
	q := h.bank.Filter(bot.QuestionFilter{})[0]
	_, err := h.daily.PostQuestion(context.Background(), "C1", q)
	if err == nil {
		t.Fatal("posting while Slack keeps answering 429 succeeded")
	}
	if got := h.fake.Calls("chat.postMessage"); got != 4 {
		t.Errorf("chat.postMessage called %d times, want the 4 attempts of the default bound", got)
	}
}

func TestRateLimitWaitStopsWithContext(t *testing.T) {
	h := MustHarness(t, func(_ *slackadConfig, d *slackadDeps) { d.Sleep = nil })
	h.fake.RateLimit("chat.postMessage", 1, 30)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	q := h.bank.Filter(bot.QuestionFilter{})[0]
	_, err := h.daily.PostQuestion(ctx, "C1", q)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's deadline while waiting out Retry-After", err)
	}
}

func TestDailyButtons(t *testing.T) {
	h := MustHarness(t)
	h.startSocket()
	p := postQuestion(t, h)
	// The hint button over HTTP names key points, privately.
	code, _ := h.post("/slack/interactivity", fakeslack.ContentForm, fakeslack.InteractionForm(fakeslack.BlockAction("U5", "C1", p.Ref, "daily_hint", p.QuestionID)))
	if code != http.StatusOK {
		t.Fatalf("hint click: status %d", code)
	}
	h.fake.Wait(5*time.Second, "the hint", func(s *fakeslack.Server) bool { return len(s.Messages(fakeslack.EphemeralTo("U5"))) == 1 })
	q, _ := h.bank.Find(p.QuestionID)
	hint := text(h.fake.Messages(fakeslack.EphemeralTo("U5"))[0])
	if want := bot.HintFor(q, 1, bot.LangEN)[0]; !strings.Contains(hint, "Hint") || !strings.Contains(hint, want) {
		t.Errorf("hint = %q; want it to name %q", hint, want)
	}
	// The my-score button over Socket Mode shows the clicker's stats.
	h.fake.WaitAck(h.fake.SendEnvelope(fakeslack.EnvelopeInteractive, fakeslack.BlockAction("U5", "C1", p.Ref, "daily_score", p.QuestionID), 0))
	h.fake.Wait(5*time.Second, "the score", func(s *fakeslack.Server) bool { return len(s.Messages(fakeslack.EphemeralTo("U5"))) == 2 })
	if got := text(h.fake.Messages(fakeslack.EphemeralTo("U5"))[1]); !strings.Contains(got, "not answered a daily question") {
		t.Errorf("my score for someone who never answered = %q", got)
	}
	if n := len(h.fake.Messages(fakeslack.InThread("C1", p.Ref))); n != 0 {
		t.Errorf("buttons posted %d public thread messages; their answers are private", n)
	}
}

// TestAnswerSurvivesADatabaseOutage: the event is claimed and acknowledged,
// so Slack will not send it again; while the daily use case answers
// "unavailable" the adapter keeps trying with backoff instead of losing it.
func TestAnswerSurvivesADatabaseOutage(t *testing.T) {
	h := MustHarness(t)
	p := postQuestion(t, h)
	h.daily.mu.Lock()
	h.daily.unavailable = 3
	h.daily.mu.Unlock()
	_, ev := h.fake.UserMessage("C1", "channel", "U1", "A buffered channel decouples sender and receiver.", p.Ref)
	if code, _ := h.post("/slack/events", fakeslack.ContentJSON, fakeslack.EventCallback("EvOUTAGE", ev)); code != http.StatusOK {
		t.Fatalf("status %d, want 200", code)
	}
	h.fake.Wait(5*time.Second, "the feedback", func(s *fakeslack.Server) bool { return len(s.Messages(fakeslack.EphemeralTo("U1"))) >= 1 })

	want := []string{"submit U1 EvOUTAGE", "submit U1 EvOUTAGE", "submit U1 EvOUTAGE", "submit U1 EvOUTAGE"}
	if got := h.daily.Calls(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("daily calls = %q, want %q (three failures, then success)", got, want)
	}
	if got, want := h.sleeps.waits(), []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second}; len(got) != len(want) || got[0] != want[0] || got[2] != want[2] {
		t.Errorf("waited %v, want %v", got, want)
	}
	if n := len(h.fake.Messages(fakeslack.EphemeralTo("U1"))); n != 1 {
		t.Errorf("U1 got %d feedback messages, want 1", n)
	}
}
