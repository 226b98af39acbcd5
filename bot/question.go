package bot

import (
	"slices"
	"strings"
)

// Question is one interview question with everything needed to grade an
// answer to it offline: the rubric, the reference answer and follow-ups.
type Question struct {
	ID         string   // stable across edits: stored answers point at it
	Track      string   // e.g. "go-backend"
	Topic      string   // a Topics name
	Difficulty int      // 1 (easy) to 3 (hard)
	Tags       []string // free-form, for filters
	Text       Text     // the question as asked
	Rubric     Rubric
	Reference  Text   // a model answer
	FollowUps  []Text // 1-3 deeper questions an interviewer would ask next
	Source     string // "file:line" it was loaded from, for error messages
}

// Round returns the interview round the question belongs to.
func (q *Question) Round() Round {
	t, _ := FindTopic(q.Topic)
	return t.Round
}

// Dimension returns the report dimension the question measures.
func (q *Question) Dimension() Dimension {
	t, _ := FindTopic(q.Topic)
	return t.Dimension
}

// Rubric says what a good answer covers and which mistakes to look for.
type Rubric struct {
	// Version changes whenever key points or misconceptions change, so a
	// stored grade can tell which rubric produced it.
	Version        string
	KeyPoints      []KeyPoint
	Misconceptions []Misconception
}

// TotalWeight is the sum of key point weights.
func (r Rubric) TotalWeight() float64 {
	var w float64
	for _, kp := range r.KeyPoints {
		w += kp.Weight
	}
	return w
}

// KeyPoint is one idea a complete answer states.
type KeyPoint struct {
	ID     string
	Weight float64 // relative importance, > 0
	Point  Text    // what the idea is, as shown in feedback
	// Phrases are ways people express the idea, in either language and in
	// mixed technical prose ("goroutine 栈", "stack grows"). Matching one
	// counts as covering the point.
	Phrases []string
}

// Misconception is a common wrong belief and its correction.
type Misconception struct {
	ID         string
	Wrong      Text     // the wrong belief
	Correction Text     // what is true instead
	Phrases    []string // statements that reveal the belief
}

// QuestionFilter narrows a bank. Zero fields match everything.
type QuestionFilter struct {
	Track      string
	Topics     []string
	Tags       []string
	Difficulty []int
	Round      Round
	ExcludeIDs []string
}

// Match reports whether q passes the filter.
func (f QuestionFilter) Match(q *Question) bool {
	switch {
	case f.Track != "" && q.Track != f.Track:
		return false
	case len(f.Topics) > 0 && !slices.Contains(f.Topics, q.Topic):
		return false
	case len(f.Difficulty) > 0 && !slices.Contains(f.Difficulty, q.Difficulty):
		return false
	case f.Round != 0 && q.Round() != f.Round:
		return false
	case slices.Contains(f.ExcludeIDs, q.ID):
		return false
	}
	for _, tag := range f.Tags {
		if !slices.ContainsFunc(q.Tags, func(t string) bool { return strings.EqualFold(t, tag) }) {
			return false
		}
	}
	return true
}
