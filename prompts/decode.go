package prompts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/interviewbot/interviewbot/bot"
	"go.yaml.in/yaml/v3"
)

// entry is a decoded question and the line of its id, so a duplicate found
// across files is reported where the id is written.
type entry struct {
	q      *bot.Question
	idLine int
}

var questionFields = []string{"id", "track", "topic", "difficulty", "tags", "question", "rubric", "reference", "follow_ups"}

// decodeFile decodes and checks one question file. It returns every question
// whose id could be read, even when other parts of it have problems, so
// duplicate ids are still caught across files.
func decodeFile(file string, data []byte) ([]entry, []Problem) {
	d := &decoder{file: file}
	if off := invalidUTF8(data); off >= 0 {
		d.errorf(lineAt(data, off), "invalid UTF-8 at byte %d: save the file as UTF-8", off)
		return nil, d.problems
	}
	if off, r := unprintable(data); off >= 0 {
		d.errorf(lineAt(data, off), "character %U at byte %d is not allowed in YAML", r, off)
		return nil, d.problems
	}
	root := d.parse(data)
	if root == nil {
		return nil, d.problems
	}
	m, _ := d.mapping(root, "file", "questions")
	list := d.required(m, root, "file", "questions")
	items := d.seq(list, "questions")
	if list != nil && list.Kind == yaml.SequenceNode && len(items) == 0 {
		d.errorf(list.Line, "questions: the list is empty")
	}
	var entries []entry
	for i, item := range items {
		if e, ok := d.question(item, fmt.Sprintf("questions[%d]", i)); ok {
			entries = append(entries, e)
		}
	}
	return entries, d.problems
}

// parse returns the root node of the file's single YAML document, or nil
// after reporting why there is none.
func (d *decoder) parse(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.errorf(1, "empty file: want a top-level questions: list")
		} else {
			d.yamlError(err)
		}
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		d.yamlError(err)
		return nil
	default:
		d.errorf(extra.Line, "a second YAML document (---): keep every question in the one questions: list")
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		d.errorf(1, "empty file: want a top-level questions: list")
		return nil
	}
	return doc.Content[0]
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the messages of yaml v3's parser, as opposed to its
// scanner: the parser reports a 0-based line, one less than an editor's.
var parserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found undefined tag handle",
	"found duplicate %YAML directive",
	"found duplicate %TAG directive",
	"found incompatible YAML document",
}

// yamlError turns a parse error ("yaml: line 3: could not find expected
// ':'") into a problem on the line an editor shows. yaml v3 leaves the
// line out when it is the first one.
func (d *decoder) yamlError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if slices.Contains(parserProblems, msg) {
			line++
		}
	}
	d.errorf(line, "not valid YAML: %s", msg)
}

func (d *decoder) question(n *yaml.Node, path string) (entry, bool) {
	m, ok := d.mapping(n, path, questionFields...)
	if !ok {
		return entry{}, false
	}
	d.phrases = map[string]string{}
	idNode := d.required(m, n, path, "id")
	q := &bot.Question{
		ID:         d.id(idNode, path+".id"),
		Track:      d.str(d.required(m, n, path, "track"), path+".track"),
		Topic:      d.topic(d.required(m, n, path, "topic"), path+".topic"),
		Difficulty: d.intIn(d.required(m, n, path, "difficulty"), path+".difficulty", 1, 3),
		Text:       d.text(d.required(m, n, path, "question"), path+".question"),
		Reference:  d.text(d.required(m, n, path, "reference"), path+".reference"),
		Source:     fmt.Sprintf("%s:%d", d.file, n.Line),
	}
	if tags := m["tags"]; tags != nil {
		q.Tags = d.strs(tags, path+".tags")
	}
	q.Rubric = d.rubric(d.required(m, n, path, "rubric"), path+".rubric", q.Reference)
	q.FollowUps = d.followUps(d.required(m, n, path, "follow_ups"), path+".follow_ups")
	if q.ID == "" {
		return entry{}, false
	}
	return entry{q: q, idLine: idNode.Line}, true
}

func (d *decoder) topic(n *yaml.Node, path string) string {
	s := d.str(n, path)
	if s == "" {
		return ""
	}
	if _, ok := bot.FindTopic(s); !ok {
		names := make([]string, len(bot.Topics))
		for i, t := range bot.Topics {
			names[i] = t.Name
		}
		d.errorf(n.Line, "%s: unknown topic %q%s (topics: %s)", path, s, suggest(s, names), strings.Join(names, ", "))
		return ""
	}
	return s
}

func (d *decoder) followUps(n *yaml.Node, path string) []bot.Text {
	items := d.seq(n, path)
	if n != nil && n.Kind == yaml.SequenceNode && (len(items) < 1 || len(items) > 3) {
		d.errorf(n.Line, "%s: %d follow-ups, want 1 to 3", path, len(items))
	}
	var out []bot.Text
	for i, item := range items {
		out = append(out, d.text(item, fmt.Sprintf("%s[%d]", path, i)))
	}
	return out
}

// invalidUTF8 returns the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8(data []byte) int {
	for off := 0; off < len(data); {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size == 1 {
			return off
		}
		off += size
	}
	return -1
}

// unprintable returns the offset of the first character YAML forbids (most
// control characters), which the YAML reader would reject without a line.
func unprintable(data []byte) (int, rune) {
	for off, r := range string(data) {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		case r >= 0x20 && r <= 0x7E, r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000:
		default:
			return off, r
		}
	}
	return -1, 0
}

func lineAt(data []byte, off int) int {
	return bytes.Count(data[:off], []byte("\n")) + 1
}
