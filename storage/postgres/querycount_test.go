package postgres_test

import (
	"context"
	"testing"
)

// TestQueriesCounts: every statement the store sends is counted once, a
// failed one too.
func TestQueriesCounts(t *testing.T) {
	s := MustOpen(t)
	ctx := context.Background()
	before := s.Queries()
	if before == 0 {
		t.Errorf("Queries() after Open = 0, want the migration's statements counted")
	}
	if _, err := s.FindChannel(ctx, 1<<40); err == nil {
		t.Fatalf("FindChannel(unknown) found one")
	}
	if _, err := s.ListChannels(ctx); err != nil {
		t.Fatalf("ListChannels: %v", err)
	}
	if got := s.Queries() - before; got != 2 {
		t.Errorf("Queries() rose by %d over two statements, want 2", got)
	}
}
