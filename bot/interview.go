package bot

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// DefaultIdleTimeout is how long an open mock interview may sit untouched
// before it expires. A week lets someone pause on Friday and resume on Monday.
const DefaultIdleTimeout = 7 * 24 * time.Hour

// InterviewsConfig is what the mock-interview use case needs. Store, Grader
// and Bank are required; the rest have defaults.
type InterviewsConfig struct {
	Store  Store
	Grader Grader
	Bank   *Bank
	// Now is the clock; tests inject a fixed one. Default time.Now.
	Now func() time.Time
	// Rand picks the questions; a seeded one gives a reproducible plan.
	// Default: seeded from Now.
	Rand *rand.Rand
	// IdleTimeout expires sessions untouched for longer. Default DefaultIdleTimeout.
	IdleTimeout time.Duration
	Log         *slog.Logger
}

// Interviews runs mock interviews as a persisted state machine: every step is
// stored before the step is returned, so whatever the adapter shows next is
// already durable and a crash or a closed terminal resumes where it stopped.
// A member has at most one open (active or paused) session, so every method
// is keyed by the member.
type Interviews struct {
	store  Store
	grader Grader
	bank   *Bank
	now    func() time.Time
	idle   time.Duration
	log    *slog.Logger

	rndMu sync.Mutex // *rand.Rand is not safe for concurrent use
	rnd   *rand.Rand

	locks memberLocks
}

// NewInterviews checks the dependencies and fills in defaults.
func NewInterviews(c InterviewsConfig) (*Interviews, error) {
	if c.Store == nil || c.Grader == nil || c.Bank == nil {
		return nil, Errorf(EINTERNAL, "Interviews needs a store, a grader and a question bank.")
	}
	iv := &Interviews{store: c.Store, grader: c.Grader, bank: c.Bank, now: c.Now, idle: c.IdleTimeout, log: c.Log, rnd: c.Rand}
	if iv.now == nil {
		iv.now = time.Now
	}
	if iv.idle <= 0 {
		iv.idle = DefaultIdleTimeout
	}
	if iv.log == nil {
		iv.log = slog.New(slog.DiscardHandler)
	}
	if iv.rnd == nil {
		seed := uint64(iv.now().UnixNano())
		iv.rnd = rand.New(rand.NewPCG(seed, seed>>1|1))
	}
	return iv, nil
}

// StartOptions describe a new mock interview.
type StartOptions struct {
	Track     string // default "go-backend"
	Lang      Lang   // default LangZH
	Questions int    // default DefaultQuestions, at most MaxQuestions
}

// MsgNoOpenSession is the ENOTFOUND message when the member simply has no
// open interview, so callers can tell it from "it just expired".
const MsgNoOpenSession = "You have no mock interview in progress; start one."

// DefaultTrack is the track asked when none is given.
const DefaultTrack = "go-backend"

// Step is what the member sees after an action, in display order: a review of
// the answer just given (or a note that it was skipped), a hint, then either
// the next question, a pause notice or the final report.
type Step struct {
	Session *MockSession
	Resumed bool   // the session was reopened by Resume
	Graded  *Grade // the review of the answer just given
	Skipped bool   // the previous question was skipped
	Hint    *Hint
	Paused  bool
	// Pending is set when the current question has a stored answer that
	// still needs grading (grading failed earlier); Retry grades it.
	Pending bool
	Next    *Prompt // the question to answer now; nil when paused or finished
	Report  *Report // set when the interview just finished
}

// Prompt is a question as it is asked in a mock interview.
type Prompt struct {
	Question *Question
	Index    int // 0-based position in the plan
	Total    int
	Round    Round
	NewRound bool // the round changed (or the session just started or resumed): show a banner
	Hints    int  // hints already given on this question
}

