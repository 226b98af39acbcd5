package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/interviewbot/interviewbot/adapters/terminal"
	"github.com/interviewbot/interviewbot/bot"
)

// runHistory lists the terminal member's mock interviews, newest first.
func runHistory(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("history", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	limit := fs.Int("limit", 20, "how many interviews to list")
	lang := fs.String("lang", "", "zh or en (default $INTERVIEWBOT_LANG, else zh)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (see interviewbot history -h)", fs.Arg(0))
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
	ss, err := app.Interviews.History(ctx, app.Member.ID, *limit)
	if err != nil {
		return userError(err)
	}
	return terminal.RenderHistory(env.Stdout, ss, cfg.Lang)
}
