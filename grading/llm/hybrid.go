package llm

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/interviewbot/interviewbot/bot"
)

// Flags the judge adds to a grade.
const (
	FlagInjection      = "injection"        // the answer tried to instruct the grader
	FlagDisagreement   = "llm_disagreement" // judge and rubric differ by DisagreeAt or more
	FlagLLMUnavailable = "llm_unavailable"  // the grade is the rubric scorer's alone
)

// Scoring constants; docs/llm.md explains them.
const (
	misconceptionPenalty = 20 // points per misconception, as the rubric scorer charges
	maxRaise             = 40 // the judge lifts the rubric score by at most this much
	maxLower             = 40 // and lowers it (misconceptions) by at most this much
	maxModelText         = 300
	maxModelItems        = 3
)

// combined is the outcome of the hybrid rule.
type combined struct {
	score   int
	llm     int // the judge's score on its own, computed from its verified verdicts
	credit  map[string]float64
	miscons []string
}

// combine merges the rubric grade rub with the verified verdict c under
// rubric r:
//
//	credit(p) = max(rubric credit, evidence-backed LLM credit)   (covered 1, partial 0.5)
//	points    = 100 · Σ weight·credit / Σ weight
//	M         = misconceptions found by either (the LLM's only with a quote)
//	score     = max(rubric score − 20·|M not found by the rubric|, points − 20·|M|)
//
// bounded to [rubric − 40, rubric + 40] and to 0-100. Both terms charge
// every misconception once; the max lets the judge credit paraphrases the
// rubric scorer missed, the bound keeps one model's opinion from moving a
// grade further than a person reviewing disagreements would expect.
func combine(r bot.Rubric, rub *bot.Grade, c checked) combined {
	out := combined{credit: map[string]float64{}}
	var total, got, llmGot float64
	for _, kp := range r.KeyPoints {
		rc := 0.0
		if slices.Contains(rub.Covered, kp.ID) {
			rc = 1
		}
		lc := c.credit[kp.ID]
		out.credit[kp.ID] = max(rc, lc)
		total += kp.Weight
		got += kp.Weight * out.credit[kp.ID]
		llmGot += kp.Weight * lc
	}
	out.miscons = slices.Clone(rub.Misconceptions)
	extra := 0
	for _, id := range c.miscons {
		if !slices.Contains(out.miscons, id) {
			out.miscons = append(out.miscons, id)
			extra++
		}
	}
	points, llmPoints := 0.0, 0.0
	if total > 0 {
		points, llmPoints = 100*got/total, 100*llmGot/total
	}
	pen := misconceptionPenalty
	score := max(rub.Score-pen*extra, int(math.Round(points))-pen*len(out.miscons))
	score = min(score, rub.Score+maxRaise)
	score = max(score, rub.Score-maxLower)
	out.score = max(0, min(100, score))
	out.llm = max(0, min(100, int(math.Round(llmPoints))-pen*len(c.miscons)))
	return out
}

// hybridGrade builds the stored grade from the combined result, the rubric
// grade and the model's feedback. Model-written feedback is used only when
// the answer was not flagged: an answer that tried to steer the grader
// could have steered the words too.
func hybridGrade(q *bot.Question, lang bot.Lang, rub *bot.Grade, cm combined, v *verdict, label, version string, trustText bool) *bot.Grade {
	g := &bot.Grade{
		Score:          cm.score,
		Stars:          bot.StarsFor(cm.score),
		Misconceptions: cm.miscons,
		Flags:          slices.Clone(rub.Flags),
		Grader:         label,
		GraderVersion:  version,
		RubricVersion:  q.Rubric.Version,
	}
	r := bot.Review{Lang: lang}
	for _, kp := range q.Rubric.KeyPoints {
		if cm.credit[kp.ID] >= 0.5 {
			g.Covered = append(g.Covered, kp.ID)
			r.Strengths = append(r.Strengths, kp.Point.In(lang))
		} else {
			g.Missing = append(g.Missing, kp.ID)
			r.Gaps = append(r.Gaps, kp.Point.In(lang))
		}
	}
	if trustText && v != nil {
		if s := modelText(v.Strengths); len(s) > 0 {
			r.Strengths = s
		}
		r.Gaps = append(r.Gaps, modelText(v.Gaps)...)
		r.Suggestions = modelText(v.Suggestions)
	}
	if len(r.Suggestions) == 0 {
		r.Suggestions = slices.Clone(rub.Review.Suggestions)
	}
	for _, id := range cm.miscons {
		for _, m := range q.Rubric.Misconceptions {
			if m.ID == id {
				r.Corrections = append(r.Corrections, correction(lang, m))
			}
		}
	}
	r.Summary = summary(lang, g.Score, g.Stars)
	g.Review = r
	return g
}

func correction(lang bot.Lang, m bot.Misconception) string {
	if lang == bot.LangZH {
		return fmt.Sprintf("“%s”不对：%s", m.Wrong.In(lang), m.Correction.In(lang))
	}
	return fmt.Sprintf("%q is not right: %s", m.Wrong.In(lang), m.Correction.In(lang))
}

var verdicts = map[int]bot.Text{
	5: {ZH: "很好：要点基本齐全。", EN: "Strong answer: the key points are there."},
	4: {ZH: "不错：还差少量要点。", EN: "Good answer with a few gaps."},
	3: {ZH: "及格：讲到了部分要点。", EN: "Fair: part of the key points are covered."},
	2: {ZH: "偏弱：多数要点没有讲到。", EN: "Weak: most key points are missing."},
	1: {ZH: "还未达到要求。", EN: "Not there yet."},
}

func summary(lang bot.Lang, score, stars int) string {
	return fmt.Sprintf("%s %d/100 · %s", strings.Repeat("★", stars)+strings.Repeat("☆", 5-stars), score, verdicts[stars].In(lang))
}

// noteLLM ends the summary of an LLM-backed grade so the member knows who graded.
func noteLLM(model string) bot.Text {
	return bot.Text{ZH: fmt.Sprintf("（评阅：LLM %s + 规则评分）", model), EN: fmt.Sprintf("(Graded by the LLM judge %s with the rubric scorer.)", model)}
}

// Notes appended to the summary of fallback and flagged grades.
var (
	noteFallback  = bot.Text{ZH: "（LLM 评阅暂不可用，本次由规则评分给出。）", EN: "(The LLM judge was unavailable; this grade comes from the rubric scorer.)"}
	noteInjection = bot.Text{ZH: "回答中有对评分者下指令的内容，已忽略且不计分。", EN: "Parts of the answer gave instructions to the grader; they were ignored and earn nothing."}
)

// modelText cleans model-written feedback: control and hidden characters
// out, white space collapsed, at most three items of 300 characters.
func modelText(items []string) []string {
	var out []string
	for _, s := range items {
		s = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r >= 0xE0000 && r <= 0xE007F {
				return ' '
			}
			return r
		}, s)
		s = clip(strings.Join(strings.Fields(s), " "), maxModelText)
		if s != "" {
			out = append(out, s)
		}
		if len(out) == maxModelItems {
			break
		}
	}
	return out
}
