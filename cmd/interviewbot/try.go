package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/interviewbot/interviewbot/adapters/terminal"
	"github.com/interviewbot/interviewbot/bot"
)

// runTry runs a mock interview in this terminal. An open (paused) interview
// is resumed unless --new abandons it; the language of a resumed interview is
// the one it started in.
func runTry(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("try", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	track := fs.String("track", bot.DefaultTrack, "question track")
	lang := fs.String("lang", "", "language of a new interview: zh or en (default $INTERVIEWBOT_LANG, else zh)")
	n := fs.Int("questions", bot.DefaultQuestions, fmt.Sprintf("number of questions, 1-%d, spread over three rounds", bot.MaxQuestions))
	fresh := fs.Bool("new", false, "abandon the open interview, if any, and start a new one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (see interviewbot try -h)", fs.Arg(0))
	}
	cfg, err := loadConfig(env)
	if err != nil {
		return userError(err)
	}
	if *lang != "" {
		if cfg.Lang, err = bot.ParseLang(*lang); err != nil {
			return userError(err)
		}
	}
	app, err := openApp(ctx, env, cfg)
	if err != nil {
		return userError(err)
	}
	defer app.Close()

	step, err := resumeOrStart(ctx, env, app, bot.StartOptions{Track: *track, Lang: cfg.Lang, Questions: *n}, *fresh)
	if err != nil {
		return userError(err)
	}
	t := terminal.New(env.Stdin, env.Stdout, app.Interviews, app.Log)
	return userError(t.Run(ctx, app.Member.ID, step))
}

// resumeOrStart resumes the member's open interview or starts a new one.
func resumeOrStart(ctx context.Context, env *Env, app *App, opts bot.StartOptions, fresh bool) (*bot.Step, error) {
	iv, member := app.Interviews, app.Member.ID
	if fresh {
		if err := iv.Abandon(ctx, member); err != nil {
			return nil, err
		}
	} else {
		step, err := iv.Resume(ctx, member)
		switch {
		case err == nil:
			return step, nil
		case bot.ErrorCode(err) != bot.ENOTFOUND:
			return nil, err
		case bot.ErrorMessage(err) != bot.MsgNoOpenSession:
			fmt.Fprintf(env.Stdout, "ℹ️  %s\n", bot.ErrorMessage(err)) // it expired
		}
	}
	return iv.Start(ctx, member, opts)
}
