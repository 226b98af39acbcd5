package prompts

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/interviewbot/interviewbot/bot"
	"go.yaml.in/yaml/v3"
)

// decoder turns the YAML nodes of one file into values and collects its
// problems; decoding into yaml.Node rather than structs is what lets every
// problem carry the line of the node it is about.
type decoder struct {
	file     string
	problems []Problem
	// phrases maps each phrase of the question being decoded (lower case) to
	// where it first appeared, to catch duplicates across the whole rubric.
	phrases map[string]string
}

// maxProblems bounds the problems reported for one file: past a screenful,
// more lines only bury the first mistake, which often causes the rest.
const maxProblems = 100

func (d *decoder) errorf(line int, format string, args ...any) {
	switch {
	case len(d.problems) < maxProblems:
		d.problems = append(d.problems, Problem{File: d.file, Line: line, Message: fmt.Sprintf(format, args...)})
	case len(d.problems) == maxProblems:
		d.problems = append(d.problems, Problem{File: d.file, Line: line,
			Message: fmt.Sprintf("more than %d problems in this file; fix these first", maxProblems)})
	}
}

// mapping returns the values of the mapping node n by key. Keys outside known
// are problems, so a typo never silently drops a field; so are repeated keys,
// which yaml.Node keeps rather than rejects.
func (d *decoder) mapping(n *yaml.Node, path string, known ...string) (map[string]*yaml.Node, bool) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n.Line, "%s: want a mapping (key: value), got %s", path, kindName(n))
		return nil, false
	}
	m := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode:
			d.errorf(k.Line, "%s: a key must be a plain name, got %s", path, kindName(k))
		case !slices.Contains(known, k.Value):
			d.errorf(k.Line, "%s: unknown field %q%s (known: %s)", path, k.Value, suggest(k.Value, known), strings.Join(known, ", "))
		case m[k.Value] != nil:
			d.errorf(k.Line, "%s: field %q is repeated", path, k.Value)
		default:
			m[k.Value] = v
		}
	}
	return m, true
}

// required returns the field key of mapping m (decoded from n), reporting it
// when absent. A nil result makes the value helpers below skip quietly.
func (d *decoder) required(m map[string]*yaml.Node, n *yaml.Node, path, key string) *yaml.Node {
	if m == nil {
		return nil
	}
	v := m[key]
	if v == nil {
		d.errorf(n.Line, "%s: missing required field %q", path, key)
	}
	return v
}

// str returns a non-empty scalar as trimmed text.
func (d *decoder) str(n *yaml.Node, path string) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n.Line, "%s: want text, got %s", path, kindName(n))
		return ""
	}
	s := strings.TrimSpace(n.Value)
	if n.Tag == "!!null" || s == "" {
		d.errorf(n.Line, "%s: is empty", path)
		return ""
	}
	return s
}

// seq returns the items of a sequence node.
func (d *decoder) seq(n *yaml.Node, path string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n.Line, "%s: want a list, got %s", path, kindName(n))
		return nil
	}
	return n.Content
}

// text decodes a {zh, en} pair; both are required because every question,
// rubric and review exists in both languages.
func (d *decoder) text(n *yaml.Node, path string) bot.Text {
	if n == nil {
		return bot.Text{}
	}
	m, ok := d.mapping(n, path, "zh", "en")
	if !ok {
		return bot.Text{}
	}
	return bot.Text{
		ZH: d.str(d.required(m, n, path, "zh"), path+".zh"),
		EN: d.str(d.required(m, n, path, "en"), path+".en"),
	}
}

// strs decodes a list of non-empty strings.
func (d *decoder) strs(n *yaml.Node, path string) []string {
	var out []string
	for i, item := range d.seq(n, path) {
		if s := d.str(item, fmt.Sprintf("%s[%d]", path, i)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// id decodes a kebab-case identifier.
func (d *decoder) id(n *yaml.Node, path string) string {
	s := d.str(n, path)
	if s != "" && !isKebab(s) {
		d.errorf(n.Line, "%s: %q is not kebab-case (lower-case letters and digits joined by single dashes)", path, s)
		return ""
	}
	return s
}

// intIn decodes an integer in [lo, hi].
func (d *decoder) intIn(n *yaml.Node, path string, lo, hi int) int {
	if n == nil {
		return 0
	}
	var v int
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&v) != nil || v < lo || v > hi {
		d.errorf(n.Line, "%s: %s, want an integer from %d to %d", path, describe(n), lo, hi)
		return 0
	}
	return v
}

// positive decodes a finite number > 0.
func (d *decoder) positive(n *yaml.Node, path string) float64 {
	if n == nil {
		return 0
	}
	var v float64
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&v) != nil ||
		!(v > 0) || math.IsInf(v, 0) {
		d.errorf(n.Line, "%s: %s, want a number > 0", path, describe(n))
		return 0
	}
	return v
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return fmt.Sprintf("an alias (*%s; anchors and aliases are not supported, write the value out)", n.Value)
	}
	return "an unexpected node"
}

func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return fmt.Sprintf("got %q", n.Value)
	}
	return "got " + kindName(n)
}

func isKebab(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// suggest names the known field closest to a misspelt one, if any is close.
func suggest(got string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if dist := editDistance(got, k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between short ASCII-ish names.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return math.MaxInt32 // not a typo of a field name; skip the work
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
