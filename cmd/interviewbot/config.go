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

// Config is everything the commands read from the environment (and the
// optional INTERVIEWBOT_CONFIG file), gathered in one place and checked
// once by Validate. docs/configuration.md is its reference table.
type Config struct {
	// DatabaseURL selects the store: "" means SQLite at DefaultSQLitePath,
	// "sqlite:PATH" SQLite at PATH, "postgres://…" or "postgresql://…"
	// PostgreSQL.
	DatabaseURL string
	Lang        bot.Lang      // INTERVIEWBOT_LANG: the language of new interviews and listings
	User        string        // INTERVIEWBOT_USER, else $USER: the terminal member's id
	LogLevel    slog.Level    // INTERVIEWBOT_LOG_LEVEL: debug, info, warn (default) or error
	IdleTimeout time.Duration // INTERVIEWBOT_SESSION_IDLE: open interviews expire after this long idle

	// LogLevelSet says INTERVIEWBOT_LOG_LEVEL was given; serve defaults to
	// info, the terminal commands to warn.
	LogLevelSet bool

	Serve ServeConfig
	// Channels come from the INTERVIEWBOT_CONFIG file; serve saves their
	// schedules at start.
	Channels []ChannelConfig

	// problems are what LoadConfig could not parse, reported by Validate
	// together with everything else.
	problems []string
}

// LoadConfig reads the environment through getenv, filling defaults. A value
// it cannot parse is kept as a problem that Validate reports with all the
// others, so an operator fixes everything in one round; the error is only
// for a config file that cannot be read.
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
			c.problem("INTERVIEWBOT_LANG=%q: use zh or en.", v)
		} else {
			c.Lang = lang
		}
	}
	if v := strings.TrimSpace(getenv("INTERVIEWBOT_LOG_LEVEL")); v != "" {
		c.LogLevelSet = true
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			c.problem("INTERVIEWBOT_LOG_LEVEL=%q: use debug, info, warn or error.", v)
		}
	}
	if v := strings.TrimSpace(getenv("INTERVIEWBOT_SESSION_IDLE")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			c.problem("INTERVIEWBOT_SESSION_IDLE=%q is not a duration such as 72h.", v)
		} else {
			c.IdleTimeout = d
		}
	}
	c.loadServe(getenv)
	if path := strings.TrimSpace(getenv(EnvConfigFile)); path != "" {
		chans, err := loadConfigFile(path)
		if err != nil {
			return c, err
		}
		c.Channels = chans
	}
	return c, nil
}

// problem records one thing wrong with the configuration.
func (c *Config) problem(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// Validate checks the config as a whole and reports every problem at once,
// each naming the setting to fix. Secrets never appear in the messages.
func (c Config) Validate() error {
	ps := append([]string(nil), c.problems...)
	if _, _, err := c.Store(); err != nil {
		ps = append(ps, bot.ErrorMessage(err))
	}
	if c.Lang != bot.LangZH && c.Lang != bot.LangEN {
		ps = append(ps, fmt.Sprintf("Language %q: use zh or en.", c.Lang))
	}
	if c.User == "" || len(c.User) > 64 || strings.IndexFunc(c.User, unicode.IsControl) >= 0 {
		ps = append(ps, fmt.Sprintf("INTERVIEWBOT_USER=%q: use 1 to 64 printable characters.", c.User))
	}
	if c.IdleTimeout <= 0 {
		ps = append(ps, fmt.Sprintf("INTERVIEWBOT_SESSION_IDLE must be positive, not %s.", c.IdleTimeout))
	}
	ps = append(ps, c.Serve.validate()...)
	if engine, _, err := c.Store(); err == nil && engine != "postgres" && c.Serve.Workers == 0 {
		ps = append(ps, "INTERVIEWBOT_WORKERS=0 makes a replica that only takes deliveries, for PostgreSQL shared with replicas that run the jobs; on the embedded store nothing would ever run them: set 1 or more.")
	}
	ps = append(ps, validateChannels(c.Channels)...)
	return problemsError(ps)
}

// problemsError folds the problems into one user-facing error: one line
// when there is one, a numbered list otherwise.
func problemsError(ps []string) error {
	switch len(ps) {
	case 0:
		return nil
	case 1:
		return bot.Errorf(bot.EINVALID, "%s", ps[0])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d configuration problems:", len(ps))
	for i, p := range ps {
		fmt.Fprintf(&b, "\n  %d. %s", i+1, p)
	}
	return bot.Errorf(bot.EINVALID, "%s", b.String())
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
