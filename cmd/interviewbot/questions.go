package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/prompts"
)

// runQuestions dispatches "questions lint" and "questions list": the tools a
// question author runs before committing a change to the bank.
func runQuestions(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		questionsUsage(env.Stderr)
		return bot.Errorf(bot.EINVALID, "missing subcommand: lint or list")
	}
	switch args[0] {
	case "lint":
		return runQuestionsLint(env, args[1:])
	case "list":
		return runQuestionsList(env, args[1:])
	case "help", "-h", "--help":
		questionsUsage(env.Stdout)
		return nil
	}
	questionsUsage(env.Stderr)
	return bot.Errorf(bot.EINVALID, "unknown subcommand %q: use lint or list", args[0])
}

func questionsUsage(w io.Writer) {
	fmt.Fprintln(w, `Usage:
  interviewbot questions lint [DIR]      check the embedded bank, or the *.yaml files in DIR
  interviewbot questions list [--topic T] [--track T] [--lang zh|en]`)
}

// runQuestionsLint prints every problem as "file:line: message", one per
// line on stdout, and fails when there is any, so CI can gate on it.
func runQuestionsLint(env *Env, args []string) error {
	fs := flag.NewFlagSet("questions lint", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() { fmt.Fprintln(env.Stderr, "Usage: interviewbot questions lint [DIR]") }
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	if fs.NArg() > 1 {
		return bot.Errorf(bot.EINVALID, "lint takes at most one directory, got %d arguments", fs.NArg())
	}
	qs, err := loadBank(fs.Arg(0))
	var problems prompts.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Fprintln(env.Stdout, p)
		}
		return fmt.Errorf("%d problem(s) found", len(problems))
	} else if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "ok: %d questions in %d files (topics: %s)\n", len(qs), countFiles(qs), topicCounts(qs))
	return nil
}

// runQuestionsList prints id, topic, difficulty and the question in one
// language, one question per line.
func runQuestionsList(env *Env, args []string) error {
	fs := flag.NewFlagSet("questions list", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	topic := fs.String("topic", "", "only questions of this topic")
	track := fs.String("track", "", "only questions of this track")
	langFlag := fs.String("lang", "en", "language of the question text: zh or en")
	dir := fs.String("dir", "", "list the *.yaml files in this directory instead of the embedded bank")
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	if fs.NArg() > 0 {
		return bot.Errorf(bot.EINVALID, "unexpected argument %q", fs.Arg(0))
	}
	lang, err := bot.ParseLang(*langFlag)
	if err != nil {
		return err
	}
	if _, ok := bot.FindTopic(*topic); *topic != "" && !ok {
		return bot.Errorf(bot.EINVALID, "unknown topic %q", *topic)
	}
	qs, err := loadBank(*dir)
	if err != nil {
		return err
	}
	f := bot.QuestionFilter{Track: *track}
	if *topic != "" {
		f.Topics = []string{*topic}
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, q := range qs {
		if f.Match(q) {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", q.ID, q.Topic, q.Difficulty, oneLine(q.Text.In(lang)))
		}
	}
	return tw.Flush()
}

func loadBank(dir string) ([]*bot.Question, error) {
	if dir == "" {
		return prompts.Load()
	}
	return prompts.LoadDir(dir)
}

// flagError keeps -h quiet: the flag package has already printed usage.
func flagError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return bot.Errorf(bot.EINVALID, "%v", err)
}

// countFiles counts the files the questions came from; every loaded file
// holds at least one question, so this is the number of files loaded.
func countFiles(qs []*bot.Question) int {
	var files []string
	for _, q := range qs {
		file := q.Source
		if i := strings.LastIndexByte(file, ':'); i >= 0 {
			file = file[:i] // Source is "file:line"
		}
		if !slices.Contains(files, file) {
			files = append(files, file)
		}
	}
	return len(files)
}

// topicCounts renders "go-runtime 10, go-language 9" in bot.Topics order.
func topicCounts(qs []*bot.Question) string {
	var parts []string
	for _, t := range bot.Topics {
		n := 0
		for _, q := range qs {
			if q.Topic == t.Name {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", t.Name, n))
		}
	}
	return strings.Join(parts, ", ")
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
