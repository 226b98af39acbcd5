package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/grading"
	"github.com/interviewbot/interviewbot/prompts"
	"github.com/interviewbot/interviewbot/storage/postgres"
	"github.com/interviewbot/interviewbot/storage/sqlite"
)

// store is what the commands need of a storage engine: the bot's Store plus
// the migration controls both engines have.
type store interface {
	bot.Store
	Migrate(ctx context.Context) error
	SchemaVersion(ctx context.Context) (int64, error)
}

// App is the wired application the interview commands share: the store, the
// question bank, the grader, the mock-interview use case and the terminal
// member, built by hand from a validated Config.
type App struct {
	Config     Config
	Log        *slog.Logger
	Store      store
	Bank       *bot.Bank
	Interviews *bot.Interviews
	Member     *bot.Member
}

// loadConfig reads and validates the environment.
func loadConfig(env *Env) (Config, error) {
	cfg, err := LoadConfig(env.Getenv)
	if err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

// newLogger logs to w (stderr) at the configured level, warn by default, so
// the interview on stdout stays clean.
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// openStore opens the engine cfg selects; both apply migrations on open.
// now, when not nil, is the clock of every stored timestamp (serve's test
// clock).
func openStore(ctx context.Context, cfg Config, log *slog.Logger, now func() time.Time) (store, error) {
	engine, dsn, err := cfg.Store()
	if err != nil {
		return nil, err
	}
	switch engine {
	case "postgres":
		s, err := postgres.Open(ctx, dsn, log)
		if err != nil {
			return nil, fmt.Errorf("open postgres %s: %w", redact(dsn), err)
		}
		if now != nil {
			s.Now = now
		}
		return s, nil
	default:
		s, err := sqlite.Open(ctx, dsn, log)
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", dsn, err)
		}
		if now != nil {
			s.Now = now
		}
		return s, nil
	}
}

// openApp wires the application for the terminal member.
func openApp(ctx context.Context, env *Env, cfg Config) (*App, error) {
	log := newLogger(env.Stderr, cfg.LogLevel)
	qs, err := prompts.Load()
	if err != nil {
		return nil, fmt.Errorf("load question bank: %w", err)
	}
	bank, err := bot.NewBank(qs)
	if err != nil {
		return nil, fmt.Errorf("index question bank: %w", err)
	}
	st, err := openStore(ctx, cfg, log, nil)
	if err != nil {
		return nil, err
	}
	iv, err := bot.NewInterviews(bot.InterviewsConfig{
		Store: st, Grader: grading.NewScorer(log), Bank: bank, IdleTimeout: cfg.IdleTimeout, Log: log,
	})
	if err != nil {
		st.Close()
		return nil, err
	}
	m := &bot.Member{Key: cfg.MemberKey(), Name: cfg.User, Lang: cfg.Lang}
	if err := st.UpsertMember(ctx, m); err != nil {
		st.Close()
		return nil, fmt.Errorf("register terminal member %q: %w", cfg.User, err)
	}
	return &App{Config: cfg, Log: log, Store: st, Bank: bank, Interviews: iv, Member: m}, nil
}

// Close releases the store.
func (a *App) Close() error { return a.Store.Close() }

// userError words an error for the terminal: the message of a bot.Error
// (safe to show), or the error itself for anything else, since the person at
// the terminal is also the operator.
func userError(err error) error {
	if err == nil {
		return nil
	}
	if code := bot.ErrorCode(err); code != bot.EINTERNAL {
		return fmt.Errorf("%s", bot.ErrorMessage(err))
	}
	return err
}
