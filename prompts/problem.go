package prompts

import (
	"fmt"
	"strings"
)

// Problem is one mistake in a question file. Line is 1-based; 0 means the
// problem concerns the whole file (it could not be read, say).
type Problem struct {
	File    string
	Line    int
	Message string
}

// String formats the problem as "file:line: message", the form editors and
// CI logs turn into links.
func (p Problem) String() string {
	if p.Line <= 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
}

// Problems is every problem found in a bank. It is the error Load and LoadDir
// return, so a caller (the lint command) can list them one per line with
// errors.As instead of parsing a message.
type Problems []Problem

// Error lists every problem, one per line, after a count.
func (ps Problems) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s) in the question bank:", len(ps))
	for _, p := range ps {
		b.WriteString("\n")
		b.WriteString(p.String())
	}
	return b.String()
}
