package main

// Tests of `interviewbot serve` over the real binary: it starts with only a
// database and Slack's credentials (pointed at the fake Slack), posts the
// scheduled question, takes thread answers over signed HTTP, exposes the
// three endpoints, drains a grading that is in flight when SIGTERM
// arrives, and grades after a restart what the first process left queued.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/postgres"
	"github.com/interviewbot/interviewbot/storage/sqlite"
)

const testSigningSecret = "signing-secret-never-logged-7f3a"

// serveDB is a database for serve tests: the variables that select it and a
// way for the test to look inside.
type serveDB struct {
	vars []string
	open func(tb testing.TB) adminStore
}

type adminStore interface {
	bot.DailyStore
	bot.AdminStore
}

// MustSQLiteDB is a fresh SQLite file.
func MustSQLiteDB(tb testing.TB) serveDB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "bot.db")
	return serveDB{vars: []string{"DATABASE_URL=sqlite:" + path}, open: func(tb testing.TB) adminStore {
		s, err := sqlite.Open(context.Background(), path, slog.New(slog.DiscardHandler))
		if err != nil {
			tb.Fatalf("open sqlite: %v", err)
		}
		tb.Cleanup(func() { s.Close() })
		return s
	}}
}

// MustPostgresDB is a fresh schema (and one for River) in TEST_DATABASE_URL.
func MustPostgresDB(tb testing.TB) serveDB {
	tb.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		tb.Fatal("TEST_DATABASE_URL is not set: run `make test`, which starts a throwaway PostgreSQL, " +
			"or export TEST_DATABASE_URL=postgres://user@host:port/db?sslmode=disable")
	}
	b := make([]byte, 5)
	rand.Read(b)
	schema := "serve_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(context.Background(), base)
	if err != nil {
		tb.Fatalf("connect to TEST_DATABASE_URL: %v", err)
	}
	if _, err := admin.Exec(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		for _, s := range []string{schema, schema + "_river"} {
			if _, err := admin.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+s+" CASCADE"); err != nil {
				tb.Errorf("drop schema %s: %v", s, err)
			}
		}
		admin.Close(context.Background())
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("TEST_DATABASE_URL does not parse: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	dsn := u.String()
	return serveDB{vars: []string{"DATABASE_URL=" + dsn, EnvJobsSchema + "=" + schema + "_river"}, open: func(tb testing.TB) adminStore {
		s, err := postgres.Open(context.Background(), dsn, slog.New(slog.DiscardHandler))
		if err != nil {
			tb.Fatalf("open postgres: %v", err)
		}
		tb.Cleanup(func() { s.Close() })
		return s
	}}
}

// serveProc is a running `interviewbot serve`.
type serveProc struct {
	t    *testing.T
	cmd  *exec.Cmd
	mu   sync.Mutex
	logs bytes.Buffer
	base string // http://127.0.0.1:PORT
	done chan error
}

var servingAddr = regexp.MustCompile(`"msg":"serving","addr":"([^"]+)"`)

// startServe runs serve with env and waits for its "serving" line.
func startServe(t *testing.T, env []string) *serveProc {
	t.Helper()
	p := &serveProc{t: t, cmd: exec.Command(MustBinary(t), "serve"), done: make(chan error, 1)}
	p.cmd.Dir, p.cmd.Env = t.TempDir(), append(env, EnvHTTPAddr+"=127.0.0.1:0")
	p.cmd.Stdout = lockedWriter{&p.mu, &p.logs}
	p.cmd.Stderr = lockedWriter{&p.mu, &p.logs}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	deadline := time.Now().Add(e2eDeadline)
	for {
		if m := servingAddr.FindStringSubmatch(p.Logs()); m != nil {
			p.base = "http://" + m[1]
			return p
		}
		select {
		case err := <-p.done:
			t.Fatalf("serve exited before serving (%v):\n%s", err, p.Logs())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", p.Logs())
		}
	}
}

func (p *serveProc) Logs() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.logs.String()
}

