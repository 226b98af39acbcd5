package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/interviewbot/interviewbot/bot"
)

// runForget deletes everything stored about one person: the member, their
// answers with every grade, their mock interviews, and so their points and
// streaks. Posts in channels stay (they are the team's, not the person's).
func runForget(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("forget", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "Usage: interviewbot forget PLATFORM:WORKSPACE:USER   (e.g. slack:T123:U456, terminal:local:ada)")
	}
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return bot.Errorf(bot.EINVALID, "forget takes exactly one member, got %d arguments", fs.NArg())
	}
	key, err := parseMemberKey(fs.Arg(0))
	if err != nil {
		return err
	}
	admin, closeStore, err := openAdmin(ctx, env)
	if err != nil {
		return err
	}
	defer closeStore()
	f, err := admin.ForgetMember(ctx, key)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(env.Stdout, "forgot %s:%s:%s: %d answers (with their grades), %d mock interviews\n",
		key.Platform, key.Workspace, key.UserID, f.Answers, f.Sessions)
	return nil
}
