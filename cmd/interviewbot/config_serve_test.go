package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/adapters/wecom"
	"github.com/interviewbot/interviewbot/grading/llm"
)

// MustConfigFile writes an INTERVIEWBOT_CONFIG file and returns its path.
func MustConfigFile(tb testing.TB, body string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "interviewbot.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestServeConfigValidate(t *testing.T) {
	slack := map[string]string{EnvSlackBotToken: "xoxb-1", EnvSlackSecret: "s3cret-signing"}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name string
		env  map[string]string
		want []string // every one must appear in the single error
	}{
		{name: "slack http", env: slack},
		{name: "slack socket mode", env: map[string]string{EnvSlackBotToken: "xoxb-1", EnvSlackAppToken: "xapp-1"}},
		{name: "signing secret without bot token", env: map[string]string{EnvSlackSecret: "s3cret-signing"}, want: []string{EnvSlackBotToken}},
		{name: "bot token alone", env: map[string]string{EnvSlackBotToken: "xoxb-1"}, want: []string{EnvSlackSecret, EnvSlackAppToken}},
		{name: "app token of the wrong kind", env: map[string]string{EnvSlackBotToken: "xoxb-1", EnvSlackAppToken: "xoxb-2"}, want: []string{"xapp-"}},
		{name: "bad slack api url", env: with(slack, EnvSlackAPIURL, "localhost"), want: []string{EnvSlackAPIURL}},
		{name: "bad addr", env: with(slack, EnvHTTPAddr, "8080"), want: []string{EnvHTTPAddr}},
		{name: "bad test clock", env: with(slack, EnvTestClock, "tomorrow*60"), want: []string{EnvTestClock}},
		{name: "bad clock speed", env: with(slack, EnvTestClock, "2026-03-02T09:55:00Z*-1"), want: []string{EnvTestClock, "speed"}},
		{name: "tick too short", env: with(slack, EnvTick, "10ms"), want: []string{EnvTick}},
		{name: "retention in days", env: with(slack, EnvRetention, "365d")},
		{name: "retention too short", env: with(slack, EnvRetention, "1h"), want: []string{EnvRetention}},
		{name: "retention not a duration", env: with(slack, EnvRetention, "a year"), want: []string{EnvRetention}},
		{name: "workers", env: with(slack, EnvWorkers, "-1"), want: []string{EnvWorkers}},
		{name: "no workers on the embedded store", env: with(slack, EnvWorkers, "0"), want: []string{EnvWorkers, "embedded store"}},
		{name: "an ingest-only replica on postgres", env: with(slack, EnvWorkers, "0", "DATABASE_URL", "postgres://bot@db/interviewbot")},
		{name: "post workers", env: with(slack, EnvPostWorkers, "0"), want: []string{EnvPostWorkers}},
		{name: "post workers not a number", env: with(slack, EnvPostWorkers, "many"), want: []string{EnvPostWorkers}},
		{name: "jobs schema", env: with(slack, EnvJobsSchema, "River; DROP"), want: []string{EnvJobsSchema}},
		{name: "wecom half configured", env: map[string]string{"WECOM_CORP_ID": "ww1"}, want: []string{"WECOM_SECRET", "WECOM_AES_KEY"}},
		{name: "llm key without model", env: with(slack, "INTERVIEWBOT_LLM_API_KEY", "sk-very-secret"), want: []string{"INTERVIEWBOT_LLM_MODEL"}},
		{name: "everything at once", env: map[string]string{EnvSlackSecret: "s3cret-signing", "INTERVIEWBOT_LOG_LEVEL": "loud",
			"DATABASE_URL": "mysql://root:hunter2@db/x", EnvTick: "soon", EnvRetention: "-3d"},
			want: []string{"5 configuration problems", EnvSlackBotToken, "INTERVIEWBOT_LOG_LEVEL", "DATABASE_URL", EnvTick, EnvRetention}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadConfig(envMap(tt.env))
			if err == nil {
				err = c.Validate()
			}
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want one naming %v", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			for _, secret := range []string{"s3cret-signing", "hunter2", "sk-very-secret", "xoxb-1"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error shows a secret: %q", err)
				}
			}
		})
	}
}