// Start plans and stores a new mock interview for the member. It fails with
// ECONFLICT when the member already has an open one: resume it or Abandon it.
func (iv *Interviews) Start(ctx context.Context, memberID int64, opts StartOptions) (*Step, error) {
	unlock := iv.locks.lock(memberID)
	defer unlock()
	opts, pool, err := iv.startOptions(opts)
	if err != nil {
		return nil, err
	}
	open, err := iv.openSession(ctx, memberID)
	if err == nil {
		return nil, Errorf(ECONFLICT, "You already have mock interview #%d in progress: resume it, or start a new one to abandon it.", open.ID)
	} else if ErrorCode(err) != ENOTFOUND {
		return nil, err
	}
	avoid, err := iv.recentQuestions(ctx, memberID)
	if err != nil {
		return nil, err
	}
	iv.rndMu.Lock()
	plan := PlanInterview(pool, opts.Questions, avoid, iv.rnd)
	iv.rndMu.Unlock()
	now := iv.now().UTC()
	s := &MockSession{MemberID: memberID, Track: opts.Track, Lang: opts.Lang, State: SessionActive, Plan: plan, CreatedAt: now, UpdatedAt: now}
	if err := iv.store.CreateSession(ctx, s); err != nil {
		return nil, fmt.Errorf("create session: %w", err)
	}
	iv.log.Info("mock interview started", "session_id", s.ID, "member_id", memberID, "track", s.Track, "questions", len(plan))
	return iv.ask(s, true)
}

// startOptions fills defaults and checks the options against the bank,
// returning the track's questions.
func (iv *Interviews) startOptions(o StartOptions) (StartOptions, []*Question, error) {
	if o.Track == "" {
		o.Track = DefaultTrack
	}
	if o.Lang == "" {
		o.Lang = LangZH
	}
	if o.Lang != LangZH && o.Lang != LangEN {
		return o, nil, Errorf(EINVALID, "Unknown language %q: use zh or en.", o.Lang)
	}
	if o.Questions == 0 {
		o.Questions = DefaultQuestions
	}
	if o.Questions < 1 || o.Questions > MaxQuestions {
		return o, nil, Errorf(EINVALID, "A mock interview has 1 to %d questions, not %d.", MaxQuestions, o.Questions)
	}
	pool := iv.bank.Filter(QuestionFilter{Track: o.Track})
	if len(pool) == 0 {
		return o, nil, Errorf(EINVALID, "No questions for track %q; available tracks: %v.", o.Track, iv.bank.Tracks())
	}
	o.Questions = min(o.Questions, len(pool))
	return o, pool, nil
}

// recentQuestions lists the questions of the member's last few sessions, so
// a new session prefers questions they have not seen yet.
func (iv *Interviews) recentQuestions(ctx context.Context, memberID int64) ([]string, error) {
	ss, err := iv.store.ListSessions(ctx, memberID, 3)
	if err != nil {
		return nil, fmt.Errorf("list recent sessions: %w", err)
	}
	var ids []string
	for _, s := range ss {
		ids = append(ids, s.Plan...)
	}
	return ids, nil
}

// Resume reopens the member's open session at the question it stopped on.
// It fails with ENOTFOUND when there is none (or it just expired).
func (iv *Interviews) Resume(ctx context.Context, memberID int64) (*Step, error) {
	unlock := iv.locks.lock(memberID)
	defer unlock()
	s, err := iv.openSession(ctx, memberID)
	if err != nil {
		return nil, err
	}
	if s.State == SessionFinished {
		return &Step{Session: s, Resumed: true, Report: s.Report}, nil
	}
	step, err := iv.ask(s, true)
	if err != nil {
		return nil, err
	}
	step.Resumed = true
	return step, nil
}

// Answer stores text as the answer to the current question, then grades it,
// stores the grade and the turn, and moves on. The answer is stored before
// grading: when grading fails the error says so and Retry grades it later.
func (iv *Interviews) Answer(ctx context.Context, memberID int64, text string) (*Step, error) {
	if err := ValidateAnswer(text); err != nil {
		return nil, err
	}
	unlock := iv.locks.lock(memberID)
	defer unlock()
	s, err := iv.openSession(ctx, memberID)
	if err != nil {
		return nil, err
	}
	q, turn, err := iv.current(s)
	if err != nil {
		return nil, err
	}
	a := &Answer{MemberID: memberID, QuestionID: q.ID, SessionID: s.ID, Text: text, Lang: s.Lang}
	if err := iv.store.CreateAnswer(ctx, a); err != nil {
		return nil, fmt.Errorf("store answer: %w", err)
	}
	turn.AnswerID = a.ID
	if err := iv.saveTurn(ctx, s, turn); err != nil {
		return nil, err
	}
	return iv.grade(ctx, s, q, turn, a)
}