// get fetches path and returns the status and body.
func (p *serveProc) get(path string) (int, string) {
	p.t.Helper()
	res, err := http.Get(p.base + path)
	if err != nil {
		p.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// event delivers a signed Events API callback and wants 200.
func (p *serveProc) event(eventID string, inner map[string]any) {
	p.t.Helper()
	body := fakeslack.EventCallback(eventID, inner)
	req := fakeslack.SignedRequest(p.base+"/slack/events", testSigningSecret, time.Now(), fakeslack.ContentJSON, body)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("deliver %s: %v", eventID, err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		p.t.Fatalf("deliver %s: status %d\n%s", eventID, res.StatusCode, p.Logs())
	}
	if res.Header.Get("X-Request-Id") == "" {
		p.t.Errorf("deliver %s: no X-Request-Id in the response", eventID)
	}
}

// stop sends SIGTERM and wants a clean exit within the drain timeout.
func (p *serveProc) stop() {
	p.t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		p.t.Fatal(err)
	}
	select {
	case err := <-p.done:
		if err != nil {
			p.t.Fatalf("serve exited with %v after SIGTERM:\n%s", err, p.Logs())
		}
	case <-time.After(40 * time.Second):
		p.t.Fatalf("serve did not exit 40s after SIGTERM:\n%s", p.Logs())
	}
	if !strings.Contains(p.Logs(), `"msg":"shut down cleanly"`) {
		p.t.Errorf("no clean-shutdown line in the logs:\n%s", p.Logs())
	}
}

// fakeLLM is an OpenAI-compatible endpoint that takes delay to refuse every
// request with 401 (not retried), so the judge falls back to the rubric:
// a slow grader whose grades are still stored, and an LLM error to count.
type fakeLLM struct {
	srv   *httptest.Server
	calls atomic.Int64
	delay atomic.Int64 // nanoseconds
}

func newFakeLLM(t *testing.T, delay time.Duration) *fakeLLM {
	f := &fakeLLM{}
	f.delay.Store(int64(delay))
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.calls.Add(1)
		time.Sleep(time.Duration(f.delay.Load()))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":{"message":"bad key","type":"invalid_request_error","code":"invalid_api_key"}}`)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// serveEnv is the environment of a Slack-only serve against db.
func serveEnv(t *testing.T, db serveDB, fake *fakeslack.Server, llm *fakeLLM, clock string) []string {
	cfgFile := filepath.Join(t.TempDir(), "interviewbot.yaml")
	yaml := fmt.Sprintf(`channels:
  - platform: slack
    workspace: %s
    channel: C1
    name: general
    lang: en
    timezone: UTC
    post: "0 10 * * *"
    reveal: "0 18 * * *"
    leaderboard: "0 12 * * 6"
`, fakeslack.TeamID)
	if err := os.WriteFile(cfgFile, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := append([]string{
		EnvSlackBotToken + "=" + fake.BotToken, EnvSlackSecret + "=" + testSigningSecret, EnvSlackAPIURL + "=" + fake.APIURL(),
		EnvConfigFile + "=" + cfgFile, EnvTestClock + "=" + clock, EnvTick + "=1s", EnvShutdownTimeout + "=30s",
		"INTERVIEWBOT_LLM_MODEL=fake-model", "INTERVIEWBOT_LLM_BASE_URL=" + llm.srv.URL + "/v1",
		"INTERVIEWBOT_LLM_API_KEY=sk-llm-key-never-logged", "INTERVIEWBOT_LANG=en",
	}, db.vars...)
	return e2eEnv(vars...)
}

// waitFor polls cond until it holds or a minute passes.
func waitFor(t *testing.T, p *serveProc, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for %s; logs:\n%s", what, p.Logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// answerText is a real answer to the posted question: its reference, so
// the rubric has something to find and no guard skips the judge.
func answerText(t *testing.T, st adminStore, channelID int64, date string) (string, *bot.Post) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		// The fake shows the message a moment before the post records its ts.
		p, err := st.FindPostByKey(context.Background(), channelID, bot.PostQuestion, date)
		if err == nil && p.Ref != "" {
			q, err := MustBank(t).Find(p.QuestionID)
			if err != nil {
				t.Fatal(err)
			}
			return q.Reference.EN, p
		}
		if time.Now().After(deadline) {
			t.Fatalf("the question post of %s has no platform ref after a minute (%v)", date, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func history(t *testing.T, st adminStore) []bot.HistoryRow {
	t.Helper()
	rows, err := st.ExportHistory(context.Background(), nil)
	if err != nil {
		t.Fatalf("export history: %v", err)
	}
	return rows
}

func graded(rows []bot.HistoryRow) int {
	n := 0
	for _, r := range rows {
		if r.Graded {
			n++
		}
	}
	return n
}

func TestServeSQLite(t *testing.T)   { runServeScenario(t, MustSQLiteDB(t)) }
func TestServePostgres(t *testing.T) { runServeScenario(t, MustPostgresDB(t)) }

func runServeScenario(t *testing.T, db serveDB) {
	fake := fakeslack.New(t)
	llm := newFakeLLM(t, 1500*time.Millisecond)
	st := db.open(t)

	// Day 1: the question goes out at 10:00 test time, one second in.
	p := startServe(t, serveEnv(t, db, fake, llm, "2026-03-02T09:59:00Z*60"))
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, body := p.get(path); code != http.StatusOK {
			t.Errorf("GET %s = %d %q, want 200", path, code, body)
		}
	}
	fake.Wait(time.Minute, "the day-1 question in C1", func(s *fakeslack.Server) bool {
		return len(s.Messages(fakeslack.InChannel("C1"))) == 1
	})
	chans, err := st.ListChannels(context.Background())
	if err != nil || len(chans) != 1 {
		t.Fatalf("channels = %v, %v; want the one from the config file", chans, err)
	}
	text, post := answerText(t, st, chans[0].ID, "2026-03-02")
	if post.LocalDate != "2026-03-02" {
		t.Errorf("the question post is for %s, want the test clock's 2026-03-02", post.LocalDate)
	}

	// Two answers; the first is delivered twice (Slack retries).
	_, ev1 := fake.UserMessage("C1", "channel", "U1", text, post.Ref)
	p.event("Ev-day1-u1", ev1)
	p.event("Ev-day1-u1", ev1)
	_, ev2 := fake.UserMessage("C1", "channel", "U2", text, post.Ref)
	p.event("Ev-day1-u2", ev2)
	waitFor(t, p, "the slow LLM to be grading", func() bool {
		return llm.calls.Load() >= 1
	})

	_, metrics := p.get("/metrics")
	for _, want := range []string{
		`interviewbot_events_received_total{platform="slack"} 3`,
		`interviewbot_events_deduplicated_total{platform="slack"} 1`,
		`interviewbot_posts_sent_total{kind="question",platform="slack"} 1`,
		`interviewbot_llm_errors_total 0`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, grepLines(metrics, "interviewbot_"))
		}
	}
	if n := metricValue(t, metrics, `interviewbot_jobs_queued_total{kind="grade"}`); n < 1 {
		t.Errorf("jobs queued (grade) = %v, want at least 1", n)
	}

	// A delivery signed with another secret is refused, and its refusal is
	// logged with its request id (served requests log at debug only).
	forged := fakeslack.SignedRequest(p.base+"/slack/events", "not-the-secret", time.Now(), fakeslack.ContentJSON,
		fakeslack.EventCallback("EvForged", map[string]any{"type": "app_home_opened", "user": "U1", "tab": "home"}))
	res, err := http.DefaultClient.Do(forged)
	if err != nil {
		t.Fatalf("forged delivery: %v", err)
	}
	res.Body.Close()
	if id := res.Header.Get("X-Request-Id"); res.StatusCode != http.StatusUnauthorized || id == "" {
		t.Errorf("forged delivery: status %d, request id %q; want 401 with an id", res.StatusCode, id)
	} else {
		waitFor(t, p, "the refusal logged", func() bool { return strings.Contains(p.Logs(), `"request_id":"`+id+`"`) })
	}

	// SIGTERM while a grading waits on the slow LLM: the drain lets it
	// finish and store its grade before the process exits.
	p.stop()
	rows := history(t, st)
	if len(rows) != 2 {
		t.Fatalf("after SIGTERM %d answers are stored, want 2: %+v", len(rows), rows)
	}
	if graded(rows) < 1 {
		t.Errorf("the answer being graded at SIGTERM has no grade: %+v", rows)
	}
	for _, secret := range []string{testSigningSecret, fake.BotToken, "sk-llm-key-never-logged"} {
		if strings.Contains(p.Logs(), secret) {
			t.Errorf("the logs contain a secret (%.6s…)", secret)
		}
	}
	if !strings.Contains(p.Logs(), `"request_id":`) || !strings.Contains(p.Logs(), "test clock is on") {
		t.Errorf("logs lack request ids or the test-clock warning:\n%s", p.Logs())
	}

	// Day 2 in a new process: whatever day 1 left queued is graded, the new
	// question goes out, a third answer is graded, and the series move.
	llm.delay.Store(int64(10 * time.Millisecond))
	p2 := startServe(t, serveEnv(t, db, fake, llm, "2026-03-03T09:59:00Z*60"))
	waitFor(t, p2, "both day-1 answers graded", func() bool { return graded(history(t, st)) == 2 })
	fake.Wait(time.Minute, "the day-2 question in C1", func(s *fakeslack.Server) bool {
		return len(s.Messages(fakeslack.InChannel("C1"))) == 2
	})
	text, post = answerText(t, st, chans[0].ID, "2026-03-03")
	_, ev3 := fake.UserMessage("C1", "channel", "U3", text, post.Ref)
	p2.event("Ev-day2-u3", ev3)
	p2.event("Ev-day2-u3", ev3)
	waitFor(t, p2, "the day-2 answer graded", func() bool { return graded(history(t, st)) == 3 })
	waitFor(t, p2, "the grading series", func() bool {
		_, m := p2.get("/metrics")
		return metricValue(t, m, `interviewbot_grading_seconds_count{grader="rubric (LLM unavailable)"}`) >= 1
	})
	_, metrics = p2.get("/metrics")
	for series, min := range map[string]float64{
		`interviewbot_events_received_total{platform="slack"}`:                  2,
		`interviewbot_events_deduplicated_total{platform="slack"}`:              1,
		`interviewbot_posts_sent_total{kind="question",platform="slack"}`:       1,
		`interviewbot_jobs_queued_total{kind="grade"}`:                          1,
		`interviewbot_llm_errors_total`:                                         1,
		`interviewbot_grading_seconds_count{grader="rubric (LLM unavailable)"}`: 1,
		`interviewbot_jobs_failed_total{kind="grade"}`:                          0,
		`interviewbot_http_requests_total{code="200"}`:                          2,
		`go_goroutines`: 1,
	} {
		if got := metricValue(t, metrics, series); got < min {
			t.Errorf("%s = %v, want at least %v", series, got, min)
		}
	}
	p2.stop()
}

// metricValue reads one sample from the text exposition; -1 when absent.
func metricValue(t *testing.T, metrics, series string) float64 {
	t.Helper()
	for _, line := range strings.Split(metrics, "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return v
		}
	}
	return -1
}

func grepLines(s, prefix string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
