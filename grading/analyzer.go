package grading

import (
	"log/slog"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// Analyzer turns prose in Chinese, English or both into the terms the scorer
// matches: Chinese is segmented with a dictionary, English is case-folded and
// stemmed, technical words and numbers with units stay whole, and the same
// idea written in either language folds onto one canonical term where the
// vocabulary knows it. Answers and rubric phrases go through the same
// Analyzer, so they always meet in the same form.
type Analyzer struct {
	seg segmenter

	pairs map[[2]string]string // techPairs keyed by the stems of their words

	mu    sync.RWMutex
	stems map[string]string // memoised English normalisation, bounded
}

// maxStems bounds the stem memo; past it the memo is simply not extended.
const maxStems = 50000

// NewAnalyzer returns an Analyzer. The Chinese dictionary is loaded on first
// use (or by Load), once, and shared by every call.
func NewAnalyzer(log *slog.Logger) *Analyzer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &Analyzer{seg: segmenter{log: log}, stems: make(map[string]string, 4096)}
	a.pairs = make(map[[2]string]string, len(techPairs))
	for k, v := range techPairs {
		a.pairs[[2]string{a.normEN(k[0]), a.normEN(k[1])}] = v
	}
	return a
}

// Load loads the Chinese dictionary now rather than on the first Chinese
// text, so a server pays the cost at start and not on a member's first answer.
func (a *Analyzer) Load() error {
	_, err := a.seg.get()
	return err
}

// Doc is analysed text.
type Doc struct {
	Terms   []string   // canonical content terms in text order, stop words dropped
	All     []string   // every word in order, lightly normalised, stop words and negations kept: for statements
	termAt  []int      // for each word of All, its index in Terms, -1 for none
	Neg     []int      // index into Terms at which a negation word stood
	bigrams *bigramSet // pairs of adjacent Han characters, for fuzzy Chinese matching; nil without Han
	Stats   ScriptStats

	idx *termIndex // built on first use
}

// ScriptStats counts the letters of each script in the text, for language
// detection and the gibberish and wrong-language guards.
type ScriptStats struct {
	Han, Latin, Digit, Other, Kana int
	Words                          int // Latin words
	OddWords                       int // Latin words that do not look like words
}

// without returns a copy of d without the terms of the words in spans (pairs
// of indexes into All): a wrong statement earns no credit for its words.
func (d *Doc) without(spans [][2]int) *Doc {
	if len(spans) == 0 {
		return d
	}
	drop := make(map[int]bool)
	for _, sp := range spans {
		for k := sp[0]; k <= sp[1]; k++ {
			if d.termAt[k] >= 0 {
				drop[d.termAt[k]] = true
			}
		}
	}
	out := &Doc{bigrams: d.bigrams, Stats: d.Stats}
	for i, t := range d.Terms {
		if !drop[i] {
			out.Terms = append(out.Terms, t)
		}
	}
	return out
}

// Has reports whether the document contains term t.
func (d *Doc) Has(t string) bool {
	_, ok := d.index().ids[t]
	return ok
}

// Analyze splits text into terms. It only fails when the Chinese dictionary
// cannot be loaded, which is a bug in the build rather than in the text.
func (a *Analyzer) Analyze(text string) (*Doc, error) {
	// Sized from the text up front: growing these slices word by word was a
	// large share of the allocations per answer.
	words := len(text)/4 + 8
	d := &Doc{Terms: make([]string, 0, words), All: make([]string, 0, words), termAt: make([]int, 0, words)}
	s := scanner{a: a, d: d, text: text}
	defer func() {
		if s.cut != nil {
			a.seg.putScratch(s.cut)
		}
	}()
	if err := s.run(); err != nil {
		return nil, err
	}
	return d, nil
}

// scanner walks the text once, alternating between Han runs (segmented) and
// Latin words, numbers and symbols (tokenised by hand).
type scanner struct {
	a       *Analyzer
	d       *Doc
	text    string
	lastRaw string // the previous English word's stem, for two-word terms
	lastIdx int    // index in Terms of the term lastRaw produced, -1 when none
	cut     *cutScratch
}

