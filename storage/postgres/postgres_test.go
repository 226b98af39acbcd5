package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/url"
	"os"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/postgres"
	"github.com/interviewbot/interviewbot/storage/storetest"
	"github.com/jackc/pgx/v5"
)

// MustURL returns TEST_DATABASE_URL and fails the test when it is unset:
// the PostgreSQL engine is part of the product, so its tests never skip.
func MustURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv("TEST_DATABASE_URL")
	if u == "" {
		tb.Fatal("TEST_DATABASE_URL is not set: these tests need a PostgreSQL database they may create schemas in.\n" +
			"Run `make test` (it starts a throwaway server on loopback), or start one yourself:\n" +
			"    eval \"$(bash scripts/postgres.sh start)\"   # then: bash scripts/postgres.sh stop\n" +
			"or point TEST_DATABASE_URL at a database you own, e.g. postgres://user@127.0.0.1:5432/scratch?sslmode=disable")
	}
	return u
}

// MustSchema creates a fresh schema for one test and drops it when the test
// ends. It returns a URL whose connections use only that schema (search_path)
// and carry its name as application_name, so tests run in parallel without
// seeing each other and a test can find its own server backends.
func MustSchema(tb testing.TB) (dbURL, schema string) {
	tb.Helper()
	base := MustURL(tb)
	b := make([]byte, 6)
	rand.Read(b)
	schema = "t_" + hex.EncodeToString(b)
	admin := mustConnect(tb, base)
	ctx := context.Background()
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema %s: %v", schema, err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		tb.Fatalf("TEST_DATABASE_URL must be a postgres:// URL, got one that does not parse as such (%v)", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("application_name", schema)
	q.Set("pool_max_conns", "4")
	u.RawQuery = q.Encode()
	return u.String(), schema
}

// mustConnect opens a plain connection for test setup, closed at the end.
func mustConnect(tb testing.TB, dbURL string) *pgx.Conn {
	tb.Helper()
	c, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		tb.Fatalf("connect to TEST_DATABASE_URL: %v", err)
	}
	tb.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// MustOpen opens a store on a fresh schema, closed when the test ends.
func MustOpen(tb testing.TB) *postgres.Store {
	tb.Helper()
	u, _ := MustSchema(tb)
	return mustOpenURL(tb, u)
}

func mustOpenURL(tb testing.TB, dbURL string) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), dbURL, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestContract(t *testing.T) {
	MustURL(t) // one clear failure rather than one per subtest
	storetest.Run(t, func(t *testing.T) bot.Store { return MustOpen(t) })
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		t.Fatalf("SchemaVersion: %v", err)
	}
	if v < 1 {
		t.Fatalf("SchemaVersion after Open = %d, want >= 1", v)
	}
	for i := range 2 {
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("Migrate #%d on a migrated schema: %v", i+1, err)
		}
		if got, err := s.SchemaVersion(ctx); err != nil || got != v {
			t.Errorf("SchemaVersion after Migrate #%d = %d, %v; want %d, nil", i+1, got, err, v)
		}
	}
}

// TestMigrateConcurrently starts replicas together on one empty schema: the
// migration lock lets one migrate while the others wait, and all come up.
func TestMigrateConcurrently(t *testing.T) {
	u, schema := MustSchema(t)
	const replicas = 4
	stores := make([]*postgres.Store, replicas)
	errs := make([]error, replicas)
	var wg sync.WaitGroup
	for i := range replicas {
		wg.Go(func() { stores[i], errs[i] = postgres.Open(context.Background(), u, nil) })
	}
	wg.Wait()
	for i := range replicas {
		if errs[i] != nil {
			t.Errorf("replica %d: Open: %v", i, errs[i])
			continue
		}
		defer stores[i].Close()
	}
	admin := mustConnect(t, MustURL(t))
	var applied int
	err := admin.QueryRow(context.Background(),
		"SELECT count(*) FROM "+schema+".goose_db_version WHERE version_id > 0").Scan(&applied)
	if err != nil {
		t.Fatalf("count applied migrations: %v", err)
	}
	entries, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatalf("read migrations: %v", err)
	}
	if files := len(entries); applied != files {
		t.Errorf("%d migrations recorded after %d concurrent Opens, want %d (each applied once)", applied, replicas, len(entries))
	}
}

