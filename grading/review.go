package grading

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/interviewbot/interviewbot/bot"
)

// guardMessages say, in both languages, why a guard lowered the score.
var guardMessages = map[string]bot.Text{
	flagEmpty:         {ZH: "回答是空的，没有可以评分的内容。", EN: "The answer is empty, so there is nothing to grade."},
	flagTooShort:      {ZH: "回答太短，看不出掌握程度：请用两三句话讲清要点。", EN: "The answer is too short to judge: explain the main points in two or three sentences."},
	flagCopy:          {ZH: "回答只是重复了题目，没有给出自己的解释。", EN: "The answer only repeats the question without explaining anything."},
	flagGibberish:     {ZH: "回答看起来不是有意义的文字。", EN: "The answer does not read as meaningful text."},
	flagWrongLanguage: {ZH: "请用中文或英文作答，其他语言暂时无法评分。", EN: "Please answer in Chinese or English; other languages cannot be graded yet."},
	flagOffTopic:      {ZH: "回答与题目关系不大，没有涉及要考察的内容。", EN: "The answer does not address what the question asks."},
	flagTruncated:     {ZH: "回答过长，只评阅了前 8 KB。", EN: "The answer is very long; only its first 8 KB was graded."},
}

var summaries = map[int]bot.Text{
	5: {ZH: "很好：要点基本齐全。", EN: "Strong answer: the key points are there."},
	4: {ZH: "不错：还差少量要点。", EN: "Good answer with a few gaps."},
	3: {ZH: "及格：讲到了部分要点。", EN: "Fair: part of the key points are covered."},
	2: {ZH: "偏弱：多数要点没有讲到。", EN: "Weak: most key points are missing."},
	1: {ZH: "还未达到要求。", EN: "Not there yet."},
}

// review writes the feedback in the reviewers' form: strengths (covered
// points), gaps (missing points), one or two suggestions, misconceptions with
// their corrections, and a one-line verdict in words (no stars, no score).
func (e *eval) review(g *bot.Grade) bot.Review {
	lang := e.lang
	r := bot.Review{Lang: lang}
	for i, p := range e.c.points {
		if i < len(e.cover) && e.cover[i] >= cfg.coveredAt {
			r.Strengths = append(r.Strengths, p.kp.Point.In(lang))
		} else if !e.zero {
			r.Gaps = append(r.Gaps, p.kp.Point.In(lang))
		}
	}
	for _, i := range e.mis {
		m := e.c.mis[i].m
		if lang == bot.LangZH {
			r.Corrections = append(r.Corrections, fmt.Sprintf("“%s”不对：%s", m.Wrong.In(lang), m.Correction.In(lang)))
		} else {
			r.Corrections = append(r.Corrections, fmt.Sprintf("%q is not right: %s", m.Wrong.In(lang), m.Correction.In(lang)))
		}
	}
	r.Suggestions = e.suggestions(lang)
	var why []string
	for _, f := range g.Flags {
		why = append(why, guardMessages[f].In(lang))
	}
	// The summary is words only: adapters draw the stars and the score from
	// Grade.Stars and Grade.Score, so repeating them here prints them twice.
	r.Summary = strings.Join(append([]string{summaries[g.Stars].In(lang)}, why...), " ")
	return r
}

// suggestions name the one or two heaviest missing points to add, or, when
// nothing is missing, the question's first follow-up to think about next.
func (e *eval) suggestions(lang bot.Lang) []string {
	if e.zero {
		return []string{guardFix(lang)}
	}
	var missing []compiledPoint
	for i, p := range e.c.points {
		if i >= len(e.cover) || e.cover[i] < cfg.coveredAt {
			missing = append(missing, p)
		}
	}
	slices.SortStableFunc(missing, func(a, b compiledPoint) int { return cmp.Compare(b.kp.Weight, a.kp.Weight) })
	var out []string
	for _, p := range missing[:min(2, len(missing))] {
		if lang == bot.LangZH {
			out = append(out, "补充这一点："+p.kp.Point.In(lang))
		} else {
			out = append(out, "Add this point: "+p.kp.Point.In(lang))
		}
	}
	if len(out) == 0 {
		if lang == bot.LangZH {
			out = append(out, "要点都讲到了；可以再举一个真实场景或给出具体数字，让回答更有说服力。")
		} else {
			out = append(out, "All points are there; a real case or concrete numbers would make the answer more convincing.")
		}
	}
	return out
}

func guardFix(lang bot.Lang) string {
	if lang == bot.LangZH {
		return "先用自己的话回答题目问的是什么，再补充原理和例子。"
	}
	return "Start by answering what the question asks in your own words, then add how it works and an example."
}