// Retry grades the stored answer to the current question again after a
// grading failure.
func (iv *Interviews) Retry(ctx context.Context, memberID int64) (*Step, error) {
	unlock := iv.locks.lock(memberID)
	defer unlock()
	s, err := iv.openSession(ctx, memberID)
	if err != nil {
		return nil, err
	}
	q, turn, err := iv.current(s)
	if err != nil {
		return nil, err
	}
	if turn.AnswerID == 0 {
		return nil, Errorf(EINVALID, "There is no saved answer waiting to be graded; answer the question first.")
	}
	a, err := iv.store.FindAnswer(ctx, turn.AnswerID)
	if err != nil {
		return nil, fmt.Errorf("find answer %d: %w", turn.AnswerID, err)
	}
	return iv.grade(ctx, s, q, turn, a)
}

// grade grades a stored answer, stores the grade and the turn, and advances.
func (iv *Interviews) grade(ctx context.Context, s *MockSession, q *Question, turn Turn, a *Answer) (*Step, error) {
	g, err := iv.grader.Grade(ctx, GradeRequest{Question: q, Answer: a.Text, Lang: s.Lang, MemberID: s.MemberID})
	if err != nil {
		iv.log.Warn("grading failed", "session_id", s.ID, "answer_id", a.ID, "question_id", q.ID, "err", err)
		return nil, fmt.Errorf("%w: %w", Errorf(EUNAVAILABLE, "Your answer is saved, but grading it failed; try again."), err)
	}
	g.AnswerID = a.ID
	if err := iv.store.AddGrade(ctx, g); err != nil {
		return nil, fmt.Errorf("store grade for answer %d: %w", a.ID, err)
	}
	turn.Grade = g
	if err := iv.saveTurn(ctx, s, turn); err != nil {
		return nil, err
	}
	step, err := iv.advance(ctx, s)
	if err != nil {
		return nil, err
	}
	step.Graded = g
	return step, nil
}

// Skip records the current question as skipped and moves on.
func (iv *Interviews) Skip(ctx context.Context, memberID int64) (*Step, error) {
	unlock := iv.locks.lock(memberID)
	defer unlock()
	s, err := iv.openSession(ctx, memberID)
	if err != nil {
		return nil, err
	}
	_, turn, err := iv.current(s)
	if err != nil {
		return nil, err
	}
	turn.Skipped = true
	if err := iv.saveTurn(ctx, s, turn); err != nil {
		return nil, err
	}
	step, err := iv.advance(ctx, s)
	if err != nil {
		return nil, err
	}
	step.Skipped = true
	return step, nil
}

// Hint names the next key points of the current question and counts the
// hint in the turn; the report weighs hinted answers a little less.
func (iv *Interviews) Hint(ctx context.Context, memberID int64) (*Step, error) {
	unlock := iv.locks.lock(memberID)
	defer unlock()
	s, err := iv.openSession(ctx, memberID)
	if err != nil {
		return nil, err
	}
	q, turn, err := iv.current(s)
	if err != nil {
		return nil, err
	}
	maxHints := MaxHints(q)
	if turn.Hints >= maxHints {
		return nil, Errorf(EINVALID, "No more hints: all %d have been given for this question.", maxHints)
	}
	turn.Hints++
	if err := iv.saveTurn(ctx, s, turn); err != nil {
		return nil, err
	}
	if err := iv.touch(ctx, s, SessionActive); err != nil {
		return nil, err
	}
	step, err := iv.ask(s, false)
	if err != nil {
		return nil, err
	}
	step.Hint = &Hint{Number: turn.Hints, Names: HintFor(q, turn.Hints, s.Lang), Remaining: maxHints - turn.Hints}
	return step, nil
}

// Pause stores the session as paused; Resume (or any answer) reopens it.
func (iv *Interviews) Pause(ctx context.Context, memberID int64) (*Step, error) {
	unlock := iv.locks.lock(memberID)
	defer unlock()
	s, err := iv.openSession(ctx, memberID)
	if err != nil {
		return nil, err
	}
	if err := iv.touch(ctx, s, SessionPaused); err != nil {
		return nil, err
	}
	iv.log.Info("mock interview paused", "session_id", s.ID, "member_id", memberID, "current", s.Current)
	return &Step{Session: s, Paused: true}, nil
}