// TestRecoversAfterConnectionsKilled is what a PostgreSQL restart or
// failover does to the pool: every server backend goes away at once. The
// store reports EUNAVAILABLE while the pool finds out, then works again,
// and everything stored before is intact.
func TestRecoversAfterConnectionsKilled(t *testing.T) {
	ctx := context.Background()
	u, schema := MustSchema(t)
	s := mustOpenURL(t, u)
	m := storetest.MustMember(t, s)
	a := storetest.MustAnswer(t, s, m.ID, "q1")
	storetest.MustGrade(t, s, a.ID, 64)
	ms := storetest.MustSession(t, s, m.ID, bot.SessionActive)
	if err := s.SaveTurn(ctx, ms.ID, bot.Turn{Index: 0, QuestionID: "q1", AnswerID: a.ID}); err != nil {
		t.Fatalf("SaveTurn: %v", err)
	}
	wantAnswer, err := s.FindAnswer(ctx, a.ID)
	if err != nil {
		t.Fatalf("FindAnswer: %v", err)
	}
	wantSession, err := s.FindSession(ctx, ms.ID)
	if err != nil {
		t.Fatalf("FindSession: %v", err)
	}
	// Fill the pool with several connections, all idle afterwards.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { _, _ = s.ListAnswers(ctx, m.ID, 10) })
	}
	wg.Wait()

	admin := mustConnect(t, MustURL(t))
	var killed int
	err = admin.QueryRow(ctx, `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))
		FROM pg_stat_activity WHERE application_name = $1`, schema).Scan(&killed)
	if err != nil {
		t.Fatalf("terminate backends: %v", err)
	}
	if killed == 0 {
		t.Fatalf("no backends of application %s to terminate; the test would prove nothing", schema)
	}
	waitGone(t, admin, schema)

	// The first call meets a dead connection and fails with EUNAVAILABLE
	// (unless the pool pinged it first); the store then resets the pool, so
	// the next call gets a fresh connection. A caller retrying EUNAVAILABLE
	// once is enough.
	if err := s.Ping(ctx); err != nil {
		if got := bot.ErrorCode(err); got != bot.EUNAVAILABLE {
			t.Errorf("Ping on a killed connection: code %q (%v), want %q", got, err, bot.EUNAVAILABLE)
		}
		if err := s.Ping(ctx); err != nil {
			t.Fatalf("second Ping after the kill: %v, want the pool to have recovered", err)
		}
	}
	gotAnswer, err := s.FindAnswer(ctx, a.ID)
	if err != nil {
		t.Fatalf("FindAnswer after the kill: %v", err)
	}
	wantEqual(t, "answer after the kill", gotAnswer, wantAnswer)
	gotSession, err := s.FindSession(ctx, ms.ID)
	if err != nil {
		t.Fatalf("FindSession after the kill: %v", err)
	}
	wantEqual(t, "session after the kill", gotSession, wantSession)
	n := &bot.Member{Key: bot.MemberKey{Platform: "slack", Workspace: "T1", UserID: "after-kill"}}
	if err := s.UpsertMember(ctx, n); err != nil {
		t.Fatalf("UpsertMember after the kill: %v", err)
	}
}

func wantEqual[T any](t *testing.T, what string, got, want *T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

// waitGone waits until the server has no backends left for the application,
// so the test does not race the terminations it asked for.
func waitGone(t *testing.T, admin *pgx.Conn, app string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		var n int
		err := admin.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", app).Scan(&n)
		if err != nil {
			t.Fatalf("waiting for terminated backends to go: %v", err)
		}
		if n == 0 {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d backends of %s still alive after pg_terminate_backend", n, app)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func TestOpenRejects(t *testing.T) {
	base := MustURL(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", "no_such_schema_here")
	u.RawQuery = q.Encode()
	tests := []struct {
		name string
		url  string
		want string
	}{
		{"empty", "", bot.EINVALID},
		{"not a url", "postgres://%zz", bot.EINVALID},
		{"a search_path without a schema", u.String(), bot.EINVALID},
		{"nothing listening", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=5", bot.EUNAVAILABLE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := postgres.Open(context.Background(), tt.url, nil)
			if got := bot.ErrorCode(err); got != tt.want || s != nil {
				t.Errorf("Open = %v, %v (code %q); want nil and code %q", s, err, got, tt.want)
			}
		})
	}
}
