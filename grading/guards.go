package grading

import (
	"strings"

	"github.com/interviewbot/interviewbot/bot"
)

// Flags a guard sets on a grade. Each comes with a sentence in the review
// saying why the score is low.
const (
	flagEmpty         = "empty"
	flagTooShort      = "too_short"
	flagCopy          = "copy_of_question"
	flagGibberish     = "gibberish"
	flagWrongLanguage = "wrong_language"
	flagOffTopic      = "off_topic"
	flagTruncated     = "truncated"
)

// detectLang says whether an answer is Chinese or English prose. Mixed
// technical prose counts as Chinese as soon as the Chinese carries the
// sentence: a Chinese word is about two characters, an English one about
// five letters, hence the factor.
func detectLang(st ScriptStats, q *bot.Question) bot.Lang {
	switch {
	case st.Han >= 2 && st.Han*4 >= st.Latin:
		return bot.LangZH
	case st.Latin > 0:
		return bot.LangEN
	case q != nil && q.Text.EN == "" && q.Text.ZH != "":
		return bot.LangZH
	}
	return bot.LangEN
}

// guardText checks what can be told before scoring: an empty answer, one in
// neither Chinese nor English, keyboard noise. It reports whether grading
// stops here.
func guardText(e *eval, text string, ans *Doc) bool {
	st := ans.Stats
	letters := st.Han + st.Latin + st.Other + st.Kana
	switch {
	case strings.TrimSpace(text) == "" || letters+st.Digit == 0 && len(ans.Terms) == 0:
		e.flag(flagEmpty)
	case letters >= 8 && (st.Han+st.Latin)*2 < letters:
		e.flag(flagWrongLanguage)
	case st.Han == 0 && st.Words >= 3 && st.OddWords*2 > st.Words:
		e.flag(flagGibberish)
	case repetitive(text):
		e.flag(flagGibberish)
	default:
		return false
	}
	e.zero = true
	return true
}

// repetitive reports whether a longer text uses only a handful of distinct
// characters ("aaaaaaa", "哈哈哈哈哈哈哈哈").
func repetitive(text string) bool {
	seen := make(map[rune]struct{}, 16)
	n := 0
	for _, r := range text {
		if r == ' ' || r == '\n' || r == '\t' {
			continue
		}
		n++
		if len(seen) <= 6 {
			seen[r] = struct{}{}
		}
	}
	return n >= 12 && len(seen) <= 3
}

// guardContent checks what scoring revealed: an answer that only restates
// the question, says too little to judge, or talks about something else.
func guardContent(e *eval, ans *Doc) {
	uniqTerms := ans.distinct()
	inQuestion, inVocab := 0, 0
	q := e.c.qdoc
	for _, t := range uniqTerms {
		if q.Has(t) {
			inQuestion++
		}
		if e.c.vocab[t] {
			inVocab++
		}
	}
	qTerms := len(q.distinct())
	switch {
	case len(uniqTerms) > 0 && qTerms > 0 && inQuestion*10 >= len(uniqTerms)*9 && len(uniqTerms) >= qTerms*2/3:
		e.flag(flagCopy)
		e.limit(5)
	case len(uniqTerms) < cfg.shortTerms:
		e.flag(flagTooShort)
		e.limit(cfg.shortCap)
	case len(uniqTerms) >= 5 && inVocab*10 < len(uniqTerms) && e.raw < 0.1:
		e.flag(flagOffTopic)
		e.limit(10)
	}
}
