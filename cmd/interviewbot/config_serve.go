package main

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/interviewbot/interviewbot/adapters/wecom"
	"github.com/interviewbot/interviewbot/grading/llm"
	"github.com/interviewbot/interviewbot/storage/jobs"
)

// Environment variables of serve (the adapters' own WECOM_* and the LLM
// judge's INTERVIEWBOT_LLM_* are read by their packages).
const (
	EnvConfigFile       = "INTERVIEWBOT_CONFIG"
	EnvHTTPAddr         = "INTERVIEWBOT_HTTP_ADDR"
	EnvSlackBotToken    = "SLACK_BOT_TOKEN"
	EnvSlackAppToken    = "SLACK_APP_TOKEN"
	EnvSlackSecret      = "SLACK_SIGNING_SECRET"
	EnvSlackAPIURL      = "SLACK_API_URL"
	EnvTestClock        = "INTERVIEWBOT_TEST_CLOCK"
	EnvTick             = "INTERVIEWBOT_TICK"
	EnvRetention        = "INTERVIEWBOT_RETENTION"
	EnvQuestionsDir     = "INTERVIEWBOT_QUESTIONS_DIR"
	EnvJobsSchema       = "INTERVIEWBOT_JOBS_SCHEMA"
	EnvWorkers          = "INTERVIEWBOT_WORKERS"
	EnvPostWorkers      = "INTERVIEWBOT_POST_WORKERS"
	EnvShutdownTimeout  = "INTERVIEWBOT_SHUTDOWN_TIMEOUT"
	EnvDeliveryTTL      = "INTERVIEWBOT_DELIVERY_TTL"
	EnvMaintenanceEvery = "INTERVIEWBOT_MAINTENANCE_EVERY"
	EnvRegradeAfter     = "INTERVIEWBOT_REGRADE_AFTER"
)

// ServeConfig is what `interviewbot serve` reads beyond the common settings.
// The secrets in it are never logged or echoed in a message.
type ServeConfig struct {
	HTTPAddr string // INTERVIEWBOT_HTTP_ADDR, default :8080

	SlackBotToken      string // SLACK_BOT_TOKEN (secret)
	SlackAppToken      string // SLACK_APP_TOKEN (secret): Socket Mode when set
	SlackSigningSecret string // SLACK_SIGNING_SECRET (secret): the HTTP endpoints when set
	SlackAPIURL        string // SLACK_API_URL: a fake Slack in tests

	// WeCom is set when any WECOM_* credential is; WeComErr is what its
	// package found wrong.
	WeCom    *wecom.Config
	WeComErr error

	LLM    llm.Config // INTERVIEWBOT_LLM_*: disabled unless the model is named
	LLMErr error

	Clock        TestClock     // INTERVIEWBOT_TEST_CLOCK: zero means the real clock
	Tick         time.Duration // INTERVIEWBOT_TICK: how often the scheduler looks for due posts
	Retention    time.Duration // INTERVIEWBOT_RETENTION: 0 keeps history forever
	QuestionsDir string        // INTERVIEWBOT_QUESTIONS_DIR: a bank imported with questions import
	JobsSchema   string        // INTERVIEWBOT_JOBS_SCHEMA: River's PostgreSQL schema
	Workers      int           // INTERVIEWBOT_WORKERS: jobs (grading, deliveries) run at once by one process; 0: this replica runs none
	// PostWorkers (INTERVIEWBOT_POST_WORKERS) is how many scheduled posts
	// one process sends at once. A post mostly waits for its channel's
	// second at Slack, and a waiting worker is a goroutine, so this is
	// sized for the channel count, not the CPUs.
	PostWorkers int
	// ShutdownTimeout bounds the drain on SIGTERM; keep it below the
	// orchestrator's grace period (Kubernetes: 30s).
	ShutdownTimeout  time.Duration
	DeliveryTTL      time.Duration // INTERVIEWBOT_DELIVERY_TTL: how long delivery keys are kept
	MaintenanceEvery time.Duration // INTERVIEWBOT_MAINTENANCE_EVERY: prune cadence
	// RegradeAfter (INTERVIEWBOT_REGRADE_AFTER, real time) is how long a
	// daily answer may stay ungraded before the sweep enqueues its grading
	// again. Too short re-enqueues answers whose first job is merely slow,
	// and the author then gets the feedback twice.
	RegradeAfter time.Duration
}

// Slack reports whether any Slack credential is set.
func (s ServeConfig) Slack() bool {
	return s.SlackBotToken != "" || s.SlackAppToken != "" || s.SlackSigningSecret != ""
}

