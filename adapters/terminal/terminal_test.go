package terminal

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

// fakeInterviews is a scripted use case: three questions in one round,
// recording every call; the *Err fields make a call fail.
type fakeInterviews struct {
	session  *bot.MockSession
	calls    []string
	answers  []string
	answerFn func(text string) error
	skipErr  error
}

func newFake(lang bot.Lang) *fakeInterviews {
	return &fakeInterviews{session: &bot.MockSession{ID: 9, Lang: lang, State: bot.SessionActive, Plan: []string{"q0", "q1", "q2"}}}
}

func (f *fakeInterviews) question(i int) *bot.Question {
	return &bot.Question{ID: f.session.Plan[i], Topic: "go-runtime", Difficulty: 2,
		Text:   bot.Text{ZH: "问题" + f.session.Plan[i], EN: "Question " + f.session.Plan[i]},
		Rubric: bot.Rubric{KeyPoints: []bot.KeyPoint{{ID: "alpha", Weight: 2}, {ID: "beta-gamma", Weight: 1}}}}
}

func (f *fakeInterviews) first() *bot.Step {
	return &bot.Step{Session: f.session, Next: f.prompt(true)}
}

func (f *fakeInterviews) prompt(newRound bool) *bot.Prompt {
	return &bot.Prompt{Question: f.question(f.session.Current), Index: f.session.Current, Total: 3, Round: bot.RoundBasics, NewRound: newRound}
}

func (f *fakeInterviews) advance(st *bot.Step) *bot.Step {
	f.session.Current++
	st.Session = f.session
	if f.session.Current == 3 {
		f.session.State = bot.SessionFinished
		st.Report = &bot.Report{SessionID: 9, Lang: f.session.Lang, Overall: 7.5, Verdict: bot.VerdictAnotherRound}
		return st
	}
	st.Next = f.prompt(false)
	return st
}

func (f *fakeInterviews) Answer(_ context.Context, _ int64, text string) (*bot.Step, error) {
	f.calls = append(f.calls, "answer")
	f.answers = append(f.answers, text)
	if f.answerFn != nil {
		if err := f.answerFn(text); err != nil {
			return nil, err
		}
	}
	return f.advance(&bot.Step{Graded: &bot.Grade{Score: 90, Stars: 5, Review: bot.Review{Strengths: []string{"clear"}, Gaps: []string{"missed beta"}}}}), nil
}

func (f *fakeInterviews) Retry(context.Context, int64) (*bot.Step, error) {
	f.calls = append(f.calls, "retry")
	return f.advance(&bot.Step{Graded: &bot.Grade{Score: 50, Stars: 3}}), nil
}

func (f *fakeInterviews) Skip(context.Context, int64) (*bot.Step, error) {
	f.calls = append(f.calls, "skip")
	if f.skipErr != nil {
		return nil, f.skipErr
	}
	return f.advance(&bot.Step{Skipped: true}), nil
}

func (f *fakeInterviews) Hint(context.Context, int64) (*bot.Step, error) {
	f.calls = append(f.calls, "hint")
	p := f.prompt(false)
	p.Hints = 1
	return &bot.Step{Session: f.session, Next: p, Hint: &bot.Hint{Number: 1, Names: []string{"alpha"}, Remaining: 0}}, nil
}

func (f *fakeInterviews) Pause(context.Context, int64) (*bot.Step, error) {
	f.calls = append(f.calls, "pause")
	f.session.State = bot.SessionPaused
	return &bot.Step{Session: f.session, Paused: true}, nil
}

// runScript runs the terminal over input and returns the fake and the output.
func runScript(t *testing.T, f *fakeInterviews, input string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := New(strings.NewReader(input), &out, f, nil).Run(context.Background(), 1, f.first())
	return out.String(), err
}

