package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/prompts"
)

// runQuestionsAdmin adds "questions import" to the author tools of
// questions.go, which handles every other subcommand.
func runQuestionsAdmin(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && args[0] == "import" {
		return runQuestionsImport(env, args[1:])
	}
	return runQuestions(ctx, env, args)
}

// runQuestionsImport validates a directory of question files, previews what
// would change against the bank in use, and with --apply installs it as
// INTERVIEWBOT_QUESTIONS_DIR. The bank is compiled into the binary, so an
// imported bank is a directory the server reads at start instead. The
// install is a copy into a temporary directory beside the target and a
// rename, so a server starting meanwhile sees the old bank or the new one,
// never half of each.
func runQuestionsImport(env *Env, args []string) error {
	fs := flag.NewFlagSet("questions import", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	apply := fs.Bool("apply", false, "install the bank into $"+EnvQuestionsDir+" (default: preview only)")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: interviewbot questions import DIR [--apply]\n  DIR's *.yaml files are validated and compared with the bank in use; --apply copies them into $%s.\n", EnvQuestionsDir)
	}
	// Accept the flag after DIR too, as people type it.
	var dirs []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return flagError(err)
		}
		if fs.NArg() == 0 {
			break
		}
		dirs, args = append(dirs, fs.Arg(0)), fs.Args()[1:]
	}
	if len(dirs) != 1 {
		fs.Usage()
		return bot.Errorf(bot.EINVALID, "questions import takes one directory, got %d", len(dirs))
	}
	src := dirs[0]
	target := strings.TrimSpace(env.Getenv(EnvQuestionsDir))
	next, err := prompts.LoadDir(src)
	var problems prompts.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Fprintln(env.Stdout, p)
		}
		return fmt.Errorf("%d problem(s) in %s; nothing imported", len(problems), src)
	} else if err != nil {
		return fmt.Errorf("load %s: %w", src, err)
	}
	current, from, err := currentBank(target)
	if err != nil {
		return err
	}
	added, changed, removed := diffBanks(current, next)
	fmt.Fprintf(env.Stdout, "%s: %d questions, valid. Against %s (%d questions):\n", src, len(next), from, len(current))
	printIDs(env.Stdout, "added", added)
	printIDs(env.Stdout, "changed", changed)
	printIDs(env.Stdout, "removed", removed)
	if !*apply {
		fmt.Fprintln(env.Stdout, "Preview only: run again with --apply to install.")
		return nil
	}
	if target == "" {
		return bot.Errorf(bot.EINVALID, "--apply needs %s: the directory serve reads the bank from.", EnvQuestionsDir)
	}
	if err := installBank(src, target); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Installed into %s; restart serve to use it.\n", target)
	return nil
}

// currentBank is the bank serve would load now: the imported directory when
// it exists, else the embedded one.
func currentBank(target string) ([]*bot.Question, string, error) {
	if target != "" {
		if _, err := os.Stat(target); err == nil {
			qs, err := prompts.LoadDir(target)
			if err != nil {
				return nil, "", fmt.Errorf("%s=%s: %w", EnvQuestionsDir, target, err)
			}
			return qs, target, nil
		}
	}
	qs, err := prompts.Load()
	if err != nil {
		return nil, "", fmt.Errorf("load embedded bank: %w", err)
	}
	return qs, "the embedded bank", nil
}

// diffBanks compares by id; a question changed when anything but where it
// was loaded from differs.
func diffBanks(cur, next []*bot.Question) (added, changed, removed []string) {
	index := func(qs []*bot.Question) map[string]string {
		m := make(map[string]string, len(qs))
		for _, q := range qs {
			c := *q
			c.Source = ""
			b, _ := json.Marshal(c)
			m[q.ID] = string(b)
		}
		return m
	}
	a, b := index(cur), index(next)
	for id, v := range b {
		if old, ok := a[id]; !ok {
			added = append(added, id)
		} else if old != v {
			changed = append(changed, id)
		}
	}
	for id := range a {
		if _, ok := b[id]; !ok {
			removed = append(removed, id)
		}
	}
	slices.Sort(added)
	slices.Sort(changed)
	slices.Sort(removed)
	return added, changed, removed
}

func printIDs(w io.Writer, what string, ids []string) {
	fmt.Fprintf(w, "  %-8s %d", what, len(ids))
	if len(ids) > 0 {
		fmt.Fprintf(w, ": %s", strings.Join(ids, ", "))
	}
	fmt.Fprintln(w)
}

// installBank copies the question files of src into a fresh directory
// beside target, checks the copy loads, and renames it into place; the old
// directory is moved aside first and removed last.
func installBank(src, target string) error {
	target = filepath.Clean(target)
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(target)+".new-")
	if err != nil {
		return fmt.Errorf("stage import: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	entries, err := os.ReadDir(src)
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(tmp, e.Name())); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("stage import: %w", err)
	}
	if _, err := prompts.LoadDir(tmp); err != nil {
		return fmt.Errorf("the staged copy does not load: %w", err)
	}
	old := ""
	if _, err := os.Stat(target); err == nil {
		old = tmp + ".old"
		if err := os.Rename(target, old); err != nil {
			return fmt.Errorf("move the old bank aside: %w", err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		if old != "" {
			os.Rename(old, target)
		}
		return fmt.Errorf("install the new bank: %w", err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// copyFile writes dst and syncs it, so the rename never publishes a file
// whose contents are still in the page cache only.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return out.Close()
}
