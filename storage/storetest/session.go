package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

func testSessionRoundTrip(t *testing.T, s bot.Store) {
	ctx := context.Background()
	m := MustMember(t, s)
	ms := &bot.MockSession{MemberID: m.ID, Track: "go-backend", Lang: bot.LangZH, Plan: []string{"q1", "q2", "q3"}}
	before := time.Now()
	wantNoErr(t, "CreateSession", s.CreateSession(ctx, ms))
	after := time.Now()
	if ms.ID <= 0 {
		t.Fatalf("CreateSession filled ID %d, want > 0", ms.ID)
	}
	if ms.State != bot.SessionActive {
		t.Errorf("an empty State became %q, want %q", ms.State, bot.SessionActive)
	}
	wantUTC(t, "CreatedAt", ms.CreatedAt)
	wantNear(t, "CreatedAt", ms.CreatedAt, before, after)
	got, err := s.FindSession(ctx, ms.ID)
	wantNoErr(t, "FindSession", err)
	wantEqual(t, "FindSession after create", got, ms)

	ms.State, ms.Current = bot.SessionFinished, 2
	ms.Report = &bot.Report{
		SessionID: ms.ID, Lang: bot.LangZH,
		Dimensions: []bot.DimensionRating{{Dimension: "runtime", Rating: bot.RatingGood, Questions: 2}},
		Scores:     bot.ReportScores{TechnicalDepth: 7.5, EngineeringPractice: 6, SystemsThinking: 5.5, Communication: 8, Learning: 7},
		Overall:    6.8, Verdict: bot.VerdictAnotherRound,
		Suggestions: []string{"多读 runtime 源码 📚", "Practise explaining trade-offs"},
		CreatedAt:   time.Date(2025, 3, 4, 5, 6, 7, 123456000, time.UTC),
	}
	wantNoErr(t, "UpdateSession", s.UpdateSession(ctx, ms))
	wantUTC(t, "UpdatedAt", ms.UpdatedAt)
	if ms.UpdatedAt.Before(ms.CreatedAt) {
		t.Errorf("UpdatedAt %v is before CreatedAt %v", ms.UpdatedAt, ms.CreatedAt)
	}
	got, err = s.FindSession(ctx, ms.ID)
	wantNoErr(t, "FindSession", err)
	wantEqual(t, "FindSession after update", got, ms)
	wantUTC(t, "report CreatedAt", got.Report.CreatedAt)

	// UpdateSession stores only State, Current, Report and UpdatedAt.
	changed := *got
	changed.Track, changed.Plan, changed.State = "other", []string{"x"}, bot.SessionExpired
	wantNoErr(t, "UpdateSession", s.UpdateSession(ctx, &changed))
	got, err = s.FindSession(ctx, ms.ID)
	wantNoErr(t, "FindSession", err)
	if got.Track != ms.Track || len(got.Plan) != len(ms.Plan) || got.State != bot.SessionExpired {
		t.Errorf("after UpdateSession: track %q plan %v state %q, want %q %v %q",
			got.Track, got.Plan, got.State, ms.Track, ms.Plan, bot.SessionExpired)
	}

	// A session created with turns keeps them.
	a := MustAnswer(t, s, m.ID, "q1")
	withTurns := &bot.MockSession{MemberID: m.ID, Track: "t", State: bot.SessionPaused, Plan: []string{"q1", "q2"},
		Turns: []bot.Turn{{Index: 0, QuestionID: "q1", AnswerID: a.ID, Hints: 1}, {Index: 1, QuestionID: "q2", Skipped: true}}}
	wantNoErr(t, "CreateSession with turns", s.CreateSession(ctx, withTurns))
	got, err = s.FindSession(ctx, withTurns.ID)
	wantNoErr(t, "FindSession", err)
	wantEqual(t, "turns saved with the session", got.Turns, withTurns.Turns)
}

