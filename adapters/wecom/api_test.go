package wecom

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// TestAPIErrcodes: an errcode from WeCom is surfaced as *APIError, retried
// with backoff when transient, refreshed once when the token went stale,
// and logged (without secrets) when it is not transient.
func TestAPIErrcodes(t *testing.T) {
	group := &bot.Channel{Key: bot.ChannelKey{Platform: bot.PlatformWeCom, Workspace: testCorpID, ChannelID: testChatID}}
	post := &bot.Post{ID: 1, LocalDate: "2026-11-25"}
	q := &bot.Question{ID: "go-gmp", Topic: "go-runtime", Difficulty: 2, Text: bot.Text{ZH: "讲讲 GMP 调度模型。", EN: "Explain GMP."}}
	for _, tc := range []struct {
		name      string
		path      string
		codes     []int
		send      func(m *Messenger) error
		wantCode  int64 // 0: success
		wantCalls int
		wantWaits []time.Duration
		wantLog   string
	}{
		{
			name: "app message: busy twice, then sent", path: "message/send", codes: []int{-1, 45009},
			send:      func(m *Messenger) error { return m.tell(context.Background(), "zhangsan", "hello") },
			wantCalls: 3, wantWaits: []time.Duration{time.Second, 2 * time.Second}, wantLog: "retrying",
		},
		{
			name: "app message: invalid user is not retried", path: "message/send", codes: []int{40003},
			send:     func(m *Messenger) error { return m.tell(context.Background(), "nobody", "hello") },
			wantCode: 40003, wantCalls: 1, wantLog: "errcode=40003",
		},
		{
			name: "app message: stale token refreshed once", path: "message/send", codes: []int{42001},
			send:      func(m *Messenger) error { return m.tell(context.Background(), "zhangsan", "hello") },
			wantCalls: 2, wantWaits: []time.Duration{time.Second},
		},
		{
			name: "app message: always busy gives up after the attempts", path: "message/send", codes: []int{-1, -1, -1, -1, -1},
			send:     func(m *Messenger) error { return m.tell(context.Background(), "zhangsan", "hello") },
			wantCode: -1, wantCalls: 4, wantWaits: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, wantLog: "transient=true",
		},
		{
			// The library returns a nil error for this one; the adapter must not.
			name: "group robot: errcode with a nil library error", path: "webhook/send", codes: []int{93000},
			send: func(m *Messenger) error {
				_, err := m.PostQuestion(context.Background(), group, post, q)
				return err
			},
			wantCode: 93000, wantCalls: 1, wantLog: "errcode=93000",
		},
		{
			name: "group robot: concurrency limit retried", path: "webhook/send", codes: []int{45033},
			send: func(m *Messenger) error {
				_, err := m.PostQuestion(context.Background(), group, post, q)
				return err
			},
			wantCalls: 2, wantWaits: []time.Duration{time.Second},
		},
		{
			name: "response_url: used twice", path: "aibot/response",
			send: func(m *Messenger) error {
				if err := m.api.sendResponseURL(context.Background(), responseURL("rc-1"), "first"); err != nil {
					return fmt.Errorf("first call: %w", err)
				}
				return m.api.sendResponseURL(context.Background(), responseURL("rc-1"), "second")
			},
			wantCode: 40001, wantCalls: 2, wantLog: "errcode=40001",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			deps, _, _ := fakeDeps()
			h := newHarness(t, deps)
			h.api.fail(tc.path, tc.codes...)
			err := tc.send(h.a.Messenger())
			var ae *APIError
			switch {
			case tc.wantCode == 0 && err != nil:
				t.Fatalf("send: %v, want success", err)
			case tc.wantCode != 0 && !errors.As(err, &ae):
				t.Fatalf("send: %v, want an *APIError with errcode %d", err, tc.wantCode)
			case tc.wantCode != 0 && ae.Code != tc.wantCode:
				t.Fatalf("errcode = %d, want %d", ae.Code, tc.wantCode)
			}
			if got := h.api.callCount(tc.path); got != tc.wantCalls {
				t.Errorf("%s calls = %d, want %d", tc.path, got, tc.wantCalls)
			}
			if got := h.recordedSleeps(); !slices.Equal(got, tc.wantWaits) {
				t.Errorf("waits = %v, want %v", got, tc.wantWaits)
			}
			logs := h.logs.String()
			if !strings.Contains(logs, tc.wantLog) {
				t.Errorf("logs lack %q:\n%s", tc.wantLog, logs)
			}
			for _, secret := range []string{testSecret, testWebhook, "ACCESS_TOKEN_", "rc-1", testAESKey, testBotAESKey} {
				if strings.Contains(logs, secret) || err != nil && strings.Contains(err.Error(), secret) {
					t.Errorf("a secret (%.6s…) reached the logs or the error", secret)
				}
			}
		})
	}
}

