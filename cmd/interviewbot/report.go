package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/interviewbot/interviewbot/adapters/terminal"
)

// runReport prints the report of one of the terminal member's interviews; an
// unfinished one gets an interim report of the questions done so far.
func runReport(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "Usage: interviewbot report ID   (IDs are listed by interviewbot history)")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("want one interview ID, got %d arguments", fs.NArg())
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(fs.Arg(0), "#"), 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("interview ID %q is not a positive number (see interviewbot history)", fs.Arg(0))
	}
	cfg, err := loadConfig(env)
	if err != nil {
		return userError(err)
	}
	app, err := openApp(ctx, env, cfg)
	if err != nil {
		return userError(err)
	}
	defer app.Close()
	s, r, err := app.Interviews.Report(ctx, app.Member.ID, id)
	if err != nil {
		return userError(err)
	}
	terminal.RenderReport(env.Stdout, s, r)
	return nil
}
