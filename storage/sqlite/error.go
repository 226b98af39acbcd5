package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/interviewbot/interviewbot/bot"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// meaning says, for one operation, what a missing row or a broken constraint
// means to the person who asked: the words become the bot.Error message.
type meaning struct {
	missing  string // no row, or a foreign key pointing nowhere: ENOTFOUND
	conflict string // a unique index said no: ECONFLICT
}

// wrap maps a driver error onto the bot error codes so callers never look at
// SQLite result codes, and wraps it with op for the logs. The driver error is
// kept in the chain next to the *bot.Error where it helps an operator.
func wrap(ctx context.Context, op string, err error, m meaning) error {
	if err == nil {
		return nil
	}
	var be *bot.Error
	if errors.As(err, &be) {
		return fmt.Errorf("%s: %w", op, err)
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		// An interrupted statement reports SQLITE_INTERRUPT; say why.
		return fmt.Errorf("%s: %w: %w", op, ctxErr, err)
	}
	if errors.Is(err, sql.ErrNoRows) && m.missing != "" {
		return fmt.Errorf("%s: %w", op, bot.Errorf(bot.ENOTFOUND, "%s", m.missing))
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return fmt.Errorf("%s: %w", op, err)
	}
	var code *bot.Error
	switch c := se.Code(); {
	case c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		code = bot.Errorf(bot.ECONFLICT, "%s", or(m.conflict, "That already exists."))
	case c == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		code = bot.Errorf(bot.ENOTFOUND, "%s", or(m.missing, "Something this refers to does not exist."))
	case c == sqlite3.SQLITE_CONSTRAINT_CHECK || c == sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		code = bot.Errorf(bot.EINVALID, "Some of the values are out of range.")
	case unavailable(c & 0xff): // the primary code of an extended one
		code = bot.Errorf(bot.EUNAVAILABLE, "The database is busy or cannot be written right now; try again shortly.")
	default:
		return fmt.Errorf("%s: %w", op, err)
	}
	return fmt.Errorf("%s: %w: %w", op, code, err)
}

func or(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}

// unavailable reports whether a primary result code means the database cannot
// serve the request now (locked, unreadable, full) rather than a bad request.
func unavailable(code int) bool {
	switch code {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN,
		sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY:
		return true
	}
	return false
}