func TestConfigFile(t *testing.T) {
	slack := map[string]string{EnvSlackBotToken: "xoxb-1", EnvSlackSecret: "s"}
	tests := []struct {
		name string
		body string
		env  map[string]string
		want []string
	}{
		{name: "good", env: slack, body: `channels:
  - {platform: slack, workspace: T1, channel: C1, timezone: Asia/Shanghai, post: "30 9 * * 1-5", skip_dates: [2026-10-01], topics: [go-runtime], difficulty: [1, 2]}
`},
		{name: "bad cron", env: slack, body: `channels: [{platform: slack, workspace: T1, channel: C1, post: "every day"}]`,
			want: []string{"INTERVIEWBOT_CONFIG channels[0] (slack C1)", "post", "every day"}},
		{name: "unknown timezone", env: slack, body: `channels: [{platform: slack, workspace: T1, channel: C1, timezone: Mars/Olympus}]`,
			want: []string{"channels[0]", "Mars/Olympus"}},
		{name: "unknown key", env: slack, body: `channels: [{platform: slack, workspace: T1, channel: C1, pots: "0 9 * * *"}]`,
			want: []string{"INTERVIEWBOT_CONFIG", "pots"}},
		{name: "every entry problem", env: slack, body: `channels:
  - {platform: teams, workspace: T1, channel: C1}
  - {platform: slack, workspace: T1, channel: C2, skip_dates: [tomorrow], topics: [cooking], lang: fr, reveal: "61 * * * *"}
  - {platform: slack, workspace: T1, channel: C2}
  - {platform: wecom, workspace: ww, channel: G1}
`, want: []string{"channels[0] (teams C1): platform", "channels[1] (slack C2): reveal", `unknown topic "cooking"`, `lang "fr"`,
			"tomorrow", "channels[2] (slack C2): the same channel as channels[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{EnvConfigFile: MustConfigFile(t, tt.body)}
			for k, v := range tt.env {
				env[k] = v
			}
			c, err := LoadConfig(envMap(env))
			if err == nil {
				err = c.Validate()
			}
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if len(c.Channels) != 1 {
					t.Fatalf("got %d channels, want 1", len(c.Channels))
				}
				s := c.Channels[0].Schedule(7)
				if s.ChannelID != 7 || s.Timezone != "Asia/Shanghai" || s.PostCron != "30 9 * * 1-5" || s.RevealCron != "0 18 * * 1-5" ||
					len(s.SkipDates) != 1 || len(s.Topics) != 1 || len(s.Difficulty) != 2 {
					t.Errorf("schedule = %+v", s)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want one naming %v", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestParseTestClock(t *testing.T) {
	tests := []struct {
		in    string
		start time.Time
		speed float64
		bad   bool
	}{
		{in: "2026-03-02T09:55:00Z*60", start: time.Date(2026, 3, 2, 9, 55, 0, 0, time.UTC), speed: 60},
		{in: "2026-03-02T09:55:00+08:00", start: time.Date(2026, 3, 2, 1, 55, 0, 0, time.UTC), speed: 1},
		{in: "2026-03-02*60", bad: true},
		{in: "2026-03-02T09:55:00Z*0", bad: true},
		{in: "2026-03-02T09:55:00Z*fast", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := ParseTestClock(tt.in)
			if tt.bad {
				if err == nil {
					t.Fatalf("got %+v, want an error", c)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !c.Start.Equal(tt.start) || c.Speed != tt.speed || !c.On() {
				t.Errorf("got %v×%v, want %v×%v", c.Start, c.Speed, tt.start, tt.speed)
			}
			// The clock starts at the instant and never runs backwards.
			now := c.Now()
			a, b := now(), now()
			if a.Before(tt.start) || b.Before(a) {
				t.Errorf("clock read %v then %v from start %v", a, b, tt.start)
			}
		})
	}
	if (TestClock{}).On() {
		t.Error("the zero TestClock is on")
	}
}

// TestConfigDocumented keeps docs/configuration.md the reference and the
// README's table complete: every variable the binary reads is in both.
func TestConfigDocumented(t *testing.T) {
	for _, path := range []string{filepath.Join("..", "..", "docs", "configuration.md"), filepath.Join("..", "..", "README.md")} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		checkDocumented(t, path, string(b))
	}
}

func checkDocumented(t *testing.T, path, doc string) {
	t.Helper()
	names := []string{"DATABASE_URL", "INTERVIEWBOT_LANG", "INTERVIEWBOT_USER", "INTERVIEWBOT_LOG_LEVEL", "INTERVIEWBOT_SESSION_IDLE",
		EnvConfigFile, EnvHTTPAddr, EnvSlackBotToken, EnvSlackAppToken, EnvSlackSecret, EnvSlackAPIURL, EnvTestClock, EnvTick,
		EnvRetention, EnvQuestionsDir, EnvJobsSchema, EnvWorkers, EnvPostWorkers, EnvShutdownTimeout, EnvDeliveryTTL, EnvMaintenanceEvery, EnvRegradeAfter,
		wecom.EnvCorpID, wecom.EnvAgentID, wecom.EnvSecret, wecom.EnvToken, wecom.EnvAESKey, wecom.EnvBotToken, wecom.EnvBotAESKey,
		wecom.EnvGroupWebhooks, wecom.EnvTimezone, wecom.EnvLang, wecom.EnvAPIBaseURL, wecom.EnvCardURL, wecom.EnvPlainText,
		llm.EnvBaseURL, llm.EnvModel, llm.EnvAPIKey, llm.EnvTimeout, llm.EnvMaxTokens, llm.EnvJSONMode, llm.EnvAzureAPIVersion,
		llm.EnvAzureDeployment, llm.EnvMaxRetries, llm.EnvConcurrency, llm.EnvPerMember, llm.EnvCacheSize, llm.EnvDisagreeAt}
	for _, n := range names {
		// The README names the LLM judge's tuning variables as a group.
		readmeLLM := strings.HasSuffix(path, "README.md") && strings.HasPrefix(n, "INTERVIEWBOT_LLM_") && strings.Contains(doc, "`INTERVIEWBOT_LLM_*`")
		if !strings.Contains(doc, "`"+n+"`") && !readmeLLM {
			t.Errorf("%s does not document %s", path, n)
		}
	}
}
