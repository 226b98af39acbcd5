package bot

import (
	"errors"
	"fmt"
)

// Error codes shared by every layer. Storage maps driver errors onto them and
// adapters turn them into words a user understands, so callers never inspect
// driver-specific errors.
const (
	ECONFLICT    = "conflict"    // the action conflicts with existing state (duplicate key, wrong state)
	EINTERNAL    = "internal"    // a bug or an unexpected failure
	EINVALID     = "invalid"     // the input is malformed or breaks a rule
	ENOTFOUND    = "not_found"   // the thing asked for does not exist
	EUNAVAILABLE = "unavailable" // a dependency (database, LLM, platform) cannot be reached now; retry later
)

// Error is an application error whose Message is safe to show to a user.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("interviewbot error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain; other errors get a generic message so internals never leak to users.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
