package sqlite_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/sqlite"
	"github.com/interviewbot/interviewbot/storage/storetest"
)

// MustOpen opens a store on a new file in the test's temp dir and closes it
// when the test ends.
func MustOpen(tb testing.TB) *sqlite.Store {
	tb.Helper()
	return mustOpenPath(tb, filepath.Join(tb.TempDir(), "bot.db"))
}

func mustOpenPath(tb testing.TB, path string) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), path, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) bot.Store { return MustOpen(t) })
}

func TestContractInMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) bot.Store { return mustOpenPath(t, ":memory:") })
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
			t.Fatalf("Migrate #%d on a migrated database: %v", i+1, err)
		}
		if got, err := s.SchemaVersion(ctx); err != nil || got != v {
			t.Errorf("SchemaVersion after Migrate #%d = %d, %v; want %d, nil", i+1, got, err, v)
		}
	}
}

// TestReopen checks what one process stored is there for the next: the bot
// restarts and the history is still in the file.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nested", "dir", "bot.db")
	s, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	m := storetest.MustMember(t, s)
	a := storetest.MustAnswer(t, s, m.ID, "q1")
	g := storetest.MustGrade(t, s, a.ID, 77)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s2 := mustOpenPath(t, path)
	got, err := s2.FindAnswer(ctx, a.ID)
	if err != nil {
		t.Fatalf("FindAnswer after reopen: %v", err)
	}
	if got.Text != a.Text || got.Grade == nil || got.Grade.ID != g.ID {
		t.Errorf("after reopen: answer %+v, want text %q and grade %d", got, a.Text, g.ID)
	}
}

func TestOpenRejects(t *testing.T) {
	for _, path := range []string{"", "bot.db?mode=ro"} {
		s, err := sqlite.Open(context.Background(), path, nil)
		if got := bot.ErrorCode(err); got != bot.EINVALID || s != nil {
			t.Errorf("Open(%q) = %v, %v (code %q); want nil, EINVALID", path, s, err, got)
		}
	}
}
