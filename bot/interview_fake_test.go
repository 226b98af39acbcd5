package bot_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

// memStore is a hand-written in-memory bot.Store for the use-case tests. Its
// fail field makes a named method fail, to test what survives a failure.
type memStore struct {
	mu       sync.Mutex
	members  []*bot.Member
	answers  []*bot.Answer
	grades   []*bot.Grade
	sessions []*bot.MockSession
	turns    map[int64][]bot.Turn
	fail     map[string]error
	calls    []string
}

func newMemStore() *memStore {
	return &memStore{turns: map[int64][]bot.Turn{}, fail: map[string]error{}}
}

func (s *memStore) call(name string) error {
	s.calls = append(s.calls, name)
	return s.fail[name]
}

func (s *memStore) Ping(context.Context) error { return nil }
func (s *memStore) Close() error               { return nil }

func (s *memStore) UpsertMember(_ context.Context, m *bot.Member) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range s.members {
		if x.Key == m.Key {
			*m = *x
			return nil
		}
	}
	m.ID = int64(len(s.members) + 1)
	c := *m
	s.members = append(s.members, &c)
	return nil
}

func (s *memStore) FindMember(_ context.Context, id int64) (*bot.Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range s.members {
		if x.ID == id {
			c := *x
			return &c, nil
		}
	}
	return nil, bot.Errorf(bot.ENOTFOUND, "no member %d", id)
}

func (s *memStore) CreateAnswer(_ context.Context, a *bot.Answer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call("CreateAnswer"); err != nil {
		return err
	}
	a.ID = int64(len(s.answers) + 1)
	c := *a
	s.answers = append(s.answers, &c)
	return nil
}

func (s *memStore) AddGrade(_ context.Context, g *bot.Grade) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call("AddGrade"); err != nil {
		return err
	}
	g.ID = int64(len(s.grades) + 1)
	c := *g
	s.grades = append(s.grades, &c)
	return nil
}

func (s *memStore) latestGrade(answerID int64) *bot.Grade {
	for i := len(s.grades) - 1; i >= 0; i-- {
		if s.grades[i].AnswerID == answerID {
			c := *s.grades[i]
			return &c
		}
	}
	return nil
}

func (s *memStore) FindAnswer(_ context.Context, id int64) (*bot.Answer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.answers {
		if a.ID == id {
			c := *a
			c.Grade = s.latestGrade(id)
			return &c, nil
		}
	}
	return nil, bot.Errorf(bot.ENOTFOUND, "no answer %d", id)
}

func (s *memStore) ListAnswers(_ context.Context, memberID int64, limit int) ([]*bot.Answer, error) {
	return nil, fmt.Errorf("not used")
}

func (s *memStore) CreateSession(_ context.Context, m *bot.MockSession) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call("CreateSession"); err != nil {
		return err
	}
	m.ID = int64(len(s.sessions) + 1)
	c := *m
	c.Plan = slices.Clone(m.Plan)
	c.Turns = nil
	s.sessions = append(s.sessions, &c)
	return nil
}

func (s *memStore) UpdateSession(_ context.Context, m *bot.MockSession) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call("UpdateSession"); err != nil {
		return err
	}
	for _, x := range s.sessions {
		if x.ID == m.ID {
			x.State, x.Current, x.Report, x.UpdatedAt = m.State, m.Current, m.Report, m.UpdatedAt
			return nil
		}
	}
	return bot.Errorf(bot.ENOTFOUND, "no session %d", m.ID)
}

func (s *memStore) SaveTurn(_ context.Context, id int64, t bot.Turn) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call("SaveTurn"); err != nil {
		return err
	}
	ts := s.turns[id]
	t.Grade = nil // the store keeps grades with answers, like the real ones
	if i := slices.IndexFunc(ts, func(x bot.Turn) bool { return x.Index == t.Index }); i >= 0 {
		ts[i] = t
	} else {
		ts = append(ts, t)
	}
	s.turns[id] = ts
	return nil
}

func (s *memStore) session(x *bot.MockSession, withTurns bool) *bot.MockSession {
	c := *x
	c.Plan = slices.Clone(x.Plan)
	c.Turns = nil
	if withTurns {
		for _, t := range s.turns[x.ID] {
			if t.AnswerID != 0 {
				t.Grade = s.latestGrade(t.AnswerID)
			}
			c.Turns = append(c.Turns, t)
		}
	}
	return &c
}

