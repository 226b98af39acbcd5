package sqlite

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/interviewbot/interviewbot/bot"
)

// timeLayout is fixed width, so stored times sort correctly as strings.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("parse stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// encodeList stores a nil list as [] so every row holds valid JSON.
func encodeList(l []string) (string, error) {
	if l == nil {
		return "[]", nil
	}
	b, err := json.Marshal(l)
	return string(b), err
}

// decodeList returns nil for an empty list, so a round trip of a nil list
// compares equal.
func decodeList(s string) ([]string, error) {
	var l []string
	if err := json.Unmarshal([]byte(s), &l); err != nil {
		return nil, fmt.Errorf("decode list %q: %w", s, err)
	}
	if len(l) == 0 {
		return nil, nil
	}
	return l, nil
}

// nullID maps the "none" id 0 onto SQL NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// checkText rejects text that would be stored differently by the two engines
// (PostgreSQL refuses NUL bytes and invalid UTF-8) or exceeds the answer cap,
// so both engines give the same answer to the same input.
func checkText(what, s string, max int) error {
	switch {
	case max > 0 && len(s) > max:
		return bot.Errorf(bot.EINVALID, "The %s is too long: %d bytes, at most %d.", what, len(s), max)
	case !utf8.ValidString(s):
		return bot.Errorf(bot.EINVALID, "The %s is not valid UTF-8 text.", what)
	case strings.ContainsRune(s, 0):
		return bot.Errorf(bot.EINVALID, "The %s contains a NUL character.", what)
	}
	return nil
}
