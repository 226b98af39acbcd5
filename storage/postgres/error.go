package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"syscall"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// meaning says, for one operation, what a missing row or a broken constraint
// means to the person who asked: the words become the bot.Error message.
type meaning struct {
	missing  string // no row, or a foreign key pointing nowhere: ENOTFOUND
	conflict string // a unique index said no: ECONFLICT
}

// wrap maps a driver error onto the bot error codes so callers never look at
// SQLSTATEs, and wraps it with op for the logs. The driver error is kept in
// the chain next to the *bot.Error where it helps an operator.
//
// A broken connection usually means the server restarted or failed over, and
// then every idle connection in the pool is dead too: the pool is reset so
// that one request fails with EUNAVAILABLE instead of one per connection.
func (s *Store) wrap(ctx context.Context, op string, err error, m meaning) error {
	if err != nil && ctx.Err() == nil && brokenConn(err) {
		s.log.Warn("postgres connection lost; resetting the pool", slog.String("op", op), slog.Any("err", err))
		s.pool.Reset()
	}
	return wrap(ctx, op, err, m)
}

func wrap(ctx context.Context, op string, err error, m meaning) error {
	if err == nil {
		return nil
	}
	var be *bot.Error
	if errors.As(err, &be) {
		return fmt.Errorf("%s: %w", op, err)
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		// A canceled query closes its connection; say why it failed.
		return fmt.Errorf("%s: %w: %w", op, ctxErr, err)
	}
	if errors.Is(err, pgx.ErrNoRows) && m.missing != "" {
		return fmt.Errorf("%s: %w", op, bot.Errorf(bot.ENOTFOUND, "%s", m.missing))
	}
	var code *bot.Error
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe):
		code = pgCode(pe, m)
	case unreachable(err):
		code = unavailable()
	}
	if code == nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return fmt.Errorf("%s: %w: %w", op, code, err)
}

// pgCode maps a server error onto a bot error, or nil for one that is a bug
// (a syntax error, a missing table) and stays EINTERNAL.
func pgCode(pe *pgconn.PgError, m meaning) *bot.Error {
	switch {
	case pe.Code == "23505": // unique_violation
		return bot.Errorf(bot.ECONFLICT, "%s", or(m.conflict, "That already exists."))
	case pe.Code == "23503": // foreign_key_violation
		return bot.Errorf(bot.ENOTFOUND, "%s", or(m.missing, "Something this refers to does not exist."))
	case pe.Code == "23514", pe.Code == "23502", // check_violation, not_null_violation
		strings.HasPrefix(pe.Code, "22"): // data exception: bad encoding, out of range
		return bot.Errorf(bot.EINVALID, "Some of the values are out of range.")
	case strings.HasPrefix(pe.Code, "08"), // connection exception
		strings.HasPrefix(pe.Code, "53"),                           // insufficient resources
		strings.HasPrefix(pe.Code, "57P"),                          // shutdown, crash, cannot connect now
		pe.Code == "40001", pe.Code == "40P01", pe.Code == "55P03": // serialization, deadlock, lock timeout
		return unavailable()
	}
	return nil
}

// brokenConn reports whether err means the connection itself is gone: the
// server shut down or terminated it, or the network dropped it.
func brokenConn(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "57P") || strings.HasPrefix(pe.Code, "08")
	}
	return unreachable(err)
}

func unavailable() *bot.Error {
	return bot.Errorf(bot.EUNAVAILABLE, "The database cannot be reached right now; try again shortly.")
}

// unreachable reports whether err says the server could not be reached or
// the connection broke, as opposed to the server refusing the statement.
func unreachable(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

func or(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}