func TestRunBadInputThenFinish(t *testing.T) {
	f := newFake(bot.LangEN)
	input := "\n" + // empty answer
		"hint\n" + "hint\n" + // the second is refused: no hints left
		strings.Repeat("y", 1<<20) + "\n\n" + // a 1 MB paste
		"bad \xff\xfe\n\n" + // invalid UTF-8
		"first line\n  second line\n\n" +
		"skip\n" +
		"last answer"
	out, err := runScript(t, f, input)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	for _, want := range []string{
		"Round 1: technical basics",
		"Question 1/3 · Go runtime · difficulty ●●○ · q0",
		"That answer is empty",
		"Hint 1: think about alpha (0 hints left)",
		"No more hints for this question",
		"too long (1.0 MB; the limit is 64 KB)",
		"not valid UTF-8",
		"⭐⭐⭐⭐⭐  90/100", "✅ clear", "⚠️ missed beta",
		"⏭ Skipped.",
		"Mock interview report #9",
		"[✅] Pass, another round needed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
	if got, want := strings.Join(f.calls, ","), "hint,answer,skip,answer"; got != want {
		t.Errorf("calls = %s, want %s", got, want)
	}
	if len(f.answers) != 2 || f.answers[0] != "first line\n  second line" || f.answers[1] != "last answer" {
		t.Errorf("answers = %q, want the multi-line one and the last one", f.answers)
	}
	if strings.Contains(out, "Input ended") {
		t.Errorf("a finished interview should not be paused at EOF\n%s", out)
	}
}

func TestRunEOFPauses(t *testing.T) {
	f := newFake(bot.LangZH)
	out, err := runScript(t, f, "提示\n")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(f.calls, ","), "hint,pause"; got != want {
		t.Errorf("calls = %s, want %s", got, want)
	}
	for _, want := range []string{"第一轮：技术基础", "💡 提示 1", "输入已结束", "模拟面试 #9 已暂停在第 1/3 题", "interviewbot try"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
}

func TestRunCommandsInChinese(t *testing.T) {
	f := newFake(bot.LangZH)
	if _, err := runScript(t, f, "跳过\n退出\n"); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(f.calls, ","), "skip,pause"; got != want {
		t.Errorf("calls = %s, want %s", got, want)
	}
}

func TestRunGradingFailureRetries(t *testing.T) {
	f := newFake(bot.LangEN)
	fails := 1
	f.answerFn = func(string) error {
		if fails > 0 {
			fails--
			return bot.Errorf(bot.EUNAVAILABLE, "Your answer is saved, but grading it failed; try again.")
		}
		return nil
	}
	out, err := runScript(t, f, "an answer\n\n\nquit\n")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(f.calls, ","), "answer,retry,pause"; got != want {
		t.Errorf("calls = %s, want %s", got, want)
	}
	if !strings.Contains(out, "grading failed") || !strings.Contains(out, "Press Enter") {
		t.Errorf("output does not explain the grading failure\n%s", out)
	}
}

func TestRunStoreFailureStops(t *testing.T) {
	f := newFake(bot.LangEN)
	f.skipErr = errors.New("database is locked")
	out, err := runScript(t, f, "skip\nskip\n")
	if err == nil || !strings.Contains(err.Error(), "database is locked") {
		t.Fatalf("Run error = %v, want the store failure", err)
	}
	if got := strings.Join(f.calls, ","); got != "skip" {
		t.Errorf("calls = %s, want a single skip before stopping", got)
	}
	if !strings.Contains(out, "Internal error.") {
		t.Errorf("output lacks the generic message\n%s", out)
	}
}

func TestRunCancelledPauses(t *testing.T) {
	f := newFake(bot.LangEN)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	block := blockingReader{}
	if err := New(block, &out, f, nil).Run(ctx, 1, f.first()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.calls, ","); got != "pause" {
		t.Errorf("calls = %s, want pause", got)
	}
	if !strings.Contains(out.String(), "Interrupted.") || !strings.Contains(out.String(), "paused at question 1/3") {
		t.Errorf("output does not say it paused\n%s", out.String())
	}
}

// blockingReader never returns, like a terminal nobody types into.
type blockingReader struct{}

func (blockingReader) Read([]byte) (int, error) { select {} }
