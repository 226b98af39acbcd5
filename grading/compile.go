package grading

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/interviewbot/interviewbot/bot"
)

// compiled is a question analysed once for grading: the phrases of its key
// points and misconceptions, its reference and its own wording.
type compiled struct {
	rubric   bot.Rubric
	derived  bool // the key points come from the reference
	points   []compiledPoint
	mis      []compiledMis
	refs     []phrase // the reference answer in each language it has
	question []*Doc   // the question in each language it has
	vocab    map[string]bool
}

type compiledPoint struct {
	kp      bot.KeyPoint
	phrases []phrase // the listed phrases: a full match covers the point
	texts   []phrase // the point's own wording: matched partially
}

type compiledMis struct {
	m       bot.Misconception
	phrases []statement
}

// compileCache keeps compiled questions by content, so the bank's questions
// are analysed once and the batch command's repeated questions too. It is
// bounded: when full it starts over.
type compileCache struct {
	mu sync.Mutex
	m  map[string]*compiled
}

const maxCompiled = 1024

func (c *compileCache) get(key string) (*compiled, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *compileCache) put(key string, v *compiled) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCompiled {
		c.m = make(map[string]*compiled)
	}
	c.m[key] = v
}

// questionKey identifies a question's gradable content.
func questionKey(q *bot.Question, lang bot.Lang) string {
	parts := []string{q.ID, q.Rubric.Version, q.Text.ZH, q.Text.EN, q.Reference.ZH, q.Reference.EN, string(lang)}
	for _, kp := range q.Rubric.KeyPoints {
		parts = append(parts, kp.ID, strconv.FormatFloat(kp.Weight, 'g', -1, 64), kp.Point.ZH, kp.Point.EN)
		parts = append(parts, kp.Phrases...)
	}
	for _, m := range q.Rubric.Misconceptions {
		parts = append(parts, m.ID, m.Wrong.ZH, m.Wrong.EN)
		parts = append(parts, m.Phrases...)
	}
	return shortHash(parts...)
}

// compile analyses q. A question without key points gets a rubric derived
// from its reference in lang (or whichever language the reference has).
func (s *Scorer) compile(q *bot.Question, lang bot.Lang) (*compiled, error) {
	key := questionKey(q, lang)
	if c, ok := s.cache.get(key); ok {
		return c, nil
	}
	c := &compiled{rubric: q.Rubric, vocab: make(map[string]bool)}
	if len(c.rubric.KeyPoints) == 0 {
		ref := q.Reference.In(lang)
		if ref == "" {
			return nil, bot.Errorf(bot.EINVALID, "Question %q has neither key points nor a reference answer.", q.ID)
		}
		c.rubric = ReferenceRubric(ref, lang)
		c.derived = true
	}
	for _, t := range uniq(q.Text.ZH, q.Text.EN) {
		d, err := s.an.Analyze(t)
		if err != nil {
			return nil, err
		}
		c.question = append(c.question, d)
		c.addVocab(d)
	}
	qdoc := mergeDocs(c.question)
	analyze := func(text string) (phrase, error) {
		d, err := s.an.Analyze(text)
		if err != nil {
			return phrase{}, fmt.Errorf("analyse %q: %w", text, err)
		}
		c.addVocab(d)
		return newPhrase(d, qdoc), nil
	}
	for _, t := range uniq(q.Reference.ZH, q.Reference.EN) {
		p, err := analyze(t)
		if err != nil {
			return nil, err
		}
		c.refs = append(c.refs, p)
	}
	for _, kp := range c.rubric.KeyPoints {
		cp := compiledPoint{kp: kp}
		for _, text := range kp.Phrases {
			p, err := analyze(text)
			if err != nil {
				return nil, err
			}
			cp.phrases = append(cp.phrases, p)
		}
		for _, text := range uniq(kp.Point.ZH, kp.Point.EN) {
			p, err := analyze(text)
			if err != nil {
				return nil, err
			}
			cp.texts = append(cp.texts, p)
		}
		c.points = append(c.points, cp)
	}
	for _, m := range c.rubric.Misconceptions {
		cm := compiledMis{m: m}
		for _, text := range append(uniq(m.Wrong.ZH, m.Wrong.EN), m.Phrases...) {
			d, err := s.an.Analyze(text)
			if err != nil {
				return nil, err
			}
			cm.phrases = append(cm.phrases, newStatement(d))
		}
		c.mis = append(c.mis, cm)
	}
	s.cache.put(key, c)
	return c, nil
}

func (c *compiled) addVocab(d *Doc) {
	for _, t := range d.Terms {
		c.vocab[t] = true
	}
}

// mergeDocs joins the question's languages into one set of terms.
func mergeDocs(ds []*Doc) *Doc {
	m := &Doc{}
	for _, d := range ds {
		m.Terms = append(m.Terms, d.Terms...)
	}
	return m
}

// uniq returns the non-empty, distinct strings in order.
func uniq(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s == "" {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}