func testSaveTurn(t *testing.T, s bot.Store) {
	ctx := context.Background()
	m := MustMember(t, s)
	ms := MustSession(t, s, m.ID, bot.SessionActive)
	a1 := MustAnswer(t, s, m.ID, "q1")
	a2 := MustAnswer(t, s, m.ID, "q2")
	MustGrade(t, s, a2.ID, 30)
	g2 := MustGrade(t, s, a2.ID, 65)
	steps := []struct {
		name string
		turn bot.Turn
		want []bot.Turn
	}{
		{"skip the first question",
			bot.Turn{Index: 0, QuestionID: "q1", Skipped: true},
			[]bot.Turn{{Index: 0, QuestionID: "q1", Skipped: true}}},
		{"answer the third before the second",
			bot.Turn{Index: 2, QuestionID: "q3", AnswerID: a2.ID, Hints: 2},
			[]bot.Turn{{Index: 0, QuestionID: "q1", Skipped: true}, {Index: 2, QuestionID: "q3", AnswerID: a2.ID, Hints: 2, Grade: g2}}},
		{"replace the first: answered after all",
			bot.Turn{Index: 0, QuestionID: "q1", AnswerID: a1.ID, Hints: 1},
			[]bot.Turn{{Index: 0, QuestionID: "q1", AnswerID: a1.ID, Hints: 1}, {Index: 2, QuestionID: "q3", AnswerID: a2.ID, Hints: 2, Grade: g2}}},
		{"fill the second",
			bot.Turn{Index: 1, QuestionID: "q2", Skipped: true},
			[]bot.Turn{{Index: 0, QuestionID: "q1", AnswerID: a1.ID, Hints: 1}, {Index: 1, QuestionID: "q2", Skipped: true},
				{Index: 2, QuestionID: "q3", AnswerID: a2.ID, Hints: 2, Grade: g2}}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			wantNoErr(t, "SaveTurn", s.SaveTurn(ctx, ms.ID, st.turn))
			got, err := s.FindSession(ctx, ms.ID)
			wantNoErr(t, "FindSession", err)
			wantEqual(t, "turns", got.Turns, st.want)
		})
	}
	// A grade added later shows on the turn: turns carry the latest grade.
	g1 := MustGrade(t, s, a1.ID, 88)
	got, err := s.FindSession(ctx, ms.ID)
	wantNoErr(t, "FindSession", err)
	wantEqual(t, "turn 0 grade", got.Turns[0].Grade, g1)
}

func testSessionRejects(t *testing.T, s bot.Store) {
	ctx := context.Background()
	m := MustMember(t, s)
	ms := MustSession(t, s, m.ID, bot.SessionActive)
	missing := ms.ID + 1000
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"FindSession of an unknown id", errOf(s.FindSession(ctx, missing)), bot.ENOTFOUND},
		{"UpdateSession of an unknown id", s.UpdateSession(ctx, &bot.MockSession{ID: missing, State: bot.SessionFinished}), bot.ENOTFOUND},
		{"SaveTurn of an unknown session", s.SaveTurn(ctx, missing, bot.Turn{QuestionID: "q1"}), bot.ENOTFOUND},
		{"SaveTurn with an unknown answer", s.SaveTurn(ctx, ms.ID, bot.Turn{QuestionID: "q1", AnswerID: 999999}), bot.ENOTFOUND},
		{"SaveTurn with a negative index", s.SaveTurn(ctx, ms.ID, bot.Turn{Index: -1, QuestionID: "q1"}), bot.EINVALID},
		{"SaveTurn without a question", s.SaveTurn(ctx, ms.ID, bot.Turn{Index: 0}), bot.EINVALID},
		{"CreateSession for an unknown member", s.CreateSession(ctx, &bot.MockSession{MemberID: m.ID + 1000, Track: "t"}), bot.ENOTFOUND},
		{"CreateSession in an unknown state", s.CreateSession(ctx, &bot.MockSession{MemberID: m.ID, Track: "t", State: "dancing"}), bot.EINVALID},
		{"UpdateSession to an unknown state", s.UpdateSession(ctx, &bot.MockSession{ID: ms.ID, State: "dancing"}), bot.EINVALID},
		{"UpdateSession to a negative question", s.UpdateSession(ctx, &bot.MockSession{ID: ms.ID, State: bot.SessionActive, Current: -1}), bot.EINVALID},
	}
	for _, tt := range tests {
		wantCode(t, tt.name, tt.err, tt.want)
	}
	got, err := s.FindSession(ctx, ms.ID)
	wantNoErr(t, "FindSession", err)
	wantEqual(t, "session after rejected calls", got, ms)
}

// errOf drops the value of a call that is expected to fail.
func errOf[T any](_ T, err error) error { return err }

