package main

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode"

	"github.com/interviewbot/interviewbot/bot"
)

// DefaultSQLitePath is where the embedded store lives when DATABASE_URL is
// unset: the current directory, so `make run` needs no configuration.
const DefaultSQLitePath = "./interviewbot.db"

// Config is everything the commands read from the environment, gathered in
// one place and checked once by Validate.
type Config struct {
	// DatabaseURL selects the store: "" means SQLite at DefaultSQLitePath,
	// "sqlite:PATH" SQLite at PATH, "postgres://…" or "postgresql://…"
	// PostgreSQL.
	DatabaseURL string
	Lang        bot.Lang      // INTERVIEWBOT_LANG: the language of new interviews and listings
	User        string        // INTERVIEWBOT_USER, else $USER: the terminal member's id
	LogLevel    slog.Level    // INTERVIEWBOT_LOG_LEVEL: debug, info, warn (default) or error
	IdleTimeout time.Duration // INTERVIEWBOT_SESSION_IDLE: open interviews expire after this long idle
}

// LoadConfig reads the environment through getenv, filling defaults. It
// does not validate; call Validate.
func LoadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL: strings.TrimSpace(getenv("DATABASE_URL")),
		Lang:        bot.LangZH,
		User:        strings.TrimSpace(getenv("INTERVIEWBOT_USER")),
		LogLevel:    slog.LevelWarn,
		IdleTimeout: bot.DefaultIdleTimeout,
	}
	if c.User == "" {
		c.User = strings.TrimSpace(getenv("USER"))
	}
	if c.User == "" {
		c.User = "me"
	}
	if v := strings.TrimSpace(getenv("INTERVIEWBOT_LANG")); v != "" {
		lang, err := bot.ParseLang(v)
		if err != nil {
			return c, fmt.Errorf("INTERVIEWBOT_LANG: %w", err)
		}
		c.Lang = lang
	}
	if v := strings.TrimSpace(getenv("INTERVIEWBOT_LOG_LEVEL")); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return c, bot.Errorf(bot.EINVALID, "INTERVIEWBOT_LOG_LEVEL=%q: use debug, info, warn or error.", v)
		}
	}
	if v := strings.TrimSpace(getenv("INTERVIEWBOT_SESSION_IDLE")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return c, bot.Errorf(bot.EINVALID, "INTERVIEWBOT_SESSION_IDLE=%q is not a duration such as 72h.", v)
		}
		c.IdleTimeout = d
	}
	return c, nil
}

// Validate checks the config as a whole, with messages that name the
// variable to fix.
func (c Config) Validate() error {
	if _, _, err := c.Store(); err != nil {
		return err
	}
	if c.Lang != bot.LangZH && c.Lang != bot.LangEN {
		return bot.Errorf(bot.EINVALID, "Language %q: use zh or en.", c.Lang)
	}
	if c.User == "" || len(c.User) > 64 || strings.IndexFunc(c.User, unicode.IsControl) >= 0 {
		return bot.Errorf(bot.EINVALID, "INTERVIEWBOT_USER=%q: use 1 to 64 printable characters.", c.User)
	}
	if c.IdleTimeout <= 0 {
		return bot.Errorf(bot.EINVALID, "INTERVIEWBOT_SESSION_IDLE must be positive, not %s.", c.IdleTimeout)
	}
	return nil
}

// Store says which engine DatabaseURL selects and what to open it with.
func (c Config) Store() (engine, dsn string, err error) {
	u := c.DatabaseURL
	switch {
	case u == "":
		return "sqlite", DefaultSQLitePath, nil
	case strings.HasPrefix(u, "postgres://"), strings.HasPrefix(u, "postgresql://"):
		return "postgres", u, nil
	case strings.HasPrefix(u, "sqlite:") && len(u) > len("sqlite:"):
		return "sqlite", strings.TrimPrefix(strings.TrimPrefix(u, "sqlite:"), "//"), nil
	}
	return "", "", bot.Errorf(bot.EINVALID, "DATABASE_URL must be unset (SQLite at %s), sqlite:PATH or postgres://…; got %q.", DefaultSQLitePath, redact(u))
}

// MemberKey is the terminal member the commands act for.
func (c Config) MemberKey() bot.MemberKey {
	return bot.MemberKey{Platform: bot.PlatformTerminal, Workspace: "local", UserID: c.User}
}

// redact hides a password in a URL-ish string before it goes into a message.
func redact(u string) string {
	at := strings.LastIndex(u, "@")
	scheme := strings.Index(u, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return u
	}
	userinfo := u[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return u[:scheme+3] + userinfo[:i] + ":***" + u[at:]
	}
	return u
}
