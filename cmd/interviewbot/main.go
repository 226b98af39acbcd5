// Command interviewbot runs the interview-practice bot: a mock interview in the
// terminal, the chat adapters, and the admin tools around the question bank
// and the history.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // schedules name IANA zones; a scratch image has no zoneinfo

	"github.com/interviewbot/interviewbot/bot"
)

// Env is what a subcommand may touch of the process, passed in so the
// end-to-end tests can run commands in-process with their own streams.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

func commands() []command {
	return []command{
		{"try", "run a mock interview in this terminal", runTry},
		{"history", "list your past mock interviews", runHistory},
		{"report", "show the report of mock interview ID", runReport},
		{"questions", "list, lint or import the question bank (questions list|lint|import)", runQuestionsAdmin},
		{"grade", "grade answers in bulk (grade --jsonl < in > out)", runGrade},
		{"migrate", "apply database migrations and exit", runMigrate},
		{"serve", "run the chat adapters, the daily scheduler and the job queue", runServe},
		{"export", "export answer history as CSV or JSON (export [--format csv|json] [--member KEY])", runExport},
		{"forget", "delete everything stored about a person (forget PLATFORM:WORKSPACE:USER)", runForget},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	code := run(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and turns its error into an exit code.
func run(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.Stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			if err := c.run(ctx, env, args[1:]); err != nil {
				fmt.Fprintf(env.Stderr, "interviewbot %s: %s\n", c.name, errorText(err))
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(env.Stderr, "interviewbot: unknown command %q\n\n", args[0])
	usage(env.Stderr)
	return 2
}

// errorText shows a user the message of an application error and the full
// wrapped chain of anything else, which is the most a user can act on.
func errorText(err error) string {
	if bot.ErrorCode(err) != bot.EINTERNAL {
		return bot.ErrorMessage(err)
	}
	return err.Error()
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: interviewbot <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
}
