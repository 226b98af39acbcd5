// Package terminal runs a mock interview on a text stream: it renders the
// bot's steps as plain text (zh or en) and reads answers, one multi-line
// answer at a time, from an io.Reader. It is the adapter behind
// `interviewbot try`, and, like every adapter, it only talks to bot.
package terminal

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/interviewbot/interviewbot/bot"
)

// Interviews is the part of the mock-interview use case the terminal drives;
// *bot.Interviews implements it.
type Interviews interface {
	Answer(ctx context.Context, memberID int64, text string) (*bot.Step, error)
	Retry(ctx context.Context, memberID int64) (*bot.Step, error)
	Skip(ctx context.Context, memberID int64) (*bot.Step, error)
	Hint(ctx context.Context, memberID int64) (*bot.Step, error)
	Pause(ctx context.Context, memberID int64) (*bot.Step, error)
}

// Terminal is one interactive session on a pair of streams.
type Terminal struct {
	in  *lineReader
	out io.Writer
	iv  Interviews
	log *slog.Logger
}

// New returns a terminal reading answers from in and writing to out. One line
// may be as long as bot.MaxAnswerBytes; longer ones are refused, not kept.
func New(in io.Reader, out io.Writer, iv Interviews, log *slog.Logger) *Terminal {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Terminal{in: newLineReader(in, bot.MaxAnswerBytes), out: out, iv: iv, log: log}
}

// command is a line the member types instead of an answer.
type command int

const (
	cmdNone command = iota
	cmdSkip
	cmdHint
	cmdQuit
	cmdRetry
)

// commands maps what may be typed, in either language, on a line by itself.
var commands = map[string]command{
	"skip": cmdSkip, "/skip": cmdSkip, "跳过": cmdSkip,
	"hint": cmdHint, "/hint": cmdHint, "提示": cmdHint,
	"quit": cmdQuit, "/quit": cmdQuit, "exit": cmdQuit, "退出": cmdQuit, "暂停": cmdQuit,
	"retry": cmdRetry, "/retry": cmdRetry, "重试": cmdRetry,
}

// Run shows first and then loops: read an answer or a command, hand it to the
// use case, show the step it returns. It returns nil when the interview is
// finished or paused (quit, end of input, or ctx cancelled: the session is
// paused and the member told how to resume), and an error only when a step
// fails for a reason the member cannot fix, such as the store being down.
func (t *Terminal) Run(ctx context.Context, memberID int64, first *bot.Step) error {
	r := &run{Terminal: t, memberID: memberID, lang: first.Session.Lang}
	r.show(first, nil)
	lines := t.readLines(ctx)
	var ans answer
	for !r.over {
		if ans.empty() {
			fmt.Fprint(t.out, "> ")
		}
		var l line
		select {
		case <-ctx.Done():
			fmt.Fprintf(t.out, "\n%s", msgInterrupt.In(r.lang))
			r.pause(context.WithoutCancel(ctx))
			continue
		case l = <-lines:
		}
		text := strings.TrimSuffix(l.text, "\r")
		switch {
		case l.err != nil:
			if !ans.empty() {
				r.submit(ctx, &ans)
			}
			if !r.over {
				if l.err != io.EOF {
					t.log.Warn("read answer", "err", l.err)
				}
				fmt.Fprintf(t.out, "\n%s", msgInputGone.In(r.lang))
				r.pause(ctx)
			}
		case ans.empty():
			r.begin(ctx, text, l.size, &ans)
		case text == "":
			r.submit(ctx, &ans)
		default:
			ans.add(text, l.size)
		}
	}
	return r.err
}

// readLines reads input on its own goroutine, so a cancelled context (^C)
// is noticed while a read blocks.
func (t *Terminal) readLines(ctx context.Context) <-chan line {
	lines := make(chan line)
	go func() {
		for {
			l := t.in.next()
			select {
			case lines <- l:
			case <-ctx.Done():
				return
			}
			if l.err != nil {
				return
			}
		}
	}()
	return lines
}