// TestTransportErrorRedacted: when WeCom cannot be reached the error names
// the call but not the access token or webhook key in its URL.
func TestTransportErrorRedacted(t *testing.T) {
	deps, _, _ := fakeDeps()
	h := newHarness(t, deps)
	h.api.Close()
	ch := &bot.Channel{Key: bot.ChannelKey{ChannelID: testChatID}}
	_, err := h.a.Messenger().PostLeaderboard(context.Background(), ch, &bot.Leaderboard{Period: bot.PeriodWeek})
	if err == nil {
		t.Fatal("PostLeaderboard with WeCom down: nil error")
	}
	if strings.Contains(err.Error(), testWebhook) || strings.Contains(h.logs.String(), testWebhook) {
		t.Errorf("the webhook key leaked: %v", err)
	}
	if got := len(h.recordedSleeps()); got != 3 {
		t.Errorf("%d waits between attempts, want 3 (4 attempts)", got)
	}
}

// TestRobotRateLimit: 25 pushes to one webhook at once; the first 20 go
// out, the rest wait until a minute has passed since the push whose token
// they reuse: never more than 20 in a minute.
func TestRobotRateLimit(t *testing.T) {
	now := testStart
	l := newLimiter(20, time.Minute, func() time.Time { return now })
	var waits []time.Duration
	for range 25 {
		waits = append(waits, l.reserve(testWebhook))
	}
	for i, w := range waits {
		want := time.Duration(0)
		if i >= 20 {
			want = time.Minute
		}
		if w != want {
			t.Errorf("push %d waits %v, want %v", i+1, w, want)
		}
	}
	if w := l.reserve("another-webhook"); w != 0 {
		t.Errorf("another webhook waits %v, want 0: buckets are per webhook", w)
	}
	now = now.Add(30 * time.Second)
	if w := l.reserve(testWebhook); w != 30*time.Second {
		t.Errorf("push 26, 30s later, waits %v, want 30s (the token of push 6 comes back at one minute)", w)
	}
}

// TestRobotRateLimitSends: pushes through the Messenger wait on the
// bucket; with the recorded clock, no 60-second window holds more than 20.
func TestRobotRateLimitSends(t *testing.T) {
	deps, _, _ := fakeDeps()
	h := newHarness(t, deps)
	ch := &bot.Channel{Key: bot.ChannelKey{ChannelID: testChatID}}
	var sentAt []time.Time
	for range 45 {
		if _, err := h.a.Messenger().PostLeaderboard(context.Background(), ch, &bot.Leaderboard{Period: bot.PeriodWeek}); err != nil {
			t.Fatalf("PostLeaderboard: %v", err)
		}
		sentAt = append(sentAt, h.clock.now())
	}
	if got := len(h.api.messages("webhook/send", testWebhook)); got != 45 {
		t.Fatalf("%d pushes arrived, want 45", got)
	}
	for i := range sentAt {
		j := i
		for j < len(sentAt) && sentAt[j].Sub(sentAt[i]) < time.Minute {
			j++
		}
		if j-i > 20 {
			t.Fatalf("%d pushes within a minute starting at push %d, want at most 20", j-i, i+1)
		}
	}
}
