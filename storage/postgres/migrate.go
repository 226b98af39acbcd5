package postgres

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations are the schema changes in order; a new table or column is a new
// numbered file, never an edit of an applied one.
//
//go:embed migrations/*.sql
var migrations embed.FS

// Migrate applies the migrations the database has not seen yet. It is
// idempotent, and safe when several replicas start at once: goose holds a
// session advisory lock while it migrates, so the others wait and then find
// nothing to do.
func (s *Store) Migrate(ctx context.Context) error {
	return s.withProvider(ctx, true, func(p *goose.Provider) error {
		_, err := p.Up(ctx)
		return err
	})
}

// SchemaVersion returns the newest migration applied, 0 for an empty schema.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.withProvider(ctx, false, func(p *goose.Provider) error {
		var err error
		v, err = p.GetDBVersion(ctx)
		return err
	})
	return v, err
}

// withProvider runs fn with a goose provider over a database/sql view of the
// pool (goose speaks database/sql), closed again afterwards. The advisory
// lock id is derived from the schema, so stores in different schemas of one
// database (tests, tenants) do not wait for each other.
func (s *Store) withProvider(ctx context.Context, locked bool, fn func(p *goose.Provider) error) error {
	var schema *string
	if err := s.pool.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return s.wrap(ctx, "migrate postgres", err, meaning{})
	}
	if schema == nil {
		return bot.Errorf(bot.EINVALID, "The PostgreSQL search_path names no existing schema to migrate.")
	}
	db := stdlib.OpenDBFromPool(s.pool)
	defer db.Close()
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("postgres migrations: %w", err)
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithSlog(s.log)}
	if locked {
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID(*schema)), lock.WithLockTimeout(1, 300))
		if err != nil {
			return fmt.Errorf("postgres migrations: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, dir, opts...)
	if err != nil {
		return fmt.Errorf("postgres migrations: %w", err)
	}
	if err := fn(p); err != nil {
		return s.wrap(ctx, fmt.Sprintf("migrate postgres schema %q", *schema), err, meaning{})
	}
	return nil
}

// lockID is the advisory lock key for migrating one schema.
func lockID(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("interviewbot migrations " + schema))
	return int64(h.Sum64())
}