// answer collects the lines of one answer, keeping at most the cap plus one
// byte: enough to say how long it was without holding a huge paste.
type answer struct {
	lines []string
	size  int // bytes, newlines between lines included
}

func (a *answer) empty() bool { return a.size == 0 && len(a.lines) == 0 }

func (a *answer) add(text string, size int) {
	if !a.empty() {
		a.size++
	}
	a.size += size
	if a.size <= bot.MaxAnswerBytes+1 {
		a.lines = append(a.lines, text)
	}
}

func (a *answer) reset() { *a = answer{} }

// run is the state of one Run call.
type run struct {
	*Terminal
	memberID int64
	lang     bot.Lang
	prompt   *bot.Prompt // the question being answered
	pending  bool        // a stored answer waits for grading
	over     bool        // finished, paused, or failed
	err      error       // why it failed
}

// begin handles the first line of an answer: a command, a blank line, or
// the start of the answer.
func (r *run) begin(ctx context.Context, text string, size int, ans *answer) {
	trimmed := strings.TrimSpace(text)
	cmd := commands[strings.ToLower(trimmed)]
	if trimmed == "" && r.pending {
		cmd = cmdRetry
	}
	switch cmd {
	case cmdQuit:
		r.pause(ctx)
	case cmdSkip:
		r.show(r.iv.Skip(ctx, r.memberID))
	case cmdHint:
		if p := r.prompt; p != nil && p.Hints >= bot.MaxHints(p.Question) {
			fmt.Fprintf(r.out, "%s\n", msgNoHints.In(r.lang))
			return
		}
		r.show(r.iv.Hint(ctx, r.memberID))
	case cmdRetry:
		r.show(r.iv.Retry(ctx, r.memberID))
	default:
		if trimmed == "" {
			fmt.Fprintf(r.out, "%s\n", msgEmpty.In(r.lang))
			return
		}
		ans.add(text, size)
	}
}

// submit checks one answer and sends it; a refused answer is explained and
// nothing is sent, so the member simply types it again.
func (r *run) submit(ctx context.Context, ans *answer) {
	text, size := strings.Join(ans.lines, "\n"), ans.size
	ans.reset()
	switch {
	case size > bot.MaxAnswerBytes:
		fmt.Fprintf(r.out, msgTooLong.In(r.lang)+"\n", bot.FormatBytes(size), bot.FormatBytes(bot.MaxAnswerBytes))
	case bot.CheckAnswer(text) == bot.AnswerInvalidUTF8:
		fmt.Fprintf(r.out, "%s\n", msgBadUTF8.In(r.lang))
	case bot.CheckAnswer(text) == bot.AnswerEmpty:
		fmt.Fprintf(r.out, "%s\n", msgEmpty.In(r.lang))
	default:
		r.show(r.iv.Answer(ctx, r.memberID, text))
	}
}

// pause stores the session as paused and says how to resume.
func (r *run) pause(ctx context.Context) {
	r.show(r.iv.Pause(ctx, r.memberID))
	r.over = true
}

// show renders a step or words an error. A grading failure leaves the answer
// pending, so an empty line retries it; a problem the member can fix is
// explained; anything else ends the run with the error.
func (r *run) show(st *bot.Step, err error) {
	if err != nil {
		switch bot.ErrorCode(err) {
		case bot.EUNAVAILABLE:
			r.pending = true
			fmt.Fprintf(r.out, msgGradeFail.In(r.lang)+"\n", bot.ErrorMessage(err))
		case bot.EINVALID:
			fmt.Fprintf(r.out, msgProblem.In(r.lang)+"\n", bot.ErrorMessage(err))
		default:
			fmt.Fprintf(r.out, msgProblem.In(r.lang)+"\n", bot.ErrorMessage(err))
			r.log.Error("mock interview step failed", "member_id", r.memberID, "err", err)
			r.err, r.over = err, true
		}
		return
	}
	RenderStep(r.out, st)
	r.lang = st.Session.Lang
	r.pending = st.Pending
	r.prompt = st.Next
	r.over = r.over || st.Report != nil || st.Paused
}
