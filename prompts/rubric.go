package prompts

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/interviewbot/interviewbot/bot"
	"go.yaml.in/yaml/v3"
)

// Rubric size limits. Fewer than three key points cannot tell a partial
// answer from a complete one; more than eight turn feedback into a list
// nobody reads. Every question names at least one misconception because the
// grader needs a wrong answer to catch.
const (
	minKeyPoints      = 3
	maxKeyPoints      = 8
	minMisconceptions = 1
)

// rubric decodes and checks a rubric against the question's reference
// answer, which must state every key point and no misconception, so the
// reference itself would score full marks.
func (d *decoder) rubric(n *yaml.Node, path string, ref bot.Text) bot.Rubric {
	if n == nil {
		return bot.Rubric{}
	}
	m, ok := d.mapping(n, path, "key_points", "misconceptions")
	if !ok {
		return bot.Rubric{}
	}
	var r bot.Rubric
	kpNode := d.required(m, n, path, "key_points")
	kpItems := d.seq(kpNode, path+".key_points")
	if kpNode != nil && kpNode.Kind == yaml.SequenceNode && (len(kpItems) < minKeyPoints || len(kpItems) > maxKeyPoints) {
		d.errorf(kpNode.Line, "%s.key_points: %d key points, want %d to %d", path, len(kpItems), minKeyPoints, maxKeyPoints)
	}
	ids := map[string]bool{}
	for i, item := range kpItems {
		kp, ok := d.keyPoint(item, fmt.Sprintf("%s.key_points[%d]", path, i), ids, ref)
		if ok {
			r.KeyPoints = append(r.KeyPoints, kp)
		}
	}
	mcNode := d.required(m, n, path, "misconceptions")
	mcItems := d.seq(mcNode, path+".misconceptions")
	if mcNode != nil && mcNode.Kind == yaml.SequenceNode && len(mcItems) < minMisconceptions {
		d.errorf(mcNode.Line, "%s.misconceptions: want at least %d misconception (a wrong belief the grader should catch)", path, minMisconceptions)
	}
	ids = map[string]bool{}
	for i, item := range mcItems {
		mc, ok := d.misconception(item, fmt.Sprintf("%s.misconceptions[%d]", path, i), ids, ref)
		if ok {
			r.Misconceptions = append(r.Misconceptions, mc)
		}
	}
	r.Version = rubricVersion(r)
	return r
}

func (d *decoder) keyPoint(n *yaml.Node, path string, ids map[string]bool, ref bot.Text) (bot.KeyPoint, bool) {
	m, ok := d.mapping(n, path, "id", "weight", "point", "phrases")
	if !ok {
		return bot.KeyPoint{}, false
	}
	kp := bot.KeyPoint{
		ID:     d.uniqueID(d.required(m, n, path, "id"), path+".id", ids),
		Weight: d.positive(d.required(m, n, path, "weight"), path+".weight"),
		Point:  d.text(d.required(m, n, path, "point"), path+".point"),
	}
	phrases, _ := d.phraseList(d.required(m, n, path, "phrases"), path+".phrases")
	kp.Phrases = phrases
	if len(phrases) > 0 && (ref.ZH != "" || ref.EN != "") && !anyIn(phrases, ref) {
		d.errorf(n.Line, "%s: none of its phrases appears in the reference answer: say the point in reference.zh or reference.en with one of them", path)
	}
	return kp, true
}

func (d *decoder) misconception(n *yaml.Node, path string, ids map[string]bool, ref bot.Text) (bot.Misconception, bool) {
	m, ok := d.mapping(n, path, "id", "wrong", "correction", "phrases")
	if !ok {
		return bot.Misconception{}, false
	}
	mc := bot.Misconception{
		ID:         d.uniqueID(d.required(m, n, path, "id"), path+".id", ids),
		Wrong:      d.text(d.required(m, n, path, "wrong"), path+".wrong"),
		Correction: d.text(d.required(m, n, path, "correction"), path+".correction"),
	}
	phrases, lines := d.phraseList(d.required(m, n, path, "phrases"), path+".phrases")
	mc.Phrases = phrases
	for i, p := range phrases {
		for _, lang := range []bot.Lang{bot.LangZH, bot.LangEN} {
			if containsFold(refIn(ref, lang), p) {
				d.errorf(lines[i], "%s: phrase %q appears in reference.%s: the reference must not state a misconception", path+".phrases", p, lang)
				break
			}
		}
	}
	return mc, true
}

// uniqueID decodes a kebab-case id unique within ids.
func (d *decoder) uniqueID(n *yaml.Node, path string, ids map[string]bool) string {
	id := d.id(n, path)
	if id == "" {
		return ""
	}
	if ids[id] {
		d.errorf(n.Line, "%s: duplicate id %q in this list", path, id)
	}
	ids[id] = true
	return id
}

// phraseList decodes at least one phrase and the line of each. A phrase may
// appear once per question: the same words cannot both earn a key point and
// reveal a misconception, or count for two points.
func (d *decoder) phraseList(n *yaml.Node, path string) ([]string, []int) {
	if n == nil {
		return nil, nil
	}
	items := d.seq(n, path)
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		d.errorf(n.Line, "%s: want at least one phrase", path)
	}
	var (
		out   []string
		lines []int
	)
	for i, item := range items {
		p := fmt.Sprintf("%s[%d]", path, i)
		s := d.str(item, p)
		if s == "" {
			continue
		}
		key := strings.ToLower(s)
		if at, dup := d.phrases[key]; dup {
			d.errorf(item.Line, "%s: duplicate phrase %q (also %s)", p, s, at)
			continue
		}
		d.phrases[key] = p
		out = append(out, s)
		lines = append(lines, item.Line)
	}
	return out, lines
}

// refIn is ref in exactly lang, without Text.In's fallback to the other one.
func refIn(ref bot.Text, lang bot.Lang) string {
	if lang == bot.LangZH {
		return ref.ZH
	}
	return ref.EN
}

func anyIn(phrases []string, ref bot.Text) bool {
	for _, p := range phrases {
		if containsFold(ref.ZH, p) || containsFold(ref.EN, p) {
			return true
		}
	}
	return false
}

// containsFold reports whether substr is in s, ignoring case; this is the
// same loose match a candidate's answer gets.
func containsFold(s, substr string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(substr))
}

// rubricVersion is a short hash of the rubric's content: any edit to a key
// point or misconception changes it, so stored grades say which rubric
// produced them without anyone bumping a number by hand.
func rubricVersion(r bot.Rubric) string {
	canonical, err := json.Marshal(struct {
		KeyPoints      []bot.KeyPoint
		Misconceptions []bot.Misconception
	}{r.KeyPoints, r.Misconceptions})
	if err != nil {
		// Only NaN or Inf weights fail to marshal, and decoding rejects them.
		canonical = fmt.Appendf(nil, "%#v", r)
	}
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])[:12]
}