// Abandon closes the member's open session without a report, so a new one
// can start. It is not an error when there is none.
func (iv *Interviews) Abandon(ctx context.Context, memberID int64) error {
	unlock := iv.locks.lock(memberID)
	defer unlock()
	s, err := iv.openSession(ctx, memberID)
	if ErrorCode(err) == ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	return iv.touch(ctx, s, SessionExpired)
}

// Report returns one of the member's sessions with its report: the stored one
// when the interview finished, otherwise an interim report of the turns so far.
func (iv *Interviews) Report(ctx context.Context, memberID, sessionID int64) (*MockSession, *Report, error) {
	s, err := iv.store.FindSession(ctx, sessionID)
	if err != nil {
		return nil, nil, fmt.Errorf("find session %d: %w", sessionID, err)
	}
	if s.MemberID != memberID {
		return nil, nil, Errorf(ENOTFOUND, "No mock interview #%d of yours.", sessionID)
	}
	if s.Report != nil {
		return s, s.Report, nil
	}
	r, err := iv.buildReport(ctx, s)
	if err != nil {
		return nil, nil, err
	}
	return s, r, nil
}

// History lists the member's sessions, newest first.
func (iv *Interviews) History(ctx context.Context, memberID int64, limit int) ([]*MockSession, error) {
	ss, err := iv.store.ListSessions(ctx, memberID, limit)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	return ss, nil
}

