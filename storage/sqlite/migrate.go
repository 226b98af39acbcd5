package sqlite

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// migrations are the schema changes in order; a new table or column is a new
// numbered file, never an edit of an applied one.
//
//go:embed migrations/*.sql
var migrations embed.FS

// Migrate applies the migrations the database has not seen yet. It is
// idempotent: on an up-to-date database it changes nothing.
func (s *Store) Migrate(ctx context.Context) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return wrap(ctx, "migrate sqlite", err, meaning{})
	}
	return nil
}

// SchemaVersion returns the newest migration applied, 0 for an empty
// database.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := s.provider()
	if err != nil {
		return 0, err
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, wrap(ctx, "sqlite schema version", err, meaning{})
	}
	return v, nil
}

// provider builds a goose provider over this store's connection pool. It
// keeps no global registry, so two stores in one process do not interfere.
func (s *Store) provider() (*goose.Provider, error) {
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, fmt.Errorf("sqlite migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.db, dir,
		goose.WithDisableGlobalRegistry(true), goose.WithSlog(s.log))
	if err != nil {
		return nil, fmt.Errorf("sqlite migrations: %w", err)
	}
	return p, nil
}
