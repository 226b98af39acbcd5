// Package storetest is the contract every bot.Store passes. Each engine's
// tests call Run with a function that opens a fresh, empty store, so the
// embedded engine and PostgreSQL are held to the same behaviour: the same
// error codes, the same orderings, the same round trips.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// Run runs the contract against stores made by open. open must return a new,
// empty, migrated store each time and close it when t ends; the subtests run
// in parallel, each with its own store.
func Run(t *testing.T, open func(t *testing.T) bot.Store) {
	groups := []struct {
		name string
		test func(t *testing.T, s bot.Store)
	}{
		{"UpsertMember", testUpsertMember},
		{"UpsertMemberInvalid", testUpsertMemberInvalid},
		{"UpsertMemberConcurrent", testUpsertMemberConcurrent},
		{"FindMemberNotFound", testFindMemberNotFound},
		{"AnswerRoundTrip", testAnswerRoundTrip},
		{"CreateAnswerRejects", testCreateAnswerRejects},
		{"OneAnswerPerPost", testOneAnswerPerPost},
		{"FindAnswerNotFound", testFindAnswerNotFound},
		{"GradesAppend", testGradesAppend},
		{"AddGradeRejects", testAddGradeRejects},
		{"ListAnswers", testListAnswers},
		{"SessionRoundTrip", testSessionRoundTrip},
		{"SaveTurn", testSaveTurn},
		{"SessionRejects", testSessionRejects},
		{"OneOpenSession", testOneOpenSession},
		{"FindOpenSession", testFindOpenSession},
		{"ListSessions", testListSessions},
		{"Canceled", testCanceled},
		{"Ping", testPing},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			g.test(t, open(t))
		})
	}
	for _, g := range dailyGroups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			g.test(t, daily(t, open(t)))
		})
	}
}

// seq makes names unique within a process, so helpers never collide.
var seq atomic.Int64

func next(prefix string) string { return fmt.Sprintf("%s-%d", prefix, seq.Add(1)) }

// MustMember upserts a new member with a unique key and returns it.
func MustMember(tb testing.TB, s bot.Store) *bot.Member {
	tb.Helper()
	m := &bot.Member{Key: bot.MemberKey{Platform: bot.PlatformSlack, Workspace: "T1", UserID: next("U")}, Name: "Ann", Lang: bot.LangEN}
	if err := s.UpsertMember(context.Background(), m); err != nil {
		tb.Fatalf("UpsertMember(%+v): %v", m.Key, err)
	}
	return m
}

// MustAnswer stores a new answer by memberID to question q and returns it.
func MustAnswer(tb testing.TB, s bot.Store, memberID int64, q string) *bot.Answer {
	tb.Helper()
	a := &bot.Answer{MemberID: memberID, QuestionID: q, Text: "An answer to " + q, Lang: bot.LangEN}
	if err := s.CreateAnswer(context.Background(), a); err != nil {
		tb.Fatalf("CreateAnswer(%s): %v", q, err)
	}
	return a
}

// MustGrade appends a grade with the given score to an answer and returns it.
func MustGrade(tb testing.TB, s bot.Store, answerID int64, score int) *bot.Grade {
	tb.Helper()
	g := &bot.Grade{AnswerID: answerID, Score: score, Stars: bot.StarsFor(score), Covered: []string{"kp1"},
		Grader: "rubric", GraderVersion: "1", RubricVersion: "1"}
	if err := s.AddGrade(context.Background(), g); err != nil {
		tb.Fatalf("AddGrade(answer %d, %d): %v", answerID, score, err)
	}
	return g
}

// MustSession stores a new session for memberID in the given state.
func MustSession(tb testing.TB, s bot.Store, memberID int64, state bot.SessionState) *bot.MockSession {
	tb.Helper()
	ms := &bot.MockSession{MemberID: memberID, Track: "go-backend", Lang: bot.LangZH, State: state,
		Plan: []string{"q1", "q2", "q3"}}
	if err := s.CreateSession(context.Background(), ms); err != nil {
		tb.Fatalf("CreateSession(member %d, %s): %v", memberID, state, err)
	}
	return ms
}

// wantCode fails unless err carries the bot error code want.
func wantCode(tb testing.TB, what string, err error, want string) {
	tb.Helper()
	if got := bot.ErrorCode(err); got != want {
		tb.Errorf("%s: error code %q (err %v), want %q", what, got, err, want)
	}
}

