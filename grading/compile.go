package grading

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
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
	qdoc     *Doc     // the terms of all of them, indexed before the first answer
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
	seed maphash.Seed
	mu   sync.Mutex
	m    map[uint64]*compiled
}

const maxCompiled = 1024

func (c *compileCache) get(key uint64) (*compiled, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *compileCache) put(key uint64, v *compiled) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCompiled {
		c.m = make(map[uint64]*compiled)
	}
	c.m[key] = v
}

// questionKey identifies a question's gradable content: every text the
// compiled form depends on, so an edited question is compiled again. It is
// hashed on every answer, hence maphash (seeded per Scorer) rather than
// building and hashing a list of strings.
func (c *compileCache) questionKey(q *bot.Question, lang bot.Lang) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	str := func(s string) {
		h.WriteString(s)
		h.WriteByte(0)
	}
	for _, s := range [...]string{q.ID, q.Rubric.Version, q.Text.ZH, q.Text.EN, q.Reference.ZH, q.Reference.EN, string(lang)} {
		str(s)
	}
	var num [8]byte
	for _, kp := range q.Rubric.KeyPoints {
		str(kp.ID)
		h.Write(binary.LittleEndian.AppendUint64(num[:0], math.Float64bits(kp.Weight)))
		str(kp.Point.ZH)
		str(kp.Point.EN)
		for _, p := range kp.Phrases {
			str(p)
		}
		h.WriteByte(1) // end of the key point's phrases
	}
	for _, m := range q.Rubric.Misconceptions {
		str(m.ID)
		str(m.Wrong.ZH)
		str(m.Wrong.EN)
		for _, p := range m.Phrases {
			str(p)
		}
		h.WriteByte(1)
	}
	return h.Sum64()
}

// compile analyses q. A question without key points gets a rubric derived
// from its reference in lang (or whichever language the reference has).
func (s *Scorer) compile(q *bot.Question, lang bot.Lang) (*compiled, error) {
	key := s.cache.questionKey(q, lang)
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
	qdoc.index() // built now: compiled docs are shared by concurrent gradings
	c.qdoc = qdoc
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
