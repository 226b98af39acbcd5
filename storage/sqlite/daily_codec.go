package sqlite

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// encodeInts stores a nil list as [] so every row holds valid JSON.
func encodeInts(l []int) (string, error) {
	if l == nil {
		return "[]", nil
	}
	b, err := json.Marshal(l)
	return string(b), err
}

// decodeInts returns nil for an empty list, as decodeList does.
func decodeInts(s string) ([]int, error) {
	var l []int
	if err := json.Unmarshal([]byte(s), &l); err != nil {
		return nil, fmt.Errorf("decode list %q: %w", s, err)
	}
	if len(l) == 0 {
		return nil, nil
	}
	return l, nil
}

// nullTime maps the zero time onto SQL NULL.
func nullTime(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: formatTime(t), Valid: true}
}

// parseNullTime maps SQL NULL onto the zero time.
func parseNullTime(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	return parseTime(s.String)
}

// extraScanner scans a row through an existing scan function and then the
// extra columns selected after its own, so a wider row reuses scanAnswer.
type extraScanner struct {
	row   scanner
	extra []any
}

func (e extraScanner) Scan(dest ...any) error { return e.row.Scan(append(dest, e.extra...)...) }
