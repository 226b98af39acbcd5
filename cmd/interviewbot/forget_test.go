package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// adminFixture is what seedHistory stored: two people with daily answers,
// grades and mock interviews.
type adminFixture struct {
	ada, bob  *bot.Member
	adaOpen   int64 // ada's active interview, kept by retention
	questions []string
}

// seedHistory stores for ada (slack:T1:UADA) a finished and an active mock
// interview with graded answers and a graded daily answer, and for bob a
// graded daily answer, all through the store's own methods.
func seedHistory(t *testing.T, st adminStore) adminFixture {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	f := adminFixture{questions: []string{"go-method-sets", "net-tcp-vs-udp"},
		ada: &bot.Member{Key: bot.MemberKey{Platform: bot.PlatformSlack, Workspace: "T1", UserID: "UADA"}, Name: "Ada", Lang: bot.LangEN},
		bob: &bot.Member{Key: bot.MemberKey{Platform: bot.PlatformSlack, Workspace: "T1", UserID: "UBOB"}, Name: "Bob", Lang: bot.LangZH}}
	must(st.UpsertMember(ctx, f.ada))
	must(st.UpsertMember(ctx, f.bob))
	grade := func(answerID int64, score int) *bot.Grade {
		return &bot.Grade{AnswerID: answerID, Score: score, Stars: bot.StarsFor(score), Grader: "rubric", Review: bot.Review{Lang: bot.LangEN}}
	}
	for i, state := range []bot.SessionState{bot.SessionFinished, bot.SessionActive} {
		s := &bot.MockSession{MemberID: f.ada.ID, Track: "backend", Lang: bot.LangEN, State: bot.SessionActive, Plan: f.questions}
		must(st.CreateSession(ctx, s))
		a := &bot.Answer{MemberID: f.ada.ID, QuestionID: f.questions[0], SessionID: s.ID, Text: "mock answer, with a comma", Lang: bot.LangEN}
		must(st.CreateAnswer(ctx, a))
		must(st.AddGrade(ctx, grade(a.ID, 40+i)))
		must(st.SaveTurn(ctx, s.ID, bot.Turn{Index: 0, QuestionID: f.questions[0], AnswerID: a.ID}))
		s.State, s.Current = state, 1
		must(st.UpdateSession(ctx, s))
		if state == bot.SessionActive {
			f.adaOpen = s.ID
		}
	}
	ch := &bot.Channel{Key: bot.ChannelKey{Platform: bot.PlatformSlack, Workspace: "T1", ChannelID: "C1"}, Timezone: "UTC"}
	must(st.UpsertChannel(ctx, ch))
	p := &bot.Post{ChannelID: ch.ID, Kind: bot.PostQuestion, LocalDate: "2026-03-02", QuestionID: f.questions[1], ClosesAt: time.Now().Add(time.Hour)}
	must(st.CreatePost(ctx, p))
	must(st.MarkPostSent(ctx, p.ID, "1700000000.000100", time.Now()))
	for i, m := range []*bot.Member{f.ada, f.bob} {
		pa := &bot.PostAnswer{Answer: bot.Answer{MemberID: m.ID, QuestionID: f.questions[1], PostID: p.ID, Text: "daily \"quoted\"\nanswer", Lang: m.Lang}}
		must(st.CreatePostAnswer(ctx, pa))
		must(st.GradePostAnswer(ctx, grade(pa.ID, 70+i), 7+i, 1))
	}
	return f
}

// runAdmin runs a command in-process with vars as its whole environment.
func runAdmin(t *testing.T, vars []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env := map[string]string{}
	for _, kv := range vars {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	var out, errs bytes.Buffer
	code = run(context.Background(), &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: envMap(env)}, args)
	return code, out.String(), errs.String()
}

func TestForgetSQLite(t *testing.T)   { runForgetScenario(t, MustSQLiteDB(t)) }
func TestForgetPostgres(t *testing.T) { runForgetScenario(t, MustPostgresDB(t)) }

