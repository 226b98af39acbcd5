package main

import (
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeMisconfigured runs the real binary with one thing wrong at a
// time and wants a non-zero exit whose message names the setting, without
// any secret in the output, and without ever starting to serve.
func TestServeMisconfigured(t *testing.T) {
	sqlite := "DATABASE_URL=sqlite:" + filepath.Join(t.TempDir(), "bot.db")
	slack := []string{EnvSlackBotToken + "=xoxb-secret-bot-token", EnvSlackSecret + "=secret-signing-value"}
	file := func(body string) string { return EnvConfigFile + "=" + MustConfigFile(t, body) }
	tests := []struct {
		name string
		vars []string
		want []string
	}{
		{name: "signing secret without bot token", vars: []string{sqlite, EnvSlackSecret + "=secret-signing-value"},
			want: []string{EnvSlackBotToken}},
		{name: "bad cron spec", vars: append([]string{sqlite, file(`channels: [{platform: slack, workspace: T1, channel: C1, post: "0 25 * * *"}]`)}, slack...),
			want: []string{EnvConfigFile, "channels[0]", "post", "0 25 * * *"}},
		{name: "unknown timezone", vars: append([]string{sqlite, file(`channels: [{platform: slack, workspace: T1, channel: C1, timezone: Europe/Atlantis}]`)}, slack...),
			want: []string{EnvConfigFile, "Europe/Atlantis"}},
		{name: "unreachable database", vars: append([]string{"DATABASE_URL=postgres://bot:db-password-value@127.0.0.1:1/bot?connect_timeout=2"}, slack...),
			want: []string{"DATABASE_URL"}},
		{name: "unknown log level", vars: append([]string{sqlite, "INTERVIEWBOT_LOG_LEVEL=chatty"}, slack...),
			want: []string{"INTERVIEWBOT_LOG_LEVEL"}},
		{name: "channel on a platform without credentials", vars: append([]string{sqlite, file(`channels: [{platform: wecom, workspace: ww1, channel: G1}]`)}, slack...),
			want: []string{"channels[0] (wecom G1)", "WeCom is not configured"}},
		{name: "no platform", vars: []string{sqlite}, want: []string{EnvSlackBotToken, "WECOM_"}},
		{name: "several at once", vars: []string{sqlite, EnvSlackSecret + "=secret-signing-value", EnvTick + "=fast", "WECOM_CORP_ID=ww1"},
			want: []string{"configuration problems", EnvSlackBotToken, EnvTick, "WECOM_SECRET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(MustBinary(t), "serve")
			cmd.Dir, cmd.Env = t.TempDir(), e2eEnv(append(tt.vars, EnvHTTPAddr+"=127.0.0.1:0")...)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			done := make(chan error, 1)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			go func() { done <- cmd.Wait() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(e2eDeadline):
				cmd.Process.Kill()
				t.Fatalf("serve still running after %s:\n%s", e2eDeadline, out.String())
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Fatalf("exit = %v, want a non-zero exit:\n%s", err, out.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output does not name %q:\n%s", w, out.String())
				}
			}
			for _, secret := range []string{"xoxb-secret-bot-token", "secret-signing-value", "db-password-value"} {
				if strings.Contains(out.String(), secret) {
					t.Errorf("output shows a secret:\n%s", out.String())
				}
			}
			if strings.Contains(out.String(), `"msg":"serving"`) {
				t.Errorf("serve started despite the problem:\n%s", out.String())
			}
		})
	}
}
