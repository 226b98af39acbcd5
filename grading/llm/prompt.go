package llm

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"text/template"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/prompts"
)

// promptData is what the templates in prompts/llm/ read.
type promptData struct {
	Question       string
	KeyPoints      []promptPoint
	Misconceptions []promptMisconception
	Reference      string
	Boundary       string
	Answer         string
}

type promptPoint struct {
	ID     string
	Weight float64
	Point  string
}

type promptMisconception struct {
	ID, Wrong, Correction string
}

// prompt is the rendered pair of messages for one attempt.
type prompt struct {
	system, user string
}

// render fills the templates for q in lang with answer as data. The answer
// sits between <answer-B> and </answer-B> where B is 96 random bits chosen
// per request: an answer cannot close a block whose name it cannot guess.
func render(t *template.Template, q *bot.Question, lang bot.Lang, answer string) (prompt, error) {
	boundary, err := newBoundary(answer)
	if err != nil {
		return prompt{}, err
	}
	data := promptData{
		Question:  q.Text.In(lang),
		Reference: q.Reference.In(lang),
		Boundary:  boundary,
		Answer:    answer,
	}
	for _, kp := range q.Rubric.KeyPoints {
		data.KeyPoints = append(data.KeyPoints, promptPoint{ID: kp.ID, Weight: kp.Weight, Point: kp.Point.In(lang)})
	}
	for _, m := range q.Rubric.Misconceptions {
		data.Misconceptions = append(data.Misconceptions, promptMisconception{ID: m.ID, Wrong: m.Wrong.In(lang), Correction: m.Correction.In(lang)})
	}
	var p prompt
	for _, part := range []struct {
		kind string
		dst  *string
	}{{prompts.LLMSystem, &p.system}, {prompts.LLMUser, &p.user}} {
		name := prompts.LLMTemplateName(part.kind, lang)
		tt := t.Lookup(name)
		if tt == nil {
			return prompt{}, fmt.Errorf("llm template %s is missing", name)
		}
		var b strings.Builder
		if err := tt.Execute(&b, data); err != nil {
			return prompt{}, fmt.Errorf("render %s: %w", name, err)
		}
		*part.dst = b.String()
	}
	return p, nil
}

// newBoundary returns a random tag suffix that does not occur in answer.
func newBoundary(answer string) (string, error) {
	for range 4 {
		var b [12]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", fmt.Errorf("answer boundary: %w", err)
		}
		s := hex.EncodeToString(b[:])
		if !strings.Contains(answer, s) {
			return s, nil
		}
	}
	return "", fmt.Errorf("answer boundary: no unused value found")
}
