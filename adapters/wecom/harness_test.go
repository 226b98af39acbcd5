package wecom

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// testClock is a settable clock shared by the adapter and the fixtures.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// syncBuffer is a log sink the workers may write to concurrently.
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

// harness drives the adapter the way WeCom does: encrypted callbacks in,
// API calls out to a fake WeCom.
type harness struct {
	t     *testing.T
	api   *fakeWeCom
	a     *Adapter
	app   *fixtureCrypto
	robot *fixtureCrypto
	clock *testClock
	logs  *syncBuffer
	h     http.Handler

	mu     sync.Mutex
	sleeps []time.Duration
}

// testStart is a Wednesday, 09:00 in Shanghai.
var testStart = time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)

func testConfig(apiURL string) Config {
	return Config{
		CorpID: testCorpID, AgentID: testAgentID, Secret: testSecret, Token: testToken, AESKey: testAESKey,
		BotToken: testBotToken, BotAESKey: testBotAESKey,
		GroupWebhooks: map[string]string{testChatID: testWebhook},
		Timezone:      "Asia/Shanghai", APIBaseURL: apiURL,
	}
}

// newHarness builds the adapter on deps; Now, Sleep and Log are filled in.
// deps.Messenger, when the test built one itself, must come from h.messenger.
func newHarness(t *testing.T, deps Deps) *harness {
	t.Helper()
	return newHarnessAt(t, deps, &testClock{t: testStart})
}

// newHarnessAt is newHarness on a clock the caller shares with other parts.
func newHarnessAt(t *testing.T, deps Deps, clock *testClock) *harness {
	t.Helper()
	h := &harness{t: t, api: newFakeWeCom(t), clock: clock, logs: &syncBuffer{}}
	h.app = newFixtureCrypto(t, testToken, testAESKey, testCorpID)
	h.robot = newFixtureCrypto(t, testBotToken, testBotAESKey, "")
	deps.Now = h.clock.now
	deps.Sleep = h.sleep
	deps.Log = slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := New(testConfig(h.api.URL), deps)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.a, h.h = a, a.Handler()
	t.Cleanup(func() {
		if err := a.Shutdown(context.Background()); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	})
	return h
}

// sleep records a wait instead of waiting, and moves the clock on.
func (h *harness) sleep(ctx context.Context, d time.Duration) error {
	h.mu.Lock()
	h.sleeps = append(h.sleeps, d)
	h.mu.Unlock()
	h.clock.advance(d)
	return ctx.Err()
}

func (h *harness) recordedSleeps() []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Duration(nil), h.sleeps...)
}

// do serves one request and waits for the work it started.
func (h *harness) do(r *http.Request) *httptest.ResponseRecorder {
	h.t.Helper()
	w := httptest.NewRecorder()
	h.h.ServeHTTP(w, r)
	h.a.work.Wait()
	return w
}

// appSays sends a direct message from user to the app.
func (h *harness) appSays(user, text, msgID string) *httptest.ResponseRecorder {
	h.t.Helper()
	return h.do(h.app.appRequest(h.clock.now(), nextNonce(), appXML(user, text, msgID, h.clock.now())))
}

// groupSays @-mentions the smart robot in the test group.
func (h *harness) groupSays(user, text, msgID string) *httptest.ResponseRecorder {
	h.t.Helper()
	return h.do(h.robot.robotRequest(h.clock.now(), nextNonce(),
		robotJSON(msgID, "group", testChatID, user, "@面试机器人 "+text, responseURL("rc-"+msgID))))
}

// MustStatus fails the test when the response status is not want.
func MustStatus(tb testing.TB, w *httptest.ResponseRecorder, want int) {
	tb.Helper()
	if w.Code != want {
		tb.Fatalf("status = %d (%q), want %d", w.Code, w.Body.String(), want)
	}
}

// fakeDeliveries is a DeliveryStore in memory.
type fakeDeliveries struct {
	mu   sync.Mutex
	keys map[string]bool
}

func (f *fakeDeliveries) ClaimDelivery(_ context.Context, platform, key string, _ time.Time) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.keys == nil {
		f.keys = map[string]bool{}
	}
	k := platform + "/" + key
	if f.keys[k] {
		return false, nil
	}
	f.keys[k] = true
	return true, nil
}

func (f *fakeDeliveries) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.keys)
}

// fakeMembers numbers members by user id.
type fakeMembers struct {
	mu  sync.Mutex
	ids map[string]int64
}

func (f *fakeMembers) UpsertMember(_ context.Context, m *bot.Member) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ids == nil {
		f.ids = map[string]int64{}
	}
	if _, ok := f.ids[m.Key.UserID]; !ok {
		f.ids[m.Key.UserID] = int64(len(f.ids) + 1)
	}
	m.ID = f.ids[m.Key.UserID]
	return nil
}

// fakeInterviews counts answers and returns a fixed step.
type fakeInterviews struct {
	mu      sync.Mutex
	answers []string
	report  *bot.Report // when set, every step is this finished report
}

func (f *fakeInterviews) step() *bot.Step {
	s := &bot.MockSession{ID: 1, Lang: bot.LangZH, Plan: []string{"q"}}
	if f.report != nil {
		s.State = bot.SessionFinished
		return &bot.Step{Session: s, Report: f.report}
	}
	return &bot.Step{Session: s, Paused: true}
}

func (f *fakeInterviews) Start(context.Context, int64, bot.StartOptions) (*bot.Step, error) {
	return f.step(), nil
}
func (f *fakeInterviews) Resume(context.Context, int64) (*bot.Step, error) { return f.step(), nil }
func (f *fakeInterviews) Answer(_ context.Context, _ int64, text string) (*bot.Step, error) {
	f.mu.Lock()
	f.answers = append(f.answers, text)
	f.mu.Unlock()
	return f.step(), nil
}
func (f *fakeInterviews) Retry(context.Context, int64) (*bot.Step, error) { return f.step(), nil }
func (f *fakeInterviews) Skip(context.Context, int64) (*bot.Step, error)  { return f.step(), nil }
func (f *fakeInterviews) Hint(context.Context, int64) (*bot.Step, error)  { return f.step(), nil }
func (f *fakeInterviews) Pause(context.Context, int64) (*bot.Step, error) { return f.step(), nil }
func (f *fakeInterviews) Abandon(context.Context, int64) error            { return nil }

func (f *fakeInterviews) answered() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.answers...)
}

// fakeDeps are the hand-written fakes the transport tests run on.
func fakeDeps() (Deps, *fakeDeliveries, *fakeInterviews) {
	d, iv := &fakeDeliveries{}, &fakeInterviews{}
	return Deps{Interviews: iv, Members: &fakeMembers{}, Deliveries: d}, d, iv
}
