package slack_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	slackad "github.com/interviewbot/interviewbot/adapters/slack"
	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/prompts"
	"github.com/interviewbot/interviewbot/storage/sqlite"
)

const testSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// harness is the adapter wired to a fake Slack, a real SQLite store, the
// real question bank and mock-interview use case, and hand-written fakes
// for the rest.
type harness struct {
	t      *testing.T
	fake   *fakeslack.Server
	ad     *slackad.Adapter
	app    *httptest.Server // the adapter's HTTP endpoints
	store  *sqlite.Store
	bank   *bot.Bank
	deliv  *fakeDeliveries
	daily  *fakeDaily
	logs   *syncBuffer
	sleeps *sleepRecorder
	events atomic.Int64
}

// MustHarness builds a harness; tweak adjusts the config and deps first.
func MustHarness(t *testing.T, tweak ...func(*slackad.Config, *slackad.Deps)) *harness {
	t.Helper()
	ctx := context.Background()
	h := &harness{t: t, fake: fakeslack.New(t), logs: &syncBuffer{}, sleeps: &sleepRecorder{}, deliv: newFakeDeliveries()}
	log := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "bot.db"), log)
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	h.store = store
	h.bank = MustBank(t)
	iv, err := bot.NewInterviews(bot.InterviewsConfig{Store: store, Grader: fakeGrader{}, Bank: h.bank, Rand: rand.New(rand.NewPCG(1, 2)), Log: log})
	if err != nil {
		t.Fatalf("new interviews: %v", err)
	}
	cfg := slackad.Config{BotToken: h.fake.BotToken, AppToken: h.fake.AppToken, SigningSecret: testSecret, APIURL: h.fake.APIURL(),
		Lang: bot.LangEN, PingInterval: time.Hour}
	deps := slackad.Deps{Interviews: iv, Members: store, Deliveries: h.deliv, Bank: h.bank, Channels: &fakeChannels{}, Log: log, Sleep: h.sleeps.sleep}
	h.daily = newFakeDaily(h.bank)
	deps.Daily = h.daily
	for _, f := range tweak {
		f(&cfg, &deps)
	}
	h.ad, err = slackad.New(cfg, deps)
	if err != nil {
		t.Fatalf("slack.New: %v", err)
	}
	h.daily.msgr = h.ad.Messenger()
	h.app = httptest.NewServer(h.ad.Handler())
	t.Cleanup(func() {
		h.app.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := h.ad.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if t.Failed() {
			t.Logf("adapter log:\n%s", h.logs.String())
		}
		for _, secret := range []string{testSecret, h.fake.BotToken, h.fake.AppToken} {
			if strings.Contains(h.logs.String(), secret) {
				t.Errorf("a token or the signing secret appears in the logs")
			}
		}
	})
	return h
}

// MustBank loads the embedded question bank.
func MustBank(tb testing.TB) *bot.Bank {
	tb.Helper()
	qs, err := prompts.Load()
	if err != nil {
		tb.Fatalf("load questions: %v", err)
	}
	b, err := bot.NewBank(qs)
	if err != nil {
		tb.Fatalf("new bank: %v", err)
	}
	return b
}

// startSocket runs Socket Mode until the test ends and waits for the connection.
func (h *harness) startSocket() {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.ad.RunSocketMode(ctx) }()
	h.t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			h.t.Errorf("RunSocketMode: %v", err)
		}
	})
	h.fake.Wait(5*time.Second, "socket mode to connect", func(s *fakeslack.Server) bool { return s.SocketConnected() })
}

// post sends a signed delivery to the adapter's HTTP endpoint.
func (h *harness) post(path, contentType string, body []byte, mod ...func(*http.Request)) (int, string) {
	h.t.Helper()
	r := fakeslack.SignedRequest(h.app.URL+path, testSecret, time.Now(), contentType, body)
	for _, m := range mod {
		m(r)
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		h.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// eventID returns a fresh Events API event id.
func (h *harness) eventID() string { return fmt.Sprintf("Ev%06d", h.events.Add(1)) }

// event delivers an inner event over HTTP and checks it was accepted.
func (h *harness) event(inner map[string]any) string {
	h.t.Helper()
	id := h.eventID()
	if code, body := h.post("/slack/events", fakeslack.ContentJSON, fakeslack.EventCallback(id, inner)); code != http.StatusOK {
		h.t.Fatalf("deliver event %s: status %d %s", id, code, body)
	}
	return id
}

// socketEvent delivers an inner event over Socket Mode and waits for the ack.
func (h *harness) socketEvent(inner map[string]any) string {
	h.t.Helper()
	env := h.fake.SendEnvelope(fakeslack.EnvelopeEvents, fakeslack.EventCallback(h.eventID(), inner), 0)
	h.fake.WaitAck(env)
	return env
}

// command delivers a slash command over HTTP.
func (h *harness) command(cmd, text, user, channel string) (int, string) {
	h.t.Helper()
	return h.post("/slack/commands", fakeslack.ContentForm, []byte(fakeslack.SlashCommand(cmd, text, user, channel).Encode()))
}

// botMessages are the bot's top-level messages in channel.
func (h *harness) botMessages(channel string) []fakeslack.Message {
	return h.fake.Messages(func(m fakeslack.Message) bool {
		return m.Channel == channel && m.Author == fakeslack.BotUserID && !m.Ephemeral && m.ThreadTS == ""
	})
}

// waitBotMessages waits until the bot has posted n messages in channel and returns the last.
func (h *harness) waitBotMessages(channel string, n int) fakeslack.Message {
	h.t.Helper()
	h.fake.Wait(10*time.Second, fmt.Sprintf("%d bot messages in %s", n, channel), func(*fakeslack.Server) bool {
		return len(h.botMessages(channel)) >= n
	})
	return h.botMessages(channel)[n-1]
}

// text is what a person reads in a message: its blocks, or its fallback text.
func text(m fakeslack.Message) string {
	if m.Blocks != nil {
		return fakeslack.BlocksText(m.Blocks)
	}
	return m.Text
}

// syncBuffer is a log sink tests can read while the adapter writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// sleepRecorder stands in for the rate-limit wait: it records how long the
// adapter asked to wait and returns at once, so no test sleeps.
type sleepRecorder struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleepRecorder) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// Short names for tweak functions.
type (
	slackadConfig = slackad.Config
	slackadDeps   = slackad.Deps
)