func (s *scanner) run() error {
	s.lastIdx = -1
	i := 0
	for i < len(s.text) {
		r, n := decode(s.text[i:])
		switch {
		case unicode.Is(unicode.Han, r):
			j := i + n
			for j < len(s.text) {
				r2, n2 := decode(s.text[j:])
				if !unicode.Is(unicode.Han, r2) {
					break
				}
				j += n2
			}
			if err := s.han(s.text[i:j]); err != nil {
				return err
			}
			i = j
		case isWordRune(r):
			i = s.word(i)
		default:
			s.count(r)
			if strings.ContainsRune(".,;:!?()[]\n。，；：！？、（）【】", r) {
				s.word2("|", -1)
			}
			if r == '%' && len(s.d.Terms) > 0 {
				s.d.Terms[len(s.d.Terms)-1] += "%"
			}
			if !unicode.IsSpace(r) {
				s.lastRaw = ""
			}
			i += n
		}
	}
	return nil
}

func (s *scanner) count(r rune) {
	switch {
	case unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
		s.d.Stats.Kana++
	case unicode.IsLetter(r):
		s.d.Stats.Other++
	}
}

// decode reads one rune and folds full-width ASCII (Ｏ（１）, ＫＢ) onto
// ASCII, which Chinese input methods produce all the time.
func decode(s string) (rune, int) {
	r, n := utf8.DecodeRuneInString(s)
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	return r, n
}

