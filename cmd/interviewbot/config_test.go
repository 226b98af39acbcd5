package main

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// envMap is a getenv over a fixed map.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		engine  string
		dsn     string
		lang    bot.Lang
		user    string
		level   slog.Level
		idle    time.Duration
		wantErr string // part of the load or validation error
	}{
		{name: "defaults", env: map[string]string{"USER": "ada"}, engine: "sqlite", dsn: "./interviewbot.db", lang: bot.LangZH, user: "ada", level: slog.LevelWarn, idle: bot.DefaultIdleTimeout},
		{name: "no USER", env: nil, engine: "sqlite", dsn: "./interviewbot.db", lang: bot.LangZH, user: "me", level: slog.LevelWarn, idle: bot.DefaultIdleTimeout},
		{name: "postgres and overrides", env: map[string]string{"DATABASE_URL": "postgres://u:p@db/x", "INTERVIEWBOT_LANG": "en", "INTERVIEWBOT_USER": "bob", "USER": "ada", "INTERVIEWBOT_LOG_LEVEL": "debug", "INTERVIEWBOT_SESSION_IDLE": "2h"},
			engine: "postgres", dsn: "postgres://u:p@db/x", lang: bot.LangEN, user: "bob", level: slog.LevelDebug, idle: 2 * time.Hour},
		{name: "postgresql scheme", env: map[string]string{"DATABASE_URL": "postgresql://db/x"}, engine: "postgres", dsn: "postgresql://db/x", lang: bot.LangZH, user: "me", level: slog.LevelWarn, idle: bot.DefaultIdleTimeout},
		{name: "sqlite path", env: map[string]string{"DATABASE_URL": "sqlite:/tmp/ib.db"}, engine: "sqlite", dsn: "/tmp/ib.db", lang: bot.LangZH, user: "me", level: slog.LevelWarn, idle: bot.DefaultIdleTimeout},
		{name: "mysql", env: map[string]string{"DATABASE_URL": "mysql://root:hunter2@db/x"}, wantErr: "root:***@db"},
		{name: "bad lang", env: map[string]string{"INTERVIEWBOT_LANG": "fr"}, wantErr: "INTERVIEWBOT_LANG"},
		{name: "bad level", env: map[string]string{"INTERVIEWBOT_LOG_LEVEL": "loud"}, wantErr: "INTERVIEWBOT_LOG_LEVEL"},
		{name: "bad idle", env: map[string]string{"INTERVIEWBOT_SESSION_IDLE": "soon"}, wantErr: "INTERVIEWBOT_SESSION_IDLE"},
		{name: "negative idle", env: map[string]string{"INTERVIEWBOT_SESSION_IDLE": "-1h"}, wantErr: "must be positive"},
		{name: "control characters in user", env: map[string]string{"INTERVIEWBOT_USER": "a\x1bb"}, wantErr: "INTERVIEWBOT_USER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadConfig(envMap(tt.env))
			if err == nil {
				err = c.Validate()
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one mentioning %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "hunter2") {
					t.Fatalf("error leaks the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			engine, dsn, _ := c.Store()
			if engine != tt.engine || dsn != tt.dsn || c.Lang != tt.lang || c.User != tt.user || c.LogLevel != tt.level || c.IdleTimeout != tt.idle {
				t.Errorf("got %s %s %s %s %v %v, want %s %s %s %s %v %v", engine, dsn, c.Lang, c.User, c.LogLevel, c.IdleTimeout,
					tt.engine, tt.dsn, tt.lang, tt.user, tt.level, tt.idle)
			}
			if k := c.MemberKey(); k.Platform != bot.PlatformTerminal || k.Workspace != "local" || k.UserID != tt.user {
				t.Errorf("member key = %+v", k)
			}
		})
	}
}
