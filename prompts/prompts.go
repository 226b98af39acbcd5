package prompts

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/interviewbot/interviewbot/bot"
)

//go:embed questions/*.yaml
var embedded embed.FS

// EmbeddedDir is where the embedded files live in the source repository.
// Load names files by it, so a problem in the built-in bank points at a path
// an editor can open from the repository root.
const EmbeddedDir = "prompts/questions"

// Files returns the embedded question files, one <topic>.yaml per topic, at
// the root of the returned file system.
func Files() fs.FS {
	sub, err := fs.Sub(embedded, "questions")
	if err != nil {
		// "questions" is a constant, valid path: this cannot happen.
		panic(fmt.Sprintf("prompts: embedded questions: %v", err))
	}
	return sub
}

// Load returns the embedded bank, validated. Any problem makes it fail with a
// Problems error listing every one of them: a broken built-in bank is a bug
// to fix before release, not something to run with.
func Load() ([]*bot.Question, error) {
	return loadErr(Files(), EmbeddedDir)
}

// LoadDir loads and validates the *.yaml files of dir (not its
// subdirectories), for importing a team's own questions. Problems name files
// by their path under dir.
func LoadDir(dir string) ([]*bot.Question, error) {
	return loadErr(os.DirFS(dir), dir)
}

// LoadFS loads and validates the *.yaml and *.yml files at the root of fsys,
// in name order. It returns the questions only when there are no problems,
// so a caller cannot run with a half-valid bank by accident.
func LoadFS(fsys fs.FS) ([]*bot.Question, []Problem) {
	return load(fsys, "")
}

// Lint returns every problem in the question files at the root of fsys, or
// nil when the bank is valid.
func Lint(fsys fs.FS) []Problem {
	_, ps := load(fsys, "")
	return ps
}

func loadErr(fsys fs.FS, dir string) ([]*bot.Question, error) {
	qs, ps := load(fsys, dir)
	if len(ps) > 0 {
		return nil, Problems(ps)
	}
	return qs, nil
}

// load decodes every question file, then checks what no single file can:
// ids unique across files. dir prefixes file names in problems and sources.
func load(fsys fs.FS, dir string) ([]*bot.Question, []Problem) {
	names, err := questionFiles(fsys)
	if err != nil {
		return nil, []Problem{{File: displayDir(dir), Message: fmt.Sprintf("read question files: %v", err)}}
	}
	if len(names) == 0 {
		return nil, []Problem{{File: displayDir(dir), Message: "no question files (*.yaml)"}}
	}
	var (
		qs       []*bot.Question
		problems []Problem
		firstAt  = map[string]string{} // id -> source of its first definition
	)
	for _, name := range names {
		file := path.Join(dir, name)
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			problems = append(problems, Problem{File: file, Message: fmt.Sprintf("read: %v", err)})
			continue
		}
		entries, ps := decodeFile(file, data)
		problems = append(problems, ps...)
		for _, e := range entries {
			if at, dup := firstAt[e.q.ID]; dup {
				problems = append(problems, Problem{File: file, Line: e.idLine,
					Message: fmt.Sprintf("duplicate id %q (first defined at %s)", e.q.ID, at)})
				continue
			}
			firstAt[e.q.ID] = e.q.Source
			qs = append(qs, e.q)
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return qs, nil
}

// questionFiles lists the YAML files at the root of fsys, sorted, so the bank
// order (and the order of problems) does not depend on the file system.
func questionFiles(fsys fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && (strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml")) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}

func displayDir(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}
