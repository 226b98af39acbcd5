package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/postgres"
	"github.com/interviewbot/interviewbot/storage/sqlite"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// DefaultSchema is where River's tables live on PostgreSQL: its own schema,
// apart from the bot's, so it migrates and can be dropped on its own.
const DefaultSchema = "river"

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// OpenPostgres connects to url, creates the schema if needed, applies River's
// migrations in it and returns a queue whose client shares one pool. Close
// with Stop and then Close.
func OpenPostgres(ctx context.Context, url, schema string, cfg Config) (*Queue, func(), error) {
	if schema == "" {
		schema = DefaultSchema
	}
	if !schemaName.MatchString(schema) {
		return nil, nil, bot.Errorf(bot.EINVALID, "The job queue schema %q is not a plain lower-case identifier.", schema)
	}
	pc, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, nil, bot.Errorf(bot.EINVALID, "The PostgreSQL URL cannot be parsed; check its syntax.")
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, nil, unavailable(fmt.Errorf("open job queue: %w", err))
	}
	if _, err := pool.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
		pool.Close()
		return nil, nil, unavailable(fmt.Errorf("create job queue schema %s: %w", schema, err))
	}
	begin := func(ctx context.Context) (pgx.Tx, func(context.Context) error, func(context.Context) error, error) {
		tx, err := pool.Begin(ctx)
		if err != nil {
			return nil, nil, nil, err
		}
		return tx, tx.Commit, tx.Rollback, nil
	}
	claim := func(ctx context.Context, tx pgx.Tx, ds []bot.Delivery) ([]bool, error) {
		cs := make([]postgres.DeliveryClaim, len(ds))
		for i, d := range ds {
			cs[i] = postgres.DeliveryClaim{Platform: d.Platform, Key: d.Key, At: d.At}
		}
		return postgres.ClaimDeliveriesTx(ctx, tx, cs)
	}
	q, err := open(ctx, riverpgxv5.New(pool), schema, cfg, begin, claim)
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	return q, func() { q.inbox.close(); pool.Close() }, nil
}

// OpenSQLite opens River on the embedded store's file (its own tables next to
// the bot's) with the settings riversqlite needs from modernc.org/sqlite: WAL,
// a busy timeout and immediate write transactions.
func OpenSQLite(ctx context.Context, path string, cfg Config) (*Queue, func(), error) {
	if path == "" || strings.ContainsRune(path, '?') {
		return nil, nil, bot.Errorf(bot.EINVALID, "The SQLite database path %q is empty or contains '?'.", path)
	}
	db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		return nil, nil, fmt.Errorf("open job queue %s: %w", path, err)
	}
	begin := func(ctx context.Context) (*sql.Tx, func(context.Context) error, func(context.Context) error, error) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return nil, nil, nil, err
		}
		return tx, func(context.Context) error { return tx.Commit() }, func(context.Context) error { return tx.Rollback() }, nil
	}
	claim := func(ctx context.Context, tx *sql.Tx, ds []bot.Delivery) ([]bool, error) {
		cs := make([]sqlite.DeliveryClaim, len(ds))
		for i, d := range ds {
			cs[i] = sqlite.DeliveryClaim{Platform: d.Platform, Key: d.Key, At: d.At}
		}
		return sqlite.ClaimDeliveriesTx(ctx, tx, cs)
	}
	q, err := open(ctx, riversqlite.New(db), "", cfg, begin, claim)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return q, func() { q.inbox.close(); db.Close() }, nil
}

// open migrates River's tables, builds the client and the inbox; begin and
// claim are the driver's halves of Accept's transaction.
func open[TTx any](ctx context.Context, driver riverdriver.Driver[TTx], schema string, cfg Config,
	begin func(ctx context.Context) (TTx, func(context.Context) error, func(context.Context) error, error),
	claim func(ctx context.Context, tx TTx, ds []bot.Delivery) ([]bool, error)) (*Queue, error) {
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Schema: schema, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("job queue migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return nil, unavailable(fmt.Errorf("migrate job queue: %w", err))
	}
	q := &Queue{log: log}
	workers, periodic := q.workers(cfg)
	n := cfg.Workers
	if n <= 0 {
		n = 10
	}
	np := cfg.PostWorkers
	if np <= 0 {
		np = DefaultPostWorkers
	}
	queues := map[string]river.QueueConfig{
		// A fetch takes at most as many jobs as there are idle workers, so a
		// queue runs at most MaxWorkers jobs per cooldown: at River's 100 ms
		// ten workers could not run more than 100 short jobs (a delivery, a
		// grading) a second, however idle the CPU.
		river.QueueDefault: {MaxWorkers: n, FetchCooldown: defaultFetchCooldown},
		PostQueue:          {MaxWorkers: np, FetchCooldown: postFetchCooldown},
	}
	if cfg.InsertOnly {
		queues, periodic = nil, nil
	}
	client, err := river.NewClient(driver, &river.Config{
		Logger:            log,
		Schema:            schema,
		Queues:            queues,
		Workers:           workers,
		PeriodicJobs:      periodic,
		FetchPollInterval: cfg.PollInterval,
		// A job left running by a killed process is rescued after this long
		// (River's default is an hour, during which its unique post could not
		// be queued again). It stays well above JobTimeout (1 minute), so a
		// job that is merely slow is not run twice.
		RescueStuckJobsAfter: 5 * time.Minute,
	})
	if err != nil {
		return nil, fmt.Errorf("job queue client: %w", err)
	}
	q.insert = func(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (bool, error) {
		res, err := client.Insert(ctx, args, opts)
		if err != nil {
			return false, err
		}
		return res.UniqueSkippedAsDuplicate, nil
	}
	q.insertMany = func(ctx context.Context, params []river.InsertManyParams) ([]bool, error) {
		res, err := client.InsertMany(ctx, params)
		if err != nil {
			return nil, err
		}
		dups := make([]bool, len(res))
		for i, r := range res {
			dups[i] = r.UniqueSkippedAsDuplicate
		}
		return dups, nil
	}
	q.start, q.stop = client.Start, client.Stop
	if cfg.InsertOnly {
		q.start = func(context.Context) error { return nil }
		q.stop = func(context.Context) error { return nil }
	}
	q.inbox = newInbox(log, insertDeliveries(client, begin, claim))
	return q, nil
}
