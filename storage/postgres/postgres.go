// Package postgres implements bot.Store on PostgreSQL, the engine for teams
// that run several replicas or want their history in a managed database. It
// uses pgx with its connection pool; migrations run through goose with a
// session advisory lock so replicas starting together migrate once.
package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is a bot.Store backed by a PostgreSQL connection pool.
type Store struct {
	pool *pgxpool.Pool
	log  *slog.Logger

	// Now is the clock used for every stored timestamp; tests replace it.
	// Times are stored in UTC with microsecond precision, PostgreSQL's.
	Now func() time.Time

	queries queryCounter // statements sent, for Queries
}

var _ bot.Store = (*Store)(nil)

// Open connects to the database at url (a postgres:// URL or a key=value
// string, as libpq takes) and applies the migrations. Connection parameters
// such as search_path or pool_max_conns may be given in the URL.
func Open(ctx context.Context, url string, log *slog.Logger) (*Store, error) {
	if url == "" {
		return nil, bot.Errorf(bot.EINVALID, "The PostgreSQL URL is empty.")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The parse error can quote the URL, password included: keep it out.
		return nil, bot.Errorf(bot.EINVALID, "The PostgreSQL URL cannot be parsed; check its syntax.")
	}
	s := &Store{log: log, Now: time.Now}
	cfg.ConnConfig.Tracer = &s.queries
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	s.pool = pool
	if err := s.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if err := s.Migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	log.Debug("postgres store open", slog.String("host", cfg.ConnConfig.Host),
		slog.String("database", cfg.ConnConfig.Database))
	return s, nil
}

// Close waits for the connections in use to be released and closes them all.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Ping checks that a connection can be had and the server answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return s.wrap(ctx, "ping postgres", err, meaning{})
	}
	return nil
}

// now returns the store clock in UTC at microsecond precision.
func (s *Store) now() time.Time {
	return s.Now().UTC().Truncate(time.Microsecond)
}

// inTx runs fn in a transaction and commits it when fn returns nil.
// Read-only transactions see one snapshot, so a session and its turns agree.
func (s *Store) inTx(ctx context.Context, readOnly bool, fn func(tx pgx.Tx) error) error {
	opts := pgx.TxOptions{}
	if readOnly {
		opts = pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}
	}
	return pgx.BeginTxFunc(ctx, s.pool, opts, fn)
}
