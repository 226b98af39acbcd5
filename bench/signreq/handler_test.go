package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	slackad "github.com/interviewbot/interviewbot/adapters/slack"
	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/prompts"
	"github.com/interviewbot/interviewbot/storage/sqlite"
)

// stubGrader grades nothing: no answer is graded in this test.
type stubGrader struct{}

func (stubGrader) Grade(context.Context, bot.GradeRequest) (*bot.Grade, error) {
	return nil, bot.Errorf(bot.EINTERNAL, "not grading in this test")
}

// MustHandler is adapters/slack's HTTP handler, the one serve mounts, on a
// SQLite store (its delivery claims included) and a fake Slack.
func MustHandler(tb testing.TB, secret string) (*httptest.Server, *fakeslack.Server) {
	tb.Helper()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	store, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "bot.db"), log)
	if err != nil {
		tb.Fatalf("open sqlite: %v", err)
	}
	tb.Cleanup(func() { store.Close() })
	qs, err := prompts.Load()
	if err != nil {
		tb.Fatalf("load questions: %v", err)
	}
	bank, err := bot.NewBank(qs)
	if err != nil {
		tb.Fatalf("new bank: %v", err)
	}
	iv, err := bot.NewInterviews(bot.InterviewsConfig{Store: store, Grader: stubGrader{}, Bank: bank, Log: log})
	if err != nil {
		tb.Fatalf("new interviews: %v", err)
	}
	fake := fakeslack.New(tb)
	// One worker: work runs in the order it was acknowledged, so a test can
	// tell a repeat was handled once the command after it ran.
	ad, err := slackad.New(slackad.Config{BotToken: fake.BotToken, SigningSecret: secret, APIURL: fake.APIURL(), Lang: bot.LangEN, Workers: 1},
		slackad.Deps{Interviews: iv, Members: store, Deliveries: store, Bank: bank, Log: log})
	if err != nil {
		tb.Fatalf("slack.New: %v", err)
	}
	srv := httptest.NewServer(ad.Handler())
	tb.Cleanup(srv.Close)
	return srv, fake
}

// TestHandlerAcceptsSignedRequests sends the signed requests through the
// adapter's own handler: each is accepted (200) and starts its work (a
// command opens its member's DM), and sending one again is a duplicate
// that starts nothing, which shows the ids are what the handler
// deduplicates on. A wrong secret gets 401.
func TestHandlerAcceptsSignedRequests(t *testing.T) {
	srv, fake := MustHandler(t, testSecret)
	send := func(t *testing.T, r *http.Request) (int, string) {
		t.Helper()
		body, _ := io.ReadAll(r.Body)
		req, err := http.NewRequest(r.Method, srv.URL+r.URL.Path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header = r.Header.Clone()
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	at := time.Now()
	t.Run("commands", func(t *testing.T) {
		reqs := MustRequests(t, options{Kind: "command", N: 5, Secret: testSecret, Channel: "C1", Nonce: "h", At: at})
		for i, r := range reqs {
			code, body := send(t, r)
			if code != http.StatusOK || !bytes.Contains([]byte(body), []byte("DM")) {
				t.Errorf("command %d: %d %q, want 200 with the check-your-DM acknowledgement", i, code, body)
			}
		}
		fake.Wait(10*time.Second, "a DM opened per command", func(s *fakeslack.Server) bool { return s.Calls("conversations.open") == len(reqs) })
		// The trigger_id is claimed by the worker, before any side effect,
		// so a repeat is acknowledged like any command and then does
		// nothing; a new command after it shows the worker got past it.
		again := MustRequests(t, options{Kind: "command", N: 1, Secret: testSecret, Channel: "C1", Nonce: "h", At: at})[0]
		next := MustRequests(t, options{Kind: "command", N: len(reqs) + 1, Secret: testSecret, Channel: "C1", Nonce: "h", At: at})[len(reqs)]
		for _, r := range []*http.Request{again, next} {
			if code, _ := send(t, r); code != http.StatusOK {
				t.Errorf("status %d, want 200", code)
			}
		}
		fake.Wait(10*time.Second, "the DM of the command after the repeat", func(s *fakeslack.Server) bool { return s.Calls("conversations.open") >= len(reqs)+1 })
		if n := fake.Calls("conversations.open"); n != len(reqs)+1 {
			t.Errorf("conversations.open calls = %d, want %d: one per distinct command, none for the repeated trigger_id", n, len(reqs)+1)
		}
	})
	t.Run("help", func(t *testing.T) {
		before := fake.Calls("conversations.open")
		for i, r := range MustRequests(t, options{Kind: "help", N: 3, Secret: testSecret, Channel: "C1", Nonce: "hp", At: at}) {
			code, body := send(t, r)
			if code != http.StatusOK || !bytes.Contains([]byte(body), []byte("/mock-interview")) {
				t.Errorf("help %d: %d %q, want 200 with the help text in the acknowledgement", i, code, body)
			}
		}
		if n := fake.Calls("conversations.open"); n != before {
			t.Errorf("help opened %d DMs; it is answered in the acknowledgement alone", n-before)
		}
	})
	t.Run("events", func(t *testing.T) {
		reqs := MustRequests(t, options{Kind: "event", N: 5, Secret: testSecret, Channel: "C1", Thread: "1700000001.000001", Nonce: "h", At: at})
		for i, r := range reqs {
			if code, body := send(t, r); code != http.StatusOK {
				t.Errorf("event %d: %d %q, want 200", i, code, body)
			}
		}
	})
	t.Run("wrong secret", func(t *testing.T) {
		r := MustRequests(t, options{Kind: "event", N: 1, Secret: "not-the-secret", Channel: "C1", Thread: "1.1", Nonce: "w", At: at})[0]
		if code, _ := send(t, r); code != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", code)
		}
	})
}