func (c *Config) loadServe(getenv func(string) string) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	s := ServeConfig{
		HTTPAddr: get(EnvHTTPAddr), SlackBotToken: get(EnvSlackBotToken), SlackAppToken: get(EnvSlackAppToken),
		SlackSigningSecret: get(EnvSlackSecret), SlackAPIURL: get(EnvSlackAPIURL),
		Tick: time.Minute, QuestionsDir: get(EnvQuestionsDir), JobsSchema: get(EnvJobsSchema), Workers: 10,
		PostWorkers:     jobs.DefaultPostWorkers,
		ShutdownTimeout: 25 * time.Second, DeliveryTTL: 7 * 24 * time.Hour, MaintenanceEvery: time.Hour,
		RegradeAfter: 5 * time.Minute,
	}
	if s.HTTPAddr == "" {
		s.HTTPAddr = ":8080"
	}
	if s.JobsSchema == "" {
		s.JobsSchema = jobs.DefaultSchema
	}
	for _, w := range []string{wecom.EnvCorpID, wecom.EnvAgentID, wecom.EnvSecret, wecom.EnvToken, wecom.EnvAESKey} {
		if getenv(w) != "" {
			wc, err := wecom.ConfigFromEnv(getenv)
			s.WeCom, s.WeComErr = &wc, err
			break
		}
	}
	s.LLM, s.LLMErr = llm.ConfigFromEnv(getenv)
	if v := get(EnvTestClock); v != "" {
		clk, err := ParseTestClock(v)
		if err != nil {
			c.problem("%s=%q: %v.", EnvTestClock, v, err)
		}
		s.Clock = clk
	}
	durations := []struct {
		name string
		dst  *time.Duration
		days bool
	}{
		{EnvTick, &s.Tick, false}, {EnvRetention, &s.Retention, true}, {EnvShutdownTimeout, &s.ShutdownTimeout, false},
		{EnvDeliveryTTL, &s.DeliveryTTL, true}, {EnvMaintenanceEvery, &s.MaintenanceEvery, false},
		{EnvRegradeAfter, &s.RegradeAfter, false},
	}
	for _, d := range durations {
		v := get(d.name)
		if v == "" {
			continue
		}
		dur, err := parseDays(v)
		if err != nil {
			c.problem("%s=%q is not a duration such as 90s, 12h or 365d.", d.name, v)
			continue
		}
		*d.dst = dur
	}
	for _, w := range []struct {
		name string
		dst  *int
	}{{EnvWorkers, &s.Workers}, {EnvPostWorkers, &s.PostWorkers}} {
		v := get(w.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			c.problem("%s=%q is not a whole number.", w.name, v)
		}
		*w.dst = n
	}
	c.Serve = s
}

// parseDays is time.ParseDuration plus a whole-day unit ("365d"), the unit
// retention is usually thought of in. "0" turns a setting off.
func parseDays(v string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 {
			return 0, fmt.Errorf("bad day count %q", n)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(v)
}

// validate names every serve setting that is wrong. Secrets are named, never
// shown.
func (s ServeConfig) validate() []string {
	var ps []string
	if s.SlackSigningSecret != "" && s.SlackBotToken == "" {
		ps = append(ps, fmt.Sprintf("%s is set but %s is not: the Slack app needs its bot token (xoxb-…) to reply.", EnvSlackSecret, EnvSlackBotToken))
	}
	if s.SlackAppToken != "" && s.SlackBotToken == "" {
		ps = append(ps, fmt.Sprintf("%s is set but %s is not: Socket Mode needs the bot token (xoxb-…) too.", EnvSlackAppToken, EnvSlackBotToken))
	}
	if s.SlackBotToken != "" && s.SlackSigningSecret == "" && s.SlackAppToken == "" {
		ps = append(ps, fmt.Sprintf("%s is set but neither %s (HTTP events) nor %s (Socket Mode) is.", EnvSlackBotToken, EnvSlackSecret, EnvSlackAppToken))
	}
	if s.SlackAppToken != "" && !strings.HasPrefix(s.SlackAppToken, "xapp-") {
		ps = append(ps, fmt.Sprintf("%s must be an app-level token starting with xapp-.", EnvSlackAppToken))
	}
	if s.SlackAPIURL != "" {
		if u, err := url.Parse(s.SlackAPIURL); err != nil || u.Scheme == "" || u.Host == "" || !strings.HasSuffix(u.Path, "/") {
			ps = append(ps, fmt.Sprintf("%s=%q must be an absolute URL ending in /api/.", EnvSlackAPIURL, s.SlackAPIURL))
		}
	}
	if s.WeComErr != nil {
		ps = append(ps, s.WeComErr.Error())
	}
	if s.LLMErr != nil {
		ps = append(ps, errorText(s.LLMErr))
	}
	if _, _, err := net.SplitHostPort(s.HTTPAddr); err != nil {
		ps = append(ps, fmt.Sprintf("%s=%q is not host:port (such as :8080).", EnvHTTPAddr, s.HTTPAddr))
	}
	for _, d := range []struct {
		name string
		v    time.Duration
		min  time.Duration
	}{
		{EnvTick, s.Tick, time.Second}, {EnvShutdownTimeout, s.ShutdownTimeout, time.Second},
		{EnvDeliveryTTL, s.DeliveryTTL, time.Hour}, {EnvMaintenanceEvery, s.MaintenanceEvery, time.Second},
		{EnvRegradeAfter, s.RegradeAfter, time.Second},
	} {
		if d.v < d.min {
			ps = append(ps, fmt.Sprintf("%s must be at least %s, not %s.", d.name, d.min, d.v))
		}
	}
	if s.Retention < 0 || (s.Retention > 0 && s.Retention < 24*time.Hour) {
		ps = append(ps, fmt.Sprintf("%s must be 0 (keep forever) or at least 1d, not %s.", EnvRetention, s.Retention))
	}
	if s.Workers < 0 || s.Workers > 1000 {
		ps = append(ps, fmt.Sprintf("%s must be between 0 (take deliveries, run no jobs) and 1000, not %d.", EnvWorkers, s.Workers))
	}
	if s.PostWorkers < 1 || s.PostWorkers > 10000 {
		ps = append(ps, fmt.Sprintf("%s must be between 1 and 10000, not %d.", EnvPostWorkers, s.PostWorkers))
	}
	if !jobsSchema.MatchString(s.JobsSchema) {
		ps = append(ps, fmt.Sprintf("%s=%q must be a lower-case identifier such as river.", EnvJobsSchema, s.JobsSchema))
	}
	return ps
}