func isWordRune(r rune) bool {
	return r < 0x250 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// han segments one run of Chinese characters.
func (s *scanner) han(run string) error {
	s.d.Stats.Han += utf8.RuneCountInString(run)
	if s.d.bigrams == nil {
		// A Han character is three bytes: the text's length bounds the
		// bigrams, so the slice never grows while it fills.
		s.d.bigrams = &bigramSet{pairs: make([]uint64, 0, len(s.text)/3+1)}
	}
	var prev rune
	for _, r := range run {
		if prev != 0 {
			s.d.bigrams.pairs = append(s.d.bigrams.pairs, bigram(prev, r))
		}
		prev = r
	}
	// A number just before the run may take a Chinese unit: 10毫秒, 2 秒.
	if u, rest, ok := hanUnit(run); ok && s.numberBefore() {
		s.d.Terms[len(s.d.Terms)-1] += u
		run = rest
		if run == "" {
			return nil
		}
	}
	if s.cut == nil {
		s.cut = s.a.seg.getScratch()
	}
	words, err := s.a.seg.cut(run, s.cut)
	if err != nil {
		return err
	}
	for _, w := range words {
		switch k := zhKinds[w]; {
		case k.negation:
			s.negation(w)
			continue
		case k.stop:
		default:
			if k.term {
				w = s.a.canonZH(k.canon)
			}
			s.d.Terms = append(s.d.Terms, w)
			s.word2(w, len(s.d.Terms)-1)
			continue
		}
		s.word2(w, -1)
	}
	s.lastRaw, s.lastIdx = "", -1
	return nil
}

// zhKind is what a segmented Chinese word is to the scanner.
type zhKind struct {
	negation, stop, term bool
	canon                string // the canonical term, when term
}

// zhKinds folds negations, zhStopWords and zhTerms into one table, so the
// scanner looks each segmented word up once instead of three times.
var zhKinds = func() map[string]zhKind {
	m := make(map[string]zhKind, len(zhTerms)+len(zhStopWords)+len(negations))
	for w, neg := range negations {
		m[w] = zhKind{negation: neg}
	}
	for w := range zhStopWords {
		k := m[w]
		k.stop = zhStopWords[w]
		m[w] = k
	}
	for w, c := range zhTerms {
		k := m[w]
		k.term, k.canon = true, c
		m[w] = k
	}
	return m
}()

// numberBefore reports whether the last term is a bare number.
func (s *scanner) numberBefore() bool {
	if len(s.d.Terms) == 0 {
		return false
	}
	t := s.d.Terms[len(s.d.Terms)-1]
	return t != "" && strings.IndexFunc(t, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.') }) < 0
}

// hanUnit returns the canonical unit a Han run starts with, longest first.
func hanUnit(run string) (unit, rest string, ok bool) {
	for _, u := range [...]string{"千字节", "毫秒", "微秒", "纳秒", "秒钟", "分钟", "小时", "字节", "比特", "秒", "兆", "倍", "核", "万", "亿", "位"} {
		if strings.HasPrefix(run, u) {
			return units[u], run[len(u):], true
		}
	}
	return "", run, false
}

// word reads one Latin word starting at i and returns where it ends. Words
// keep inner connectors (cache-aside, sync.Pool, b+tree, http/2, 1.14) when a
// letter or digit follows them.
func (s *scanner) word(i int) int {
	j := i
	for j < len(s.text) {
		r, n := decode(s.text[j:])
		if isWordRune(r) {
			j += n
			continue
		}
		if strings.ContainsRune("-_./+'", r) && j+n < len(s.text) {
			if r2, _ := decode(s.text[j+n:]); isWordRune(r2) {
				j += n
				continue
			}
		}
		break
	}
	raw := foldASCII(s.text[i:j])
	// Big-O: O(log n), O(n^2), O（1）.
	if raw == "o" {
		if r, n := decode(s.text[j:]); r == '(' {
			if end := s.closeParen(j + n); end > 0 {
				s.emit(bigO(s.text[j+n:end]), "")
				return end + 1
			}
		}
	}
	s.d.Stats.Words++
	for _, r := range raw {
		if unicode.IsDigit(r) {
			s.d.Stats.Digit++
		} else {
			s.d.Stats.Latin++
		}
	}
	if oddWord(raw) {
		s.d.Stats.OddWords++
	}
	if num, unit, ok := splitNumber(raw); ok && unit == "" {
		if u, end := s.unitAfter(j); u != "" {
			s.emit(num+u, "")
			return end
		}
	}
	s.latin(raw)
	return j
}

// closeParen finds the ')' that closes a big-O within a few characters.
func (s *scanner) closeParen(from int) int {
	for k := from; k < len(s.text) && k < from+32; {
		r, n := decode(s.text[k:])
		if r == ')' {
			return k
		}
		k += n
	}
	return -1
}

func bigO(inner string) string {
	var b strings.Builder
	b.WriteString("o(")
	for _, r := range inner {
		r2, _ := decode(string(r))
		if !unicode.IsSpace(r2) && r2 != '*' && r2 != '·' {
			b.WriteRune(unicode.ToLower(r2))
		}
	}
	b.WriteString(")")
	return b.String()
}

// latin normalises one Latin word.
func (s *scanner) latin(raw string) {
	if c, ok := techTerms[raw]; ok {
		s.emit(c, raw)
		return
	}
	if num, unit, ok := splitNumber(raw); ok {
		s.emit(num+unit, "")
		return
	}
	if strings.ContainsAny(raw, "-_./+'") {
		if negations[raw] {
			s.negation("not")
			return
		}
		raw = strings.TrimSuffix(raw, "'s")
		for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return strings.ContainsRune("-_./+'", r) }) {
			s.latin(part)
		}
		return
	}
	if negations[raw] {
		s.negation("not")
		return
	}
	if english.IsStopWord(raw) && !quantifiers[raw] || enStopWords[raw] || len(raw) == 1 && !unicode.IsDigit(rune(raw[0])) && raw != "g" && raw != "m" && raw != "p" {
		if raw != "a" && raw != "an" && raw != "the" {
			s.word2(raw, -1)
		}
		s.lastRaw = ""
		return
	}
	stem := s.a.normEN(raw)
	if c, ok := s.a.pairs[[2]string{s.lastRaw, stem}]; ok && s.lastIdx == len(s.d.Terms)-1 {
		s.d.Terms[s.lastIdx] = c
		s.d.All[len(s.d.All)-1] = c
		s.lastRaw = ""
		return
	}
	s.emit(stem, stem)
	// Statements keep the word itself: "receiving from a closed channel"
	// must not read as "receivers close the channel".
	s.d.All[len(s.d.All)-1] = raw
}

// negation records a negation word w: in All as written (statements read
// it), and in Terms as the one term "not", so a phrase whose point is a
// denial ("没有接收者", "no timeout", "不需要陷入内核") needs the denial in the
// answer too, not only the word denied.
func (s *scanner) negation(w string) {
	s.d.Neg = append(s.d.Neg, len(s.d.Terms))
	s.d.Terms = append(s.d.Terms, "not")
	s.word2(w, len(s.d.Terms)-1)
	s.lastRaw, s.lastIdx = "", -1
}

