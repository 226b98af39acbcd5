package llm

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sync"

	"github.com/interviewbot/interviewbot/bot"
)

// cacheKey identifies one grading: the same answer to the same question
// under the same rubric, with feedback in the same language, gets the same
// grade, so a re-delivered or re-graded answer costs no second LLM call.
type cacheKey struct {
	question string
	rubric   string
	lang     bot.Lang
	answer   [sha256.Size]byte
}

func keyFor(req bot.GradeRequest) cacheKey {
	return cacheKey{question: req.Question.ID, rubric: req.Question.Rubric.Version, lang: req.Lang, answer: sha256.Sum256([]byte(req.Answer))}
}

// short is the answer hash prefix that logs use to tie lines together
// without logging the answer.
func (k cacheKey) short() string { return hex.EncodeToString(k.answer[:6]) }

// cache is a bounded LRU of LLM-backed grades. Fallback grades are not
// cached: the next delivery should try the LLM again.
type cache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front is most recent; values are *entry
	items map[cacheKey]*list.Element
}

type entry struct {
	key   cacheKey
	grade *bot.Grade
}

func newCache(max int) *cache {
	return &cache{max: max, order: list.New(), items: map[cacheKey]*list.Element{}}
}

func (c *cache) get(k cacheKey) (*bot.Grade, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return cloneGrade(el.Value.(*entry).grade), true
}

func (c *cache) put(k cacheKey, g *bot.Grade) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[k]; ok {
		el.Value.(*entry).grade = cloneGrade(g)
		c.order.MoveToFront(el)
		return
	}
	c.items[k] = c.order.PushFront(&entry{key: k, grade: cloneGrade(g)})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*entry).key)
	}
}

func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// cloneGrade copies g deeply enough that a caller editing the result (the
// store sets ID and AnswerID) does not change the cached grade.
func cloneGrade(g *bot.Grade) *bot.Grade {
	c := *g
	c.Covered = slices.Clone(g.Covered)
	c.Missing = slices.Clone(g.Missing)
	c.Misconceptions = slices.Clone(g.Misconceptions)
	c.Flags = slices.Clone(g.Flags)
	c.Review.Strengths = slices.Clone(g.Review.Strengths)
	c.Review.Gaps = slices.Clone(g.Review.Gaps)
	c.Review.Suggestions = slices.Clone(g.Review.Suggestions)
	c.Review.Corrections = slices.Clone(g.Review.Corrections)
	return &c
}