// runForgetScenario forgets ada and checks that nothing of hers is left
// (member, answers, grades, interviews, stats) while bob keeps everything.
func runForgetScenario(t *testing.T, db serveDB) {
	ctx := context.Background()
	st := db.open(t)
	f := seedHistory(t, st)
	bobBefore, err := st.MemberTotals(ctx, f.bob.ID)
	if err != nil {
		t.Fatal(err)
	}

	code, out, errs := runAdmin(t, db.vars, "forget", "slack:T1:UADA")
	if code != 0 {
		t.Fatalf("forget exited %d: %s", code, errs)
	}
	if want := "forgot slack:T1:UADA: 3 answers (with their grades), 2 mock interviews\n"; out != want {
		t.Errorf("forget printed %q, want %q", out, want)
	}
	if _, err := st.FindMember(ctx, f.ada.ID); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("FindMember(ada) after forget = %v, want ENOTFOUND", err)
	}
	if _, err := st.FindSession(ctx, f.adaOpen); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("ada's interview after forget: %v, want ENOTFOUND", err)
	}
	rows, err := st.ExportHistory(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Member != f.bob.Key || !rows[0].Graded || rows[0].Score != 71 {
		t.Errorf("history after forget = %+v, want bob's one graded answer", rows)
	}
	bobAfter, err := st.MemberTotals(ctx, f.bob.ID)
	if err != nil || bobAfter.Points != bobBefore.Points || bobAfter.Answers != 1 {
		t.Errorf("bob's totals %+v (%v) changed from %+v", bobAfter, err, bobBefore)
	}
	lb, err := st.Leaderboard(ctx, 1, "2026-03-01", "2026-03-08", 0)
	if err != nil || len(lb) != 1 || lb[0].Member.ID != f.bob.ID {
		t.Errorf("leaderboard after forget = %+v (%v), want bob alone", lb, err)
	}

	// Forgetting again, or someone never seen, says so and fails.
	if code, _, errs := runAdmin(t, db.vars, "forget", "slack:T1:UADA"); code == 0 || !strings.Contains(errs, "No member slack:T1:UADA") {
		t.Errorf("second forget: exit %d, stderr %q", code, errs)
	}
	for _, bad := range [][]string{{"forget"}, {"forget", "UADA"}, {"forget", "irc:x:y"}} {
		if code, _, _ := runAdmin(t, db.vars, bad...); code == 0 {
			t.Errorf("%v exited 0", bad)
		}
	}
}

func TestRetentionSQLite(t *testing.T)   { runRetentionScenario(t, MustSQLiteDB(t)) }
func TestRetentionPostgres(t *testing.T) { runRetentionScenario(t, MustPostgresDB(t)) }

// runRetentionScenario prunes with a cutoff after everything was written:
// answers and the finished interview go; the interview still in progress
// keeps its answer; members stay.
func runRetentionScenario(t *testing.T, db serveDB) {
	ctx := context.Background()
	st := db.open(t)
	f := seedHistory(t, st)
	if p, err := st.PruneHistory(ctx, time.Now().Add(-time.Hour)); err != nil || p.Answers != 0 || p.Sessions != 0 {
		t.Fatalf("prune before anything is old = %+v, %v; want nothing", p, err)
	}
	p, err := st.PruneHistory(ctx, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if p.Answers != 3 || p.Sessions != 1 {
		t.Errorf("pruned %+v, want 3 answers (two daily, one of the finished interview) and 1 interview", p)
	}
	rows, err := st.ExportHistory(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].SessionID != f.adaOpen {
		t.Errorf("history after prune = %+v, want only the answer of the open interview %d", rows, f.adaOpen)
	}
	if _, err := st.FindMember(ctx, f.bob.ID); err != nil {
		t.Errorf("bob after prune: %v", err)
	}
}
