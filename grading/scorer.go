package grading

import (
	"context"
	"hash/maphash"
	"log/slog"
	"math"
	"sync"
	"unicode/utf8"

	"github.com/interviewbot/interviewbot/bot"
)

// Name and Version identify this grader on every stored grade. Bump Version
// whenever a change moves scores, so old and new grades can be told apart.
const (
	Name    = "rubric"
	Version = "1.1.0"
)

// Scorer grades answers against a question's rubric offline and
// deterministically: the same answer and rubric always get the same grade.
// It is safe for concurrent use; the Chinese dictionary and the analysed
// questions are shared by all calls.
type Scorer struct {
	log     *slog.Logger
	an      *Analyzer
	cache   compileCache
	indexes sync.Pool // *termIndex of answers, reused across gradings
}

var _ bot.Grader = (*Scorer)(nil)

// NewScorer returns a Scorer. The Chinese dictionary loads on the first
// Chinese text; call Load at start to pay that cost up front.
func NewScorer(log *slog.Logger) *Scorer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Scorer{log: log, an: NewAnalyzer(log), cache: compileCache{seed: maphash.MakeSeed()}}
}

// Load loads the Chinese dictionary now (about 0.5–1 s and 48 MB of heap;
// see grading/README.md).
func (s *Scorer) Load() error { return s.an.Load() }

// Name returns the grader name stored with each grade.
func (s *Scorer) Name() string { return Name }

// Version returns the grader version stored with each grade.
func (s *Scorer) Version() string { return Version }

// Grade scores req.Answer against req.Question's rubric (or, when it has no
// key points, against key points derived from its reference answer).
func (s *Scorer) Grade(ctx context.Context, req bot.GradeRequest) (*bot.Grade, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if req.Question == nil {
		return nil, bot.Errorf(bot.EINVALID, "Nothing to grade against: the question is missing.")
	}
	e := &eval{}
	text := req.Answer
	if len(text) > cfg.maxGraded {
		text = truncateUTF8(text, cfg.maxGraded)
		e.flag(flagTruncated)
	}
	ans, err := s.an.Analyze(text)
	if err != nil {
		return nil, err
	}
	e.lang = req.Lang
	if e.lang == "" {
		e.lang = detectLang(ans.Stats, req.Question)
	}
	c, err := s.compile(req.Question, e.lang)
	if err != nil {
		return nil, err
	}
	e.c = c
	s.indexAnswer(ans)
	defer s.indexes.Put(ans.idx)
	if !guardText(e, text, ans) {
		spans := e.misconceptions(ans)
		scored := ans.without(spans)
		if scored != ans {
			s.indexAnswer(scored)
			defer s.indexes.Put(scored.idx)
		}
		e.score(scored)
		guardContent(e, ans)
	}
	return e.grade(), nil
}

// indexAnswer indexes an answer's terms in memory from the pool; Grade
// puts it back when the grade is made, and nothing keeps the answer's Doc.
func (s *Scorer) indexAnswer(d *Doc) {
	x, _ := s.indexes.Get().(*termIndex)
	if x == nil {
		x = new(termIndex)
	}
	x.build(d.Terms)
	d.idx = x
}

// eval is one grading in progress.
type eval struct {
	c      *compiled
	lang   bot.Lang
	flags  []string
	cover  []float64 // per key point, 0..1
	mis    []int     // indexes of misconceptions stated
	raw    float64
	points int
	capAt  int // the highest score the guards allow, 0 for none
	zero   bool
}

func (e *eval) flag(f string) { e.flags = append(e.flags, f) }

func (e *eval) limit(score int) {
	if e.capAt == 0 || score < e.capAt {
		e.capAt = score
	}
}

// score computes key-point coverage and overlap with the reference.
func (e *eval) score(ans *Doc) {
	var got, total float64
	e.cover = make([]float64, len(e.c.points))
	for i, p := range e.c.points {
		best := 0.0
		for _, ph := range p.phrases {
			best = max(best, ph.credit(ans))
		}
		for _, ph := range p.texts {
			best = max(best, ph.loose(ans))
		}
		e.cover[i] = coverOf(best)
		got += p.kp.Weight * e.cover[i]
		total += p.kp.Weight
	}
	kp := 0.0
	if total > 0 {
		kp = got / total
	}
	ref := 0.0
	for _, r := range e.c.refs {
		ref = max(ref, r.coverage(ans))
	}
	pw := cfg.pointWeight
	if e.c.derived {
		pw = cfg.refPointWeight
	}
	if len(e.c.refs) == 0 {
		pw = 1
	}
	e.raw = pw*kp + (1-pw)*ref
	if e.c.derived {
		e.raw = (1-cfg.lengthWeight)*e.raw + cfg.lengthWeight*e.elaboration(ans)
	}
	curve := cfg.rubricCurve
	if e.c.derived {
		curve = cfg.curve
	}
	e.points = int(math.Round(100 * math.Pow(min(1, e.raw/cfg.rawFull), curve)))
}

// elaboration is how fully the answer is developed, for key points derived
// from a reference: its distinct terms against the reference's, up to one,
// and only in proportion to the content it shares with the reference (full
// from half the raw score up), so length alone earns nothing. A derived
// rubric has no alternative phrasings, so a complete answer in other words
// shares few terms with it; how much it says is then a signal of its own,
// and human graders use it too.
func (e *eval) elaboration(ans *Doc) float64 {
	refTerms := 0
	for _, r := range e.c.refs {
		refTerms = max(refTerms, len(r.terms))
	}
	if refTerms == 0 {
		return 0
	}
	ratio := float64(len(ans.distinct())) / float64(refTerms)
	return min(1, ratio) * min(1, 2*e.raw)
}

// coverOf turns a key point's best credit into its coverage: full from
// pointFull up, proportional down to coveredAt, and shrinking faster below
// it. Many faint partial matches (a shared word here and there) are what an
// answer to another question has; they must not add up to a stated point.
func coverOf(credit float64) float64 {
	c := min(1, credit/cfg.pointFull)
	if c >= cfg.coveredAt {
		return c
	}
	return c * c / cfg.coveredAt
}

// misconceptions finds the wrong beliefs the answer states and returns where
// it states them.
func (e *eval) misconceptions(ans *Doc) [][2]int {
	var spans [][2]int
	for i, m := range e.c.mis {
		for _, st := range m.phrases {
			if start, end, ok := st.find(ans); ok {
				e.mis = append(e.mis, i)
				spans = append(spans, [2]int{start, end})
				break
			}
		}
	}
	return spans
}

// grade turns the evaluation into the stored Grade with its review.
func (e *eval) grade() *bot.Grade {
	score := e.points
	if e.zero {
		score = 0
	}
	score -= cfg.misPenalty * len(e.mis)
	if e.capAt > 0 && score > e.capAt {
		score = e.capAt
	}
	score = max(0, min(100, score))
	g := &bot.Grade{
		Score:         score,
		Stars:         bot.StarsFor(score),
		Flags:         e.flags,
		Grader:        Name,
		GraderVersion: Version,
		RubricVersion: e.c.rubric.Version,
	}
	for i, p := range e.c.points {
		if i < len(e.cover) && e.cover[i] >= cfg.coveredAt {
			g.Covered = append(g.Covered, p.kp.ID)
		} else {
			g.Missing = append(g.Missing, p.kp.ID)
		}
	}
	for _, i := range e.mis {
		g.Misconceptions = append(g.Misconceptions, e.c.mis[i].m.ID)
	}
	g.Review = e.review(g)
	return g
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
