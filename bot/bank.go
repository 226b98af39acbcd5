package bot

import "slices"

// Bank is the read-only, in-memory set of questions the bot asks. It is built
// once at start from the prompts package (or an imported directory) and shared.
type Bank struct {
	questions []*Question
	byID      map[string]*Question
}

// NewBank indexes qs. IDs must be unique.
func NewBank(qs []*Question) (*Bank, error) {
	b := &Bank{byID: make(map[string]*Question, len(qs))}
	for _, q := range qs {
		if _, dup := b.byID[q.ID]; dup {
			return nil, Errorf(EINVALID, "Duplicate question id %q (%s).", q.ID, q.Source)
		}
		b.byID[q.ID] = q
		b.questions = append(b.questions, q)
	}
	return b, nil
}

// Find returns the question with id.
func (b *Bank) Find(id string) (*Question, error) {
	q, ok := b.byID[id]
	if !ok {
		return nil, Errorf(ENOTFOUND, "No question with id %q.", id)
	}
	return q, nil
}

// Filter returns the questions that match f, in bank order.
func (b *Bank) Filter(f QuestionFilter) []*Question {
	var out []*Question
	for _, q := range b.questions {
		if f.Match(q) {
			out = append(out, q)
		}
	}
	return out
}

// All returns every question in bank order.
func (b *Bank) All() []*Question { return slices.Clone(b.questions) }

// Len returns the number of questions.
func (b *Bank) Len() int { return len(b.questions) }

// Tracks returns the distinct tracks in bank order.
func (b *Bank) Tracks() []string {
	var out []string
	for _, q := range b.questions {
		if !slices.Contains(out, q.Track) {
			out = append(out, q.Track)
		}
	}
	return out
}