func (s *memStore) FindSession(_ context.Context, id int64) (*bot.MockSession, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range s.sessions {
		if x.ID == id {
			return s.session(x, true), nil
		}
	}
	return nil, bot.Errorf(bot.ENOTFOUND, "no session %d", id)
}

func (s *memStore) FindOpenSession(_ context.Context, memberID int64) (*bot.MockSession, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range s.sessions {
		if x.MemberID == memberID && (x.State == bot.SessionActive || x.State == bot.SessionPaused) {
			return s.session(x, true), nil
		}
	}
	return nil, bot.Errorf(bot.ENOTFOUND, "no open session")
}

func (s *memStore) ListSessions(_ context.Context, memberID int64, limit int) ([]*bot.MockSession, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*bot.MockSession
	for i := len(s.sessions) - 1; i >= 0 && len(out) < limit; i-- {
		if s.sessions[i].MemberID == memberID {
			out = append(out, s.session(s.sessions[i], false))
		}
	}
	return out, nil
}

// fakeGrader grades with a function field; the default gives 100 to an
// answer that mentions every key point id and 20 otherwise.
type fakeGrader struct {
	GradeFn func(ctx context.Context, req bot.GradeRequest) (*bot.Grade, error)
}

func (g *fakeGrader) Grade(ctx context.Context, req bot.GradeRequest) (*bot.Grade, error) {
	return g.GradeFn(ctx, req)
}

// scoreByKeyPoints covers each key point whose id appears in the answer.
func scoreByKeyPoints(_ context.Context, req bot.GradeRequest) (*bot.Grade, error) {
	g := &bot.Grade{Grader: "fake"}
	for _, kp := range req.Question.Rubric.KeyPoints {
		if containsWord(req.Answer, kp.ID) {
			g.Covered = append(g.Covered, kp.ID)
		} else {
			g.Missing = append(g.Missing, kp.ID)
		}
	}
	g.Score = 100 * len(g.Covered) / max(1, len(req.Question.Rubric.KeyPoints))
	g.Stars = bot.StarsFor(g.Score)
	g.Review = bot.Review{Lang: req.Lang, Summary: fmt.Sprintf("%d/100", g.Score)}
	return g, nil
}

func containsWord(text, w string) bool { return slices.Contains(splitWords(text), w) }

func splitWords(s string) []string {
	var out []string
	cur := []rune{}
	for _, r := range s {
		if r == ' ' || r == '\n' || r == ',' || r == '.' {
			if len(cur) > 0 {
				out = append(out, string(cur))
			}
			cur = cur[:0]
			continue
		}
		cur = append(cur, r)
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}

// testQuestion builds a question in topic with key points kp1..kpN.
func testQuestion(id, topic string, difficulty, keyPoints int) *bot.Question {
	q := &bot.Question{ID: id, Track: "go-backend", Topic: topic, Difficulty: difficulty,
		Text:      bot.Text{ZH: "问题 " + id, EN: "Question " + id},
		Reference: bot.Text{ZH: "参考 " + id, EN: "Reference " + id},
		FollowUps: []bot.Text{{ZH: "追问 " + id, EN: "Follow-up " + id}}}
	for i := 1; i <= keyPoints; i++ {
		q.Rubric.KeyPoints = append(q.Rubric.KeyPoints, bot.KeyPoint{
			ID: fmt.Sprintf("kp%d", i), Weight: float64(keyPoints - i + 1),
			Point: bot.Text{ZH: fmt.Sprintf("要点 %d", i), EN: fmt.Sprintf("point %d", i)}})
	}
	q.Rubric.Misconceptions = []bot.Misconception{{ID: "wrong1",
		Wrong: bot.Text{ZH: "错误", EN: "wrong"}, Correction: bot.Text{ZH: "更正 " + id, EN: "correction " + id}}}
	return q
}

// testBank has questions in every round and several topics and difficulties.
func testBank(tb testing.TB) *bot.Bank {
	tb.Helper()
	var qs []*bot.Question
	topics := []string{"go-runtime", "go-concurrency", "networking", "databases", "distributed", "system-design", "microservices", "coding"}
	for _, t := range topics {
		for d := 1; d <= 3; d++ {
			qs = append(qs, testQuestion(fmt.Sprintf("%s-%d", t, d), t, d, 4))
		}
	}
	b, err := bot.NewBank(qs)
	if err != nil {
		tb.Fatalf("NewBank: %v", err)
	}
	return b
}