// wantUTC fails unless tm is set and in UTC, as every stored time must be.
func wantUTC(tb testing.TB, what string, tm time.Time) {
	tb.Helper()
	if tm.IsZero() || tm.Location() != time.UTC {
		tb.Errorf("%s = %v (location %v), want a non-zero UTC time", what, tm, tm.Location())
	}
}

// wantNear fails unless tm lies within [from, to] widened by a millisecond
// on each side for the storage precision.
func wantNear(tb testing.TB, what string, tm, from, to time.Time) {
	tb.Helper()
	if tm.Before(from.Add(-time.Millisecond)) || tm.After(to.Add(time.Millisecond)) {
		tb.Errorf("%s = %v, want between %v and %v", what, tm, from, to)
	}
}

// wantEqual fails with both values printed when got and want differ.
func wantEqual(tb testing.TB, what string, got, want any) {
	tb.Helper()
	if !reflect.DeepEqual(got, want) {
		tb.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

// wantNoErr fails the test now when err is not nil.
func wantNoErr(tb testing.TB, what string, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
}

func testPing(t *testing.T, s bot.Store) {
	wantNoErr(t, "Ping", s.Ping(context.Background()))
}

// testCanceled checks every method gives up on a canceled context with an
// error that says so, and returns no value with it.
func testCanceled(t *testing.T, s bot.Store) {
	m := MustMember(t, s)
	a := MustAnswer(t, s, m.ID, "q1")
	ms := MustSession(t, s, m.ID, bot.SessionActive)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		call func() (any, error)
	}{
		{"UpsertMember", func() (any, error) {
			n := &bot.Member{Key: bot.MemberKey{Platform: "slack", Workspace: "T1", UserID: next("U")}}
			err := s.UpsertMember(ctx, n)
			if n.ID != 0 {
				return n, err
			}
			return nil, err
		}},
		{"FindMember", func() (any, error) { return nilIfNil(s.FindMember(ctx, m.ID)) }},
		{"CreateAnswer", func() (any, error) {
			return nil, s.CreateAnswer(ctx, &bot.Answer{MemberID: m.ID, QuestionID: "q", Text: "x"})
		}},
		{"AddGrade", func() (any, error) {
			return nil, s.AddGrade(ctx, &bot.Grade{AnswerID: a.ID, Score: 50, Stars: 3, Grader: "rubric"})
		}},
		{"FindAnswer", func() (any, error) { return nilIfNil(s.FindAnswer(ctx, a.ID)) }},
		{"ListAnswers", func() (any, error) { return nilIfNilSlice(s.ListAnswers(ctx, m.ID, 10)) }},
		{"CreateSession", func() (any, error) {
			return nil, s.CreateSession(ctx, &bot.MockSession{MemberID: m.ID, Track: "t", State: bot.SessionFinished})
		}},
		{"UpdateSession", func() (any, error) { return nil, s.UpdateSession(ctx, ms) }},
		{"SaveTurn", func() (any, error) { return nil, s.SaveTurn(ctx, ms.ID, bot.Turn{QuestionID: "q1"}) }},
		{"FindSession", func() (any, error) { return nilIfNil(s.FindSession(ctx, ms.ID)) }},
		{"FindOpenSession", func() (any, error) { return nilIfNil(s.FindOpenSession(ctx, m.ID)) }},
		{"ListSessions", func() (any, error) { return nilIfNilSlice(s.ListSessions(ctx, m.ID, 10)) }},
		{"Ping", func() (any, error) { return nil, s.Ping(ctx) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.call()
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want one wrapping context.Canceled", err)
			}
			if got != nil {
				t.Errorf("returned %+v with the error, want nothing", got)
			}
		})
	}
	// Nothing was written by the canceled calls.
	answers, err := s.ListAnswers(context.Background(), m.ID, 0)
	wantNoErr(t, "ListAnswers", err)
	if len(answers) != 1 {
		t.Errorf("after canceled calls: %d answers, want 1", len(answers))
	}
}

// nilIfNil turns a typed nil into an untyped one so callers can compare
// results of different types with nil.
func nilIfNil[T any](v *T, err error) (any, error) {
	if v == nil {
		return nil, err
	}
	return v, err
}

// nilIfNilSlice is nilIfNil for lists.
func nilIfNilSlice[T any](v []T, err error) (any, error) {
	if v == nil {
		return nil, err
	}
	return v, err
}
