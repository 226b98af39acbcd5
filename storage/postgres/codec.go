package postgres

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/interviewbot/interviewbot/bot"
)

// encodeList stores a nil list as [] so every row holds a JSON array.
func encodeList(l []string) (string, error) {
	if l == nil {
		return "[]", nil
	}
	b, err := json.Marshal(l)
	return string(b), err
}

// decodeList returns nil for an empty list, so a round trip of a nil list
// compares equal.
func decodeList(b []byte) ([]string, error) {
	var l []string
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("decode list %q: %w", b, err)
	}
	if len(l) == 0 {
		return nil, nil
	}
	return l, nil
}

// nullID maps the "none" id 0 onto SQL NULL.
func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func idOrZero(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}

// checkText rejects what PostgreSQL cannot store in text (NUL, invalid
// UTF-8) and what exceeds the cap, with a message instead of a driver error;
// the embedded engine applies the same rule so both answer alike.
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
