package bot_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

type harness struct {
	iv    *bot.Interviews
	store *memStore
	grade *fakeGrader
	clock *clock
	bank  *bot.Bank
}

// MustHarness builds Interviews over an in-memory store, a key-point grader,
// a fixed clock and a seeded random source.
func MustHarness(tb testing.TB, seed uint64) *harness {
	tb.Helper()
	h := &harness{store: newMemStore(), grade: &fakeGrader{GradeFn: scoreByKeyPoints},
		clock: &clock{time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}, bank: testBank(tb)}
	iv, err := bot.NewInterviews(bot.InterviewsConfig{Store: h.store, Grader: h.grade, Bank: h.bank,
		Now: h.clock.Now, Rand: rand.New(rand.NewPCG(seed, 7)), IdleTimeout: time.Hour})
	if err != nil {
		tb.Fatalf("NewInterviews: %v", err)
	}
	h.iv = iv
	return h
}

// MustStart starts a session of n questions for member 1.
func (h *harness) MustStart(tb testing.TB, n int) *bot.Step {
	tb.Helper()
	step, err := h.iv.Start(context.Background(), 1, bot.StartOptions{Lang: bot.LangEN, Questions: n})
	if err != nil {
		tb.Fatalf("Start: %v", err)
	}
	return step
}

// goodAnswer names every key point of q, so the fake grader gives 100.
func goodAnswer(q *bot.Question) string {
	var ids []string
	for _, kp := range q.Rubric.KeyPoints {
		ids = append(ids, kp.ID)
	}
	return "My answer covers " + strings.Join(ids, ", ") + ". It is organised. It has three sentences and enough words to read as a considered answer to the question that was asked in the interview today, with reasons."
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := bot.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func TestInterviewsFullRun(t *testing.T) {
	ctx := context.Background()
	h := MustHarness(t, 1)
	step := h.MustStart(t, 6)
	if got := len(step.Session.Plan); got != 6 {
		t.Fatalf("plan has %d questions, want 6", got)
	}
	var rounds []bot.Round
	var banners []int
	for step.Report == nil {
		p := step.Next
		if p == nil {
			t.Fatalf("step without next question or report: %+v", step)
		}
		rounds = append(rounds, p.Round)
		if p.NewRound {
			banners = append(banners, p.Index)
		}
		var err error
		step, err = h.iv.Answer(ctx, 1, goodAnswer(p.Question))
		if err != nil {
			t.Fatalf("Answer %d: %v", p.Index, err)
		}
		if step.Graded == nil || step.Graded.Score != 100 {
			t.Fatalf("Answer %d: graded = %+v, want score 100", p.Index, step.Graded)
		}
		// Every step is stored before it is returned.
		stored, err := h.store.FindSession(ctx, step.Session.ID)
		if err != nil {
			t.Fatal(err)
		}
		if step.Next != nil && stored.Current != step.Next.Index {
			t.Fatalf("stored Current = %d, want %d (the question being asked)", stored.Current, step.Next.Index)
		}
	}
	if want := []bot.Round{1, 1, 2, 2, 3, 3}; !slices.Equal(rounds, want) {
		t.Errorf("rounds asked = %v, want %v", rounds, want)
	}
	if want := []int{0, 2, 4}; !slices.Equal(banners, want) {
		t.Errorf("round banners before questions %v, want %v", banners, want)
	}
	stored, err := h.store.FindSession(ctx, step.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.State != bot.SessionFinished || stored.Report == nil {
		t.Fatalf("stored state = %s, report = %v; want finished with a report", stored.State, stored.Report)
	}
	if got := stored.Report.Verdict; got != bot.VerdictStrongHire {
		t.Errorf("verdict after perfect answers = %s, want %s (report %+v)", got, bot.VerdictStrongHire, stored.Report)
	}
	if _, err := h.iv.Answer(ctx, 1, "more"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("Answer after finish: err = %v, want ENOTFOUND", err)
	}
}

func TestInterviewsPlanIsDeterministic(t *testing.T) {
	a := MustHarness(t, 42).MustStart(t, 9).Session.Plan
	b := MustHarness(t, 42).MustStart(t, 9).Session.Plan
	if !slices.Equal(a, b) {
		t.Fatalf("same seed gave different plans:\n%v\n%v", a, b)
	}
}

func TestInterviewsValidation(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // part of the message
	}{
		{"empty", "", "empty"},
		{"blank", " \n\t\n", "empty"},
		{"too long", strings.Repeat("a", bot.MaxAnswerBytes+1), "limit is 64 KB"},
		{"invalid utf-8", "goroutine \xff\xfe", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := MustHarness(t, 1)
			h.MustStart(t, 3)
			_, err := h.iv.Answer(context.Background(), 1, tt.text)
			wantCode(t, err, bot.EINVALID)
			if msg := bot.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message = %q, want it to contain %q", msg, tt.want)
			}
			if len(h.store.answers) != 0 {
				t.Errorf("stored %d answers, want none", len(h.store.answers))
			}
		})
	}
}