// openSession loads the member's open session, expiring it when it sat idle
// too long, reactivating it when paused, and repairing Current after a crash
// between storing a turn and storing the session.
func (iv *Interviews) openSession(ctx context.Context, memberID int64) (*MockSession, error) {
	s, err := iv.store.FindOpenSession(ctx, memberID)
	if err != nil {
		if ErrorCode(err) == ENOTFOUND {
			return nil, Errorf(ENOTFOUND, MsgNoOpenSession)
		}
		return nil, fmt.Errorf("find open session: %w", err)
	}
	if idle := iv.now().Sub(s.UpdatedAt); idle > iv.idle {
		if err := iv.touch(ctx, s, SessionExpired); err != nil {
			return nil, err
		}
		iv.log.Info("mock interview expired", "session_id", s.ID, "member_id", memberID, "idle", idle.String())
		return nil, Errorf(ENOTFOUND, "Mock interview #%d expired after %s without activity; start a new one.", s.ID, iv.idle)
	}
	repaired := false
	for s.Current < len(s.Plan) {
		t, ok := turnAt(s, s.Current)
		if !ok || !t.done() {
			break
		}
		s.Current++
		repaired = true
	}
	switch {
	case s.Current >= len(s.Plan):
		if err := iv.finish(ctx, s); err != nil {
			return nil, err
		}
	case repaired || s.State == SessionPaused:
		if err := iv.touch(ctx, s, SessionActive); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// current returns the question being asked and its turn so far.
func (iv *Interviews) current(s *MockSession) (*Question, Turn, error) {
	if s.State == SessionFinished {
		return nil, Turn{}, Errorf(ECONFLICT, "Mock interview #%d is already finished.", s.ID)
	}
	q, err := iv.bank.Find(s.Plan[s.Current])
	if err != nil {
		return nil, Turn{}, fmt.Errorf("session %d question %d: %w", s.ID, s.Current, err)
	}
	t, ok := turnAt(s, s.Current)
	if !ok {
		t = Turn{Index: s.Current, QuestionID: q.ID}
	}
	return q, t, nil
}

// advance moves past the current question and stores the session; after the
// last question it builds and stores the report.
func (iv *Interviews) advance(ctx context.Context, s *MockSession) (*Step, error) {
	s.Current++
	if s.Current >= len(s.Plan) {
		if err := iv.finish(ctx, s); err != nil {
			return nil, err
		}
		return &Step{Session: s, Report: s.Report}, nil
	}
	if err := iv.touch(ctx, s, SessionActive); err != nil {
		return nil, err
	}
	step, err := iv.ask(s, false)
	if err != nil {
		return nil, err
	}
	prev, err := iv.bank.Find(s.Plan[s.Current-1])
	step.Next.NewRound = err != nil || prev.Round() != step.Next.Round
	return step, nil
}

// finish builds the report from the stored turns and stores the session as
// finished.
func (iv *Interviews) finish(ctx context.Context, s *MockSession) error {
	r, err := iv.buildReport(ctx, s)
	if err != nil {
		return err
	}
	s.Report = r
	s.Current = len(s.Plan)
	if err := iv.touch(ctx, s, SessionFinished); err != nil {
		return err
	}
	iv.log.Info("mock interview finished", "session_id", s.ID, "member_id", s.MemberID, "overall", r.Overall, "verdict", string(r.Verdict))
	return nil
}

// buildReport gathers each planned question with its turn and answer text
// and hands them to BuildReport.
func (iv *Interviews) buildReport(ctx context.Context, s *MockSession) (*Report, error) {
	in := ReportInput{SessionID: s.ID, Lang: s.Lang, Now: iv.now().UTC()}
	for i, id := range s.Plan {
		t, ok := turnAt(s, i)
		if !ok || !t.done() {
			continue
		}
		q, err := iv.bank.Find(id)
		if err != nil {
			iv.log.Warn("question left the bank; leaving it out of the report", "session_id", s.ID, "question_id", id)
			continue
		}
		item := ReportItem{Question: q, Skipped: t.Skipped, Hints: t.Hints, Grade: t.Grade}
		if t.AnswerID != 0 && !t.Skipped {
			a, err := iv.store.FindAnswer(ctx, t.AnswerID)
			if err != nil {
				return nil, fmt.Errorf("find answer %d for report: %w", t.AnswerID, err)
			}
			item.Answer = a.Text
		}
		in.Items = append(in.Items, item)
	}
	return BuildReport(in), nil
}

// ask returns a step that asks the current question.
func (iv *Interviews) ask(s *MockSession, newRound bool) (*Step, error) {
	q, t, err := iv.current(s)
	if err != nil {
		return nil, err
	}
	p := &Prompt{Question: q, Index: s.Current, Total: len(s.Plan), Round: q.Round(), NewRound: newRound, Hints: t.Hints}
	return &Step{Session: s, Next: p, Pending: t.AnswerID != 0 && t.Grade == nil}, nil
}

// saveTurn stores t and mirrors it into s.Turns.
func (iv *Interviews) saveTurn(ctx context.Context, s *MockSession, t Turn) error {
	if err := iv.store.SaveTurn(ctx, s.ID, t); err != nil {
		return fmt.Errorf("save turn %d of session %d: %w", t.Index, s.ID, err)
	}
	i := slices.IndexFunc(s.Turns, func(x Turn) bool { return x.Index == t.Index })
	if i < 0 {
		s.Turns = append(s.Turns, t)
	} else {
		s.Turns[i] = t
	}
	return nil
}

// touch stores the session in state with a fresh UpdatedAt.
func (iv *Interviews) touch(ctx context.Context, s *MockSession, state SessionState) error {
	s.State = state
	s.UpdatedAt = iv.now().UTC()
	if err := iv.store.UpdateSession(ctx, s); err != nil {
		return fmt.Errorf("update session %d: %w", s.ID, err)
	}
	return nil
}

// turnAt finds the turn for plan position i.
func turnAt(s *MockSession, i int) (Turn, bool) {
	for _, t := range s.Turns {
		if t.Index == i {
			return t, true
		}
	}
	return Turn{}, false
}

// done reports whether the turn is over: answered and graded, or skipped.
func (t Turn) done() bool { return t.Skipped || t.Grade != nil }

// memberLocks serialises actions per member, so two quick messages from one
// person cannot both answer the same question, while different members
// never wait for each other.
type memberLocks struct {
	mu    sync.Mutex
	locks map[int64]*memberLock
}

type memberLock struct {
	mu   sync.Mutex
	refs int
}

// lock locks the member and returns the unlock function.
func (l *memberLocks) lock(memberID int64) func() {
	l.mu.Lock()
	if l.locks == nil {
		l.locks = make(map[int64]*memberLock)
	}
	ml := l.locks[memberID]
	if ml == nil {
		ml = &memberLock{}
		l.locks[memberID] = ml
	}
	ml.refs++
	l.mu.Unlock()
	ml.mu.Lock()
	return func() {
		ml.mu.Unlock()
		l.mu.Lock()
		if ml.refs--; ml.refs == 0 {
			delete(l.locks, memberID)
		}
		l.mu.Unlock()
	}
}
