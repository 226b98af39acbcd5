package postgres

import (
	"context"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// queryCounter counts the statements a Store's connections send, so a
// benchmark can state its database work per unit (queries per post) exactly,
// where server statistics arrive late and include every other client.
type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// Queries returns how many statements the store has sent since it was
// opened, the migrations' included.
func (s *Store) Queries() int64 { return s.queries.n.Load() }
