package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// AnswerProblem says why an answer cannot be accepted. Adapters use it to
// word the problem in the member's language; ValidateAnswer words it in
// English for everyone else.
type AnswerProblem string

// Answer problems.
const (
	AnswerOK          AnswerProblem = ""
	AnswerEmpty       AnswerProblem = "empty"
	AnswerTooLong     AnswerProblem = "too_long"
	AnswerInvalidUTF8 AnswerProblem = "invalid_utf8"
)

// CheckAnswer reports what, if anything, is wrong with an answer's text:
// blank, over MaxAnswerBytes, or not valid UTF-8.
func CheckAnswer(text string) AnswerProblem {
	switch {
	case len(text) > MaxAnswerBytes:
		return AnswerTooLong
	case !utf8.ValidString(text):
		return AnswerInvalidUTF8
	case strings.TrimSpace(text) == "":
		return AnswerEmpty
	}
	return AnswerOK
}

// ValidateAnswer returns an EINVALID error with a message a member can act on
// when CheckAnswer finds a problem.
func ValidateAnswer(text string) error {
	switch CheckAnswer(text) {
	case AnswerTooLong:
		return Errorf(EINVALID, "Your answer is %s; the limit is %s. Please shorten it and send it again.", FormatBytes(len(text)), FormatBytes(MaxAnswerBytes))
	case AnswerInvalidUTF8:
		return Errorf(EINVALID, "Your answer is not valid UTF-8 text (was it pasted from a binary file or a different encoding?). Please send it as plain text.")
	case AnswerEmpty:
		return Errorf(EINVALID, "Your answer is empty. Please write an answer, or skip the question.")
	}
	return nil
}

// FormatBytes writes a size the way people read it: 512 B, 64 KB, 1.0 MB.
func FormatBytes(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}