// word2 appends one word of All with the index of its term.
func (s *scanner) word2(w string, term int) {
	if w == "|" && (len(s.d.All) == 0 || s.d.All[len(s.d.All)-1] == "|") {
		return
	}
	s.d.All = append(s.d.All, w)
	s.d.termAt = append(s.d.termAt, term)
}

func (s *scanner) emit(term, raw string) {
	s.d.Terms = append(s.d.Terms, term)
	s.word2(term, len(s.d.Terms)-1)
	s.lastRaw, s.lastIdx = raw, len(s.d.Terms)-1
}

// unitAfter returns the unit word that follows a bare number ("10 ms",
// "3 seconds") and where it ends, or "" when the next word is not a unit.
func (s *scanner) unitAfter(end int) (string, int) {
	k := end
	for k < len(s.text) && s.text[k] == ' ' {
		k++
	}
	l := k
	for l < len(s.text) {
		r, n := decode(s.text[l:])
		if !(r < 0x80 && unicode.IsLetter(r)) && r != '%' {
			break
		}
		l += n
	}
	if l > k {
		if u, ok := units[foldASCII(s.text[k:l])]; ok && len(s.text[k:l]) > 1 {
			return u, l
		}
	}
	return "", end
}

// splitNumber splits "2kb" into ("2", "kb"), "1.5" into ("1.5", ""); ok is
// false unless raw starts with a digit and any suffix is a known unit.
func splitNumber(raw string) (num, unit string, ok bool) {
	k := 0
	for k < len(raw) && (raw[k] >= '0' && raw[k] <= '9' || raw[k] == '.' || raw[k] == ',') {
		k++
	}
	if k == 0 {
		return "", "", false
	}
	num = strings.TrimRight(strings.ReplaceAll(raw[:k], ",", ""), ".")
	if k == len(raw) {
		return num, "", true
	}
	if u, ok := units[raw[k:]]; ok {
		return num, u, true
	}
	return "", "", false
}

// normEN folds a lower-case English word onto its canonical stem, memoised.
func (a *Analyzer) normEN(w string) string {
	a.mu.RLock()
	c, ok := a.stems[w]
	a.mu.RUnlock()
	if ok {
		return c
	}
	if syn, ok := enSynonyms[w]; ok {
		w2 := syn
		c = english.Stem(w2, true)
	} else {
		c = english.Stem(w, true)
	}
	a.mu.Lock()
	if len(a.stems) < maxStems {
		a.stems[w] = c
	}
	a.mu.Unlock()
	return c
}

// canonZH gives a Chinese vocabulary entry's canonical term: English
// canonical forms go through the same normalisation as English words so
// 内存 and "memory" meet; Chinese ones stay as they are.
func (a *Analyzer) canonZH(c string) string {
	if c == "" || c[0] >= 0x80 || isTechCanonical(c) {
		return c
	}
	return a.normEN(c)
}

// techCanon is the set of canonical forms the tech vocabularies produce.
var techCanon = func() map[string]bool {
	m := make(map[string]bool, len(techTerms)+len(techPairs))
	for _, v := range techTerms {
		m[v] = true
	}
	for _, v := range techPairs {
		m[v] = true
	}
	return m
}()

func isTechCanonical(c string) bool { return techCanon[c] }

// foldASCII lower-cases and folds full-width letters.
func foldASCII(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] >= 'A' && s[i] <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := decode(s[i:])
		b.WriteRune(unicode.ToLower(r))
		i += n
	}
	return b.String()
}

// oddWord reports whether a Latin word looks like keyboard noise: long with
// no vowel, or one letter repeated.
func oddWord(w string) bool {
	if len(w) < 4 || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
		return false
	}
	if _, ok := techTerms[w]; ok {
		return false
	}
	vowels, run, maxRun := 0, 0, 0
	for _, r := range w {
		if strings.ContainsRune("aeiouy", r) {
			vowels++
			run = 0
		} else {
			run++
			maxRun = max(maxRun, run)
		}
	}
	return vowels == 0 || maxRun >= 5 || float64(vowels)/float64(len(w)) < 0.15
}
