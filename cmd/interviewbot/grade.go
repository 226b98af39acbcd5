package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/grading"
	"github.com/interviewbot/interviewbot/prompts"
)

// gradeLine is one input line of `grade --jsonl`. Either Rubric (a bank
// question id or an inline rubric object) or Reference says what a good
// answer holds. Other fields (the calibration sets carry qid, human, max) are
// ignored. This format is how the grader is measured: keep it stable.
type gradeLine struct {
	ID        string          `json:"id"`
	Question  string          `json:"question"`
	Answer    string          `json:"answer"`
	Rubric    json.RawMessage `json:"rubric"`
	Reference string          `json:"reference"`
	Lang      string          `json:"lang"`
}

// gradeResult is one output line for a graded answer.
type gradeResult struct {
	ID             string   `json:"id"`
	Score          int      `json:"score"`
	Stars          int      `json:"stars"`
	Covered        []string `json:"covered"`
	Missing        []string `json:"missing"`
	Misconceptions []string `json:"misconceptions"`
	Flags          []string `json:"flags"`
}

// gradeError is the output line for an input line that could not be graded.
type gradeError struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

// inlineRubric is a rubric written in the line itself, in the bank's YAML
// field names.
type inlineRubric struct {
	Version   string `json:"version"`
	KeyPoints []struct {
		ID      string   `json:"id"`
		Weight  float64  `json:"weight"`
		Point   bot.Text `json:"point"`
		Phrases []string `json:"phrases"`
	} `json:"key_points"`
	Misconceptions []struct {
		ID         string   `json:"id"`
		Wrong      bot.Text `json:"wrong"`
		Correction bot.Text `json:"correction"`
		Phrases    []string `json:"phrases"`
	} `json:"misconceptions"`
}

// embeddedBank returns the embedded question bank the `rubric` field may name.
func embeddedBank() (*bot.Bank, error) {
	qs, err := prompts.Load()
	if err != nil {
		return nil, fmt.Errorf("load question bank: %w", err)
	}
	return bot.NewBank(qs)
}

// runGrade grades JSON lines from stdin and writes one JSON line per input
// line to stdout. A bad line gets an error line and the run goes on.
func runGrade(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("grade", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	jsonl := fs.Bool("jsonl", false, "read JSON lines {id, question, answer, rubric|reference, lang} on stdin, write grades as JSON lines")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*jsonl {
		fs.Usage()
		return errors.New("only --jsonl is supported: grade --jsonl < answers.jsonl > grades.jsonl")
	}
	g := &batchGrader{
		scorer:   grading.NewScorer(slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))),
		loadBank: embeddedBank,
	}
	return g.run(ctx, env.Stdin, env.Stdout)
}

// batchGrader grades the lines of one run; the bank is loaded on the first
// line that names a bank question.
type batchGrader struct {
	scorer   *grading.Scorer
	loadBank func() (*bot.Bank, error)
	bank     *bot.Bank
	bankErr  error
	bankDone bool
}

func (g *batchGrader) run(ctx context.Context, in io.Reader, out io.Writer) error {
	r := bufio.NewReaderSize(in, 1<<20)
	w := bufio.NewWriter(out)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			if err := enc.Encode(g.gradeLine(ctx, n, line)); err != nil {
				return fmt.Errorf("write grade of line %d: %w", n, err)
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read line %d: %w", n, err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

func (g *batchGrader) gradeLine(ctx context.Context, n int, raw []byte) any {
	var in gradeLine
	if err := json.Unmarshal(raw, &in); err != nil {
		return gradeError{ID: fmt.Sprintf("line-%d", n), Error: fmt.Sprintf("line %d is not a JSON object: %v", n, err)}
	}
	if in.ID == "" {
		in.ID = fmt.Sprintf("line-%d", n)
	}
	q, lang, err := g.question(in)
	if err != nil {
		return gradeError{ID: in.ID, Error: bot.ErrorMessage(err)}
	}
	grade, err := g.scorer.Grade(ctx, bot.GradeRequest{Question: q, Answer: in.Answer, Lang: lang})
	if err != nil {
		return gradeError{ID: in.ID, Error: bot.ErrorMessage(err)}
	}
	return gradeResult{
		ID:             in.ID,
		Score:          grade.Score,
		Stars:          grade.Stars,
		Covered:        orEmpty(grade.Covered),
		Missing:        orEmpty(grade.Missing),
		Misconceptions: orEmpty(grade.Misconceptions),
		Flags:          orEmpty(grade.Flags),
	}
}

// question builds what the line is graded against.
func (g *batchGrader) question(in gradeLine) (*bot.Question, bot.Lang, error) {
	var lang bot.Lang
	if in.Lang != "" {
		l, err := bot.ParseLang(in.Lang)
		if err != nil {
			return nil, "", err
		}
		lang = l
	}
	rubric := bytes.TrimSpace(in.Rubric)
	if len(rubric) > 0 && rubric[0] == '"' {
		var id string
		if err := json.Unmarshal(rubric, &id); err != nil {
			return nil, "", bot.Errorf(bot.EINVALID, "rubric: %v", err)
		}
		return g.bankQuestion(id, lang)
	}
	q := &bot.Question{
		ID:        "jsonl:" + in.ID,
		Text:      bot.Text{ZH: in.Question, EN: in.Question},
		Reference: bot.Text{ZH: in.Reference, EN: in.Reference},
	}
	if len(rubric) > 0 && !bytes.Equal(rubric, []byte("null")) {
		r, err := parseRubric(rubric)
		if err != nil {
			return nil, "", err
		}
		q.Rubric = r
	}
	if len(q.Rubric.KeyPoints) == 0 && in.Reference == "" {
		return nil, "", bot.Errorf(bot.EINVALID, "Give either rubric (a bank question id or an object with key_points) or reference.")
	}
	return q, lang, nil
}

func (g *batchGrader) bankQuestion(id string, lang bot.Lang) (*bot.Question, bot.Lang, error) {
	if !g.bankDone {
		g.bankDone = true
		g.bank, g.bankErr = g.loadBank()
	}
	if g.bankErr != nil {
		return nil, "", g.bankErr
	}
	q, err := g.bank.Find(id)
	if err != nil {
		return nil, "", err
	}
	return q, lang, nil
}

func parseRubric(raw []byte) (bot.Rubric, error) {
	var in inlineRubric
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return bot.Rubric{}, bot.Errorf(bot.EINVALID, "rubric is neither a bank question id nor a rubric object: %v", err)
	}
	r := bot.Rubric{Version: in.Version}
	for i, kp := range in.KeyPoints {
		if kp.Weight <= 0 {
			kp.Weight = 1
		}
		if kp.ID == "" {
			kp.ID = fmt.Sprintf("kp-%d", i+1)
		}
		if len(kp.Phrases) == 0 && kp.Point.ZH == "" && kp.Point.EN == "" {
			return bot.Rubric{}, bot.Errorf(bot.EINVALID, "rubric key point %q has neither phrases nor a point.", kp.ID)
		}
		r.KeyPoints = append(r.KeyPoints, bot.KeyPoint{ID: kp.ID, Weight: kp.Weight, Point: kp.Point, Phrases: kp.Phrases})
	}
	for i, m := range in.Misconceptions {
		if m.ID == "" {
			m.ID = fmt.Sprintf("mis-%d", i+1)
		}
		r.Misconceptions = append(r.Misconceptions, bot.Misconception{ID: m.ID, Wrong: m.Wrong, Correction: m.Correction, Phrases: m.Phrases})
	}
	return r, nil
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
