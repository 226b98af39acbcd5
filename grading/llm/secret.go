package llm

import (
	"log/slog"
	"regexp"
	"strings"
)

// Secret is an API key. Its String, GoString, MarshalText and LogValue all
// say "[redacted]", so printing a Config, logging it or encoding it as JSON
// never shows the key; only the client reads it, through reveal.
type Secret string

const redacted = "[redacted]"

func (s Secret) String() string               { return s.mask() }
func (s Secret) GoString() string             { return s.mask() }
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.mask()), nil }
func (s Secret) LogValue() slog.Value         { return slog.StringValue(s.mask()) }
func (s Secret) reveal() string               { return string(s) }
func (s Secret) mask() string {
	if s == "" {
		return ""
	}
	return redacted
}

// keyLike matches strings shaped like provider keys ("sk-...", "sk-proj-...")
// and bearer tokens, so a key echoed back by a server in an error body is
// hidden even when it is not exactly ours (a prefix, another key).
var keyLike = regexp.MustCompile(`(?i)(sk-[a-z0-9_\-*]{6,}|bearer\s+[a-z0-9._\-*]{6,})`)

// redactor removes a key from text: the whole key, any 8-character run of
// it a server might echo, and anything shaped like a key.
type redactor struct{ key string }

func (r redactor) text(s string) string {
	k := r.key
	if k != "" {
		s = strings.ReplaceAll(s, k, redacted)
	}
	s = keyLike.ReplaceAllString(s, redacted)
	if len(k) >= 16 {
		// Servers echo part of a bad key ("sk-abc...wxyz"): hide every
		// 8-byte window of ours too.
		for i := 0; i+8 <= len(k); i++ {
			s = strings.ReplaceAll(s, k[i:i+8], redacted)
		}
	}
	return s
}

// err returns err with its message redacted. The result keeps no reference
// to err: a caller that unwraps it could otherwise reach the raw message.
func (r redactor) err(err error) error {
	if err == nil {
		return nil
	}
	return redactedError{msg: r.text(err.Error())}
}

type redactedError struct{ msg string }

func (e redactedError) Error() string { return e.msg }