func TestInterviewsGradingFailureKeepsTheAnswer(t *testing.T) {
	ctx := context.Background()
	h := MustHarness(t, 1)
	first := h.MustStart(t, 3)
	h.grade.GradeFn = func(context.Context, bot.GradeRequest) (*bot.Grade, error) {
		return nil, errors.New("grader exploded")
	}
	_, err := h.iv.Answer(ctx, 1, goodAnswer(first.Next.Question))
	wantCode(t, err, bot.EUNAVAILABLE)
	if !strings.Contains(bot.ErrorMessage(err), "saved") {
		t.Errorf("message %q should say the answer is saved", bot.ErrorMessage(err))
	}
	if len(h.store.answers) != 1 {
		t.Fatalf("stored %d answers, want 1", len(h.store.answers))
	}

	// Resuming shows the same question with a pending answer; Retry grades it.
	step, err := h.iv.Resume(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !step.Pending || step.Next.Index != 0 {
		t.Fatalf("resume: pending = %v, index = %d; want pending answer on question 0", step.Pending, step.Next.Index)
	}
	h.grade.GradeFn = scoreByKeyPoints
	step, err = h.iv.Retry(ctx, 1)
	if err != nil {
		t.Fatalf("Retry: %v", err)
	}
	if step.Graded == nil || step.Graded.AnswerID != h.store.answers[0].ID || step.Next.Index != 1 {
		t.Fatalf("retry: graded = %+v, next = %d; want the stored answer graded and question 1 next", step.Graded, step.Next.Index)
	}
	if len(h.store.answers) != 1 {
		t.Errorf("retry stored %d answers, want still 1", len(h.store.answers))
	}
}

func TestInterviewsCrashBetweenTurnAndSessionResumes(t *testing.T) {
	ctx := context.Background()
	h := MustHarness(t, 1)
	first := h.MustStart(t, 3)
	h.store.fail["UpdateSession"] = errors.New("disk full")
	if _, err := h.iv.Answer(ctx, 1, goodAnswer(first.Next.Question)); err == nil {
		t.Fatal("Answer succeeded although UpdateSession failed")
	}
	delete(h.store.fail, "UpdateSession")
	step, err := h.iv.Resume(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if step.Next.Index != 1 {
		t.Fatalf("resumed at question %d, want 1 (question 0 was graded and stored)", step.Next.Index)
	}
}

func TestInterviewsSkipHintPauseResume(t *testing.T) {
	ctx := context.Background()
	h := MustHarness(t, 1)
	first := h.MustStart(t, 3)

	step, err := h.iv.Hint(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := step.Hint.Names, []string{"kp1", "kp2"}; !slices.Equal(got, want) {
		t.Errorf("hint 1 names %v, want %v (heaviest first)", got, want)
	}
	if step.Hint.Remaining != 1 || step.Next.Question.ID != first.Next.Question.ID {
		t.Errorf("hint 1: remaining %d on %s, want 1 on %s", step.Hint.Remaining, step.Next.Question.ID, first.Next.Question.ID)
	}
	if step, err = h.iv.Hint(ctx, 1); err != nil || !slices.Equal(step.Hint.Names, []string{"kp3", "kp4"}) {
		t.Fatalf("hint 2 = %+v, %v; want kp3, kp4", step, err)
	}
	_, err = h.iv.Hint(ctx, 1)
	wantCode(t, err, bot.EINVALID)

	if step, err = h.iv.Pause(ctx, 1); err != nil || !step.Paused {
		t.Fatalf("Pause = %+v, %v", step, err)
	}
	stored, _ := h.store.FindSession(ctx, step.Session.ID)
	if stored.State != bot.SessionPaused {
		t.Fatalf("stored state after pause = %s, want paused", stored.State)
	}

	step, err = h.iv.Resume(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !step.Resumed || !step.Next.NewRound || step.Next.Hints != 2 || step.Next.Index != 0 {
		t.Fatalf("resume = %+v, want question 0 with its banner and 2 hints counted", step.Next)
	}
	step, err = h.iv.Skip(ctx, 1)
	if err != nil || !step.Skipped || step.Next.Index != 1 {
		t.Fatalf("Skip = %+v, %v; want skipped and question 1 next", step, err)
	}
	stored, _ = h.store.FindSession(ctx, step.Session.ID)
	if len(stored.Turns) != 1 || !stored.Turns[0].Skipped || stored.Turns[0].Hints != 2 {
		t.Errorf("stored turns = %+v, want one skipped turn with 2 hints", stored.Turns)
	}
}

func TestInterviewsStartConflictAndAbandon(t *testing.T) {
	ctx := context.Background()
	h := MustHarness(t, 1)
	h.MustStart(t, 3)
	_, err := h.iv.Start(ctx, 1, bot.StartOptions{})
	wantCode(t, err, bot.ECONFLICT)
	if err := h.iv.Abandon(ctx, 1); err != nil {
		t.Fatal(err)
	}
	step := h.MustStart(t, 3)
	if step.Session.ID != 2 {
		t.Errorf("new session id = %d, want 2", step.Session.ID)
	}
	if h.store.sessions[0].State != bot.SessionExpired {
		t.Errorf("abandoned session state = %s, want expired", h.store.sessions[0].State)
	}
}

func TestInterviewsExpireIdle(t *testing.T) {
	ctx := context.Background()
	h := MustHarness(t, 1)
	h.MustStart(t, 3)
	h.clock.t = h.clock.t.Add(59 * time.Minute)
	if _, err := h.iv.Resume(ctx, 1); err != nil {
		t.Fatalf("resume within the idle timeout: %v", err)
	}
	h.clock.t = h.clock.t.Add(61 * time.Minute)
	_, err := h.iv.Resume(ctx, 1)
	wantCode(t, err, bot.ENOTFOUND)
	if !strings.Contains(bot.ErrorMessage(err), "expired") {
		t.Errorf("message %q should say it expired", bot.ErrorMessage(err))
	}
	if got := h.store.sessions[0].State; got != bot.SessionExpired {
		t.Errorf("stored state = %s, want expired", got)
	}
}

func TestInterviewsStartOptions(t *testing.T) {
	tests := []struct {
		name string
		opts bot.StartOptions
		code string
	}{
		{"too many", bot.StartOptions{Questions: bot.MaxQuestions + 1}, bot.EINVALID},
		{"negative", bot.StartOptions{Questions: -1}, bot.EINVALID},
		{"unknown track", bot.StartOptions{Track: "cobol"}, bot.EINVALID},
		{"unknown lang", bot.StartOptions{Lang: "fr"}, bot.EINVALID},
		{"defaults", bot.StartOptions{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := MustHarness(t, 1)
			step, err := h.iv.Start(context.Background(), 1, tt.opts)
			wantCode(t, err, tt.code)
			if err == nil && (len(step.Session.Plan) != bot.DefaultQuestions || step.Session.Lang != bot.LangZH) {
				t.Errorf("defaults: %d questions in %s, want %d in zh", len(step.Session.Plan), step.Session.Lang, bot.DefaultQuestions)
			}
		})
	}
}

func TestInterviewsInterimReport(t *testing.T) {
	ctx := context.Background()
	h := MustHarness(t, 1)
	step := h.MustStart(t, 3)
	if _, err := h.iv.Answer(ctx, 1, goodAnswer(step.Next.Question)); err != nil {
		t.Fatal(err)
	}
	s, r, err := h.iv.Report(ctx, 1, step.Session.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.State != bot.SessionActive || len(r.Dimensions) != 1 {
		t.Errorf("interim report: state %s, %d dimensions; want active with 1", s.State, len(r.Dimensions))
	}
	_, _, err = h.iv.Report(ctx, 2, step.Session.ID)
	wantCode(t, err, bot.ENOTFOUND)
}

func TestPlanInterviewMixesTopicsAndDifficulty(t *testing.T) {
	bank := testBank(t)
	for seed := uint64(0); seed < 20; seed++ {
		plan := bot.PlanInterview(bank.All(), 6, nil, rand.New(rand.NewPCG(seed, 1)))
		topics := map[string]bool{}
		diffs := map[int]bool{}
		for _, id := range plan {
			q, _ := bank.Find(id)
			topics[q.Topic] = true
			diffs[q.Difficulty] = true
		}
		if len(plan) != 6 || len(topics) < 5 || len(diffs) < 2 {
			t.Errorf("seed %d: plan %v has %d topics and %d difficulties, want 6 questions over >= 5 topics and >= 2 difficulties", seed, plan, len(topics), len(diffs))
		}
	}
}

func TestPlanInterviewAvoidsRecentAndFillsShortRounds(t *testing.T) {
	bank := testBank(t)
	basics := bank.Filter(bot.QuestionFilter{Round: bot.RoundBasics})
	var avoid []string
	for _, q := range basics[:len(basics)-2] {
		avoid = append(avoid, q.ID)
	}
	plan := bot.PlanInterview(basics, 3, avoid, rand.New(rand.NewPCG(1, 1)))
	if len(plan) != 3 {
		t.Fatalf("plan = %v, want 3 questions from a one-round pool", plan)
	}
	fresh := 0
	for _, id := range plan {
		if !slices.Contains(avoid, id) {
			fresh++
		}
	}
	if fresh != 2 {
		t.Errorf("plan %v uses %d fresh questions, want both fresh ones", plan, fresh)
	}
}

func TestRoundQuota(t *testing.T) {
	tests := []struct{ n, r1, r2, r3 int }{{10, 4, 3, 3}, {6, 2, 2, 2}, {4, 2, 1, 1}, {1, 1, 0, 0}}
	for _, tt := range tests {
		q := bot.RoundQuota(tt.n)
		if q[bot.RoundBasics] != tt.r1 || q[bot.RoundArchitecture] != tt.r2 || q[bot.RoundEngineering] != tt.r3 {
			t.Errorf("RoundQuota(%d) = %v, want %d/%d/%d", tt.n, q, tt.r1, tt.r2, tt.r3)
		}
	}
}