// testOneOpenSession checks a member has at most one active or paused
// session, so two deliveries of "start" cannot begin two interviews.
func testOneOpenSession(t *testing.T, s bot.Store) {
	ctx := context.Background()
	m := MustMember(t, s)
	first := MustSession(t, s, m.ID, bot.SessionPaused)
	second := &bot.MockSession{MemberID: m.ID, Track: "t", State: bot.SessionActive}
	wantCode(t, "CreateSession while one is paused", s.CreateSession(ctx, second), bot.ECONFLICT)
	if second.ID != 0 {
		t.Errorf("ID filled with %d on error, want 0", second.ID)
	}
	wantNoErr(t, "CreateSession of a finished one", s.CreateSession(ctx, &bot.MockSession{MemberID: m.ID, Track: "t", State: bot.SessionFinished}))
	MustSession(t, s, MustMember(t, s).ID, bot.SessionActive) // another member is not limited

	first.State = bot.SessionExpired
	wantNoErr(t, "UpdateSession to expired", s.UpdateSession(ctx, first))
	third := MustSession(t, s, m.ID, bot.SessionActive)
	first.State = bot.SessionActive
	wantCode(t, "UpdateSession reopening the expired one", s.UpdateSession(ctx, first), bot.ECONFLICT)
	got, err := s.FindOpenSession(ctx, m.ID)
	wantNoErr(t, "FindOpenSession", err)
	if got.ID != third.ID {
		t.Errorf("FindOpenSession = session %d, want %d", got.ID, third.ID)
	}
}

func testFindOpenSession(t *testing.T, s bot.Store) {
	ctx := context.Background()
	tests := []struct {
		name   string
		states []bot.SessionState // created in order; the last open one is found
		want   int                // index into states, -1 for ENOTFOUND
	}{
		{"no sessions", nil, -1},
		{"active", []bot.SessionState{bot.SessionActive}, 0},
		{"paused", []bot.SessionState{bot.SessionPaused}, 0},
		{"finished", []bot.SessionState{bot.SessionFinished}, -1},
		{"expired", []bot.SessionState{bot.SessionExpired}, -1},
		{"paused among finished", []bot.SessionState{bot.SessionFinished, bot.SessionPaused, bot.SessionExpired}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := MustMember(t, s)
			var made []*bot.MockSession
			for _, st := range tt.states {
				made = append(made, MustSession(t, s, m.ID, st))
			}
			if tt.want >= 0 {
				wantNoErr(t, "SaveTurn", s.SaveTurn(ctx, made[tt.want].ID, bot.Turn{Index: 0, QuestionID: "q1", Skipped: true}))
				made[tt.want].Turns = []bot.Turn{{Index: 0, QuestionID: "q1", Skipped: true}}
			}
			got, err := s.FindOpenSession(ctx, m.ID)
			if tt.want < 0 {
				wantCode(t, "FindOpenSession", err, bot.ENOTFOUND)
				if got != nil {
					t.Errorf("FindOpenSession = %+v with the error, want nil", got)
				}
				return
			}
			wantNoErr(t, "FindOpenSession", err)
			wantEqual(t, "FindOpenSession (with turns)", got, made[tt.want])
		})
	}
}

func testListSessions(t *testing.T, s bot.Store) {
	ctx := context.Background()
	ann, bo := MustMember(t, s), MustMember(t, s)
	var made []*bot.MockSession // in creation order
	for range 4 {
		ms := MustSession(t, s, ann.ID, bot.SessionFinished)
		wantNoErr(t, "SaveTurn", s.SaveTurn(ctx, ms.ID, bot.Turn{Index: 0, QuestionID: "q1", Skipped: true}))
		made = append(made, ms)
	}
	bos := MustSession(t, s, bo.ID, bot.SessionActive)
	tests := []struct {
		name   string
		member int64
		limit  int
		want   []*bot.MockSession
	}{
		{"all, newest first, without turns", ann.ID, 0, []*bot.MockSession{made[3], made[2], made[1], made[0]}},
		{"limit 3", ann.ID, 3, []*bot.MockSession{made[3], made[2], made[1]}},
		{"only the member's own", bo.ID, 10, []*bot.MockSession{bos}},
		{"a member without sessions", bo.ID + 1000, 10, []*bot.MockSession{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ListSessions(ctx, tt.member, tt.limit)
			wantNoErr(t, "ListSessions", err)
			if got == nil {
				t.Fatalf("ListSessions returned a nil slice, want an empty one")
			}
			for _, ms := range got {
				wantUTC(t, "CreatedAt", ms.CreatedAt)
				wantUTC(t, "UpdatedAt", ms.UpdatedAt)
			}
			wantEqual(t, "ListSessions", got, tt.want)
		})
	}
}
