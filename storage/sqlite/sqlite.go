// Package sqlite implements bot.Store on an embedded SQLite file: the default
// engine, so `interviewbot try` works with no server to install. It uses the
// pure-Go driver modernc.org/sqlite, so the binary builds without cgo.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// busyTimeout is how long a statement waits for another connection's write
// lock before it fails with EUNAVAILABLE. Writes are small, so waiting a few
// seconds turns contention into latency instead of errors.
const busyTimeout = 5 * time.Second

// Store is a bot.Store backed by one SQLite file.
type Store struct {
	db  *sql.DB
	log *slog.Logger

	// Now is the clock used for every stored timestamp; tests replace it.
	// Times are stored in UTC with microsecond precision, the precision both
	// engines share, so the two behave the same.
	Now func() time.Time
}

var _ bot.Store = (*Store)(nil)

// Open opens (creating if needed) the SQLite database at path and applies the
// migrations. Path ":memory:" gives a private in-memory database, useful in
// tests; it lives as long as the Store.
func Open(ctx context.Context, path string, log *slog.Logger) (*Store, error) {
	if path == "" || strings.ContainsRune(path, '?') {
		return nil, bot.Errorf(bot.EINVALID, "The SQLite database path %q is empty or contains '?'.", path)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	memory := path == ":memory:"
	if !memory {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if memory {
		// Every connection to ":memory:" is a separate database: keep one.
		db.SetMaxOpenConns(1)
		db.SetConnMaxIdleTime(0)
		db.SetConnMaxLifetime(0)
	}
	s := &Store{db: db, log: log, Now: time.Now}
	if err := s.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if err := s.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	log.Debug("sqlite store open", slog.String("path", path))
	return s, nil
}

// dsn asks every new connection for WAL (readers never block the writer), a
// busy timeout, enforced foreign keys, and BEGIN IMMEDIATE for read-write
// transactions, so a transaction takes the write lock up front instead of
// failing with SQLITE_BUSY when it upgrades from reading to writing.
func dsn(path string) string {
	q := []string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()),
		"_pragma=journal_mode(WAL)",
		"_pragma=foreign_keys(1)",
		"_txlock=immediate",
	}
	return path + "?" + strings.Join(q, "&")
}

// Close closes the database. The WAL is checkpointed by SQLite when the last
// connection closes.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close sqlite: %w", err)
	}
	return nil
}

// Ping checks that the database file can be read.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return wrap(ctx, "ping sqlite", err, meaning{})
	}
	return nil
}

// now returns the store clock in UTC at microsecond precision.
func (s *Store) now() time.Time {
	return s.Now().UTC().Truncate(time.Microsecond)
}

// inTx runs fn in a transaction and commits it when fn returns nil.
// Read-only transactions use a plain BEGIN so they never wait for writers.
func (s *Store) inTx(ctx context.Context, readOnly bool, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
