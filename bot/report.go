package bot

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ReportInput is everything a report is computed from: each question that was
// answered or skipped, with its grade, hints and answer text.
type ReportInput struct {
	SessionID int64
	Lang      Lang
	Items     []ReportItem // in the order asked
	Now       time.Time
}

// ReportItem is one finished turn of a mock interview.
type ReportItem struct {
	Question *Question
	Skipped  bool
	Hints    int
	Grade    *Grade // nil when skipped
	Answer   string // the answer text; "" when skipped
}

// How the report turns grades into ratings, scores and a verdict. The
// numbers are documented in the README ("How the report is scored") and
// pinned by report_test.go.
const (
	// HintPenalty is the share of an answer's score each hint costs, so an
	// answer reached with help counts less than one given unaided.
	HintPenalty = 0.1
	// Rating bands on the credited score (0-100); they match the star
	// bands of StarsFor: five stars is excellent, four good, three fair.
	ExcellentAt = 80
	GoodAt      = 60
	FairAt      = 40
	// Verdict thresholds on the overall score (0-10).
	StrongHireAt   = 8.0 // and no dimension rated "needs work"
	AnotherRoundAt = 6.0
	// MaxSuggestions caps the growth suggestions so the list stays readable.
	MaxSuggestions = 6
)

// Weights of the five scores in the overall score.
var overallWeights = ReportScores{
	TechnicalDepth:      0.30,
	EngineeringPractice: 0.20,
	SystemsThinking:     0.20,
	Communication:       0.15,
	Learning:            0.15,
}

// dimensionOrder is the order dimensions appear in a report.
var dimensionOrder = []Dimension{DimGoBasics, DimConcurrency, DimFundamentals, DimArchitecture, DimEngineering}

// BuildReport computes a mock interview's report. It is a pure function of
// its input:
//
//   - Each item's credited score is its grade (0-100) less HintPenalty per
//     hint; a skipped question credits 0.
//   - A dimension's rating is its items' mean credited score, in the bands
//     ExcellentAt/GoodAt/FairAt. Only dimensions that were asked appear.
//   - Technical depth, systems thinking and engineering practice are the
//     difficulty-weighted mean credited score (a hard question counts three
//     times an easy one) of round 1, round 2 and round 3, out of 10; a round
//     that was not asked falls back to all items.
//   - Communication is the mean structure of the answers given: 40% length
//     (full marks from 200 characters, less beyond 5000), 30% how many
//     sentences or list items it is organised in (full marks from 3), 30% how
//     clearly it states the key points (the share covered, less a quarter
//     per misconception).
//   - Learning is 40% the share of questions attempted rather than skipped,
//     30% how well hinted questions were then answered (without hints: the
//     mean grade), 30% holding up: full marks unless the second half of the
//     interview scored lower than the first, zero at 50 points lower.
//   - Overall is the weighted mean of the five (30/20/20/15/15).
//   - The verdict is strong hire from StrongHireAt with no dimension rated
//     needs work, another round from AnotherRoundAt, otherwise no hire.
func BuildReport(in ReportInput) *Report {
	r := &Report{SessionID: in.SessionID, Lang: in.Lang, CreatedAt: in.Now}
	r.Dimensions = rateDimensions(in.Items)
	r.Scores = ReportScores{
		TechnicalDepth:      roundScore(weightedScore(in.Items, RoundBasics)),
		SystemsThinking:     roundScore(weightedScore(in.Items, RoundArchitecture)),
		EngineeringPractice: roundScore(weightedScore(in.Items, RoundEngineering)),
		Communication:       roundScore(communication(in.Items)),
		Learning:            roundScore(learning(in.Items)),
	}
	w, s := overallWeights, r.Scores
	r.Overall = roundScore(w.TechnicalDepth*s.TechnicalDepth + w.EngineeringPractice*s.EngineeringPractice +
		w.SystemsThinking*s.SystemsThinking + w.Communication*s.Communication + w.Learning*s.Learning)
	r.Verdict = verdict(r.Overall, r.Dimensions)
	r.Suggestions = suggestions(in.Items, in.Lang)
	return r
}

// credited is an item's score after hints, 0-100.
func credited(it ReportItem) float64 {
	if it.Skipped || it.Grade == nil {
		return 0
	}
	return float64(it.Grade.Score) * max(0, 1-HintPenalty*float64(it.Hints))
}

// RatingFor maps a credited score (0-100) onto a rating.
func RatingFor(score float64) Rating {
	switch {
	case score >= ExcellentAt:
		return RatingExcellent
	case score >= GoodAt:
		return RatingGood
	case score >= FairAt:
		return RatingFair
	}
	return RatingNeedsWork
}

func rateDimensions(items []ReportItem) []DimensionRating {
	var out []DimensionRating
	for _, d := range dimensionOrder {
		var sum float64
		n := 0
		for _, it := range items {
			if it.Question.Dimension() == d {
				sum += credited(it)
				n++
			}
		}
		if n > 0 {
			out = append(out, DimensionRating{Dimension: d, Rating: RatingFor(sum / float64(n)), Questions: n})
		}
	}
	return out
}

// weightedScore is the difficulty-weighted mean credited score of the round's
// items (all items when the round was not asked), out of 10.
func weightedScore(items []ReportItem, round Round) float64 {
	sel := slices.DeleteFunc(slices.Clone(items), func(it ReportItem) bool { return it.Question.Round() != round })
	if len(sel) == 0 {
		sel = items
	}
	var sum, weight float64
	for _, it := range sel {
		w := float64(max(1, it.Question.Difficulty))
		sum += w * credited(it)
		weight += w
	}
	if weight == 0 {
		return 0
	}
	return sum / weight / 10
}

// communication scores the structure of the answers given, out of 10.
func communication(items []ReportItem) float64 {
	var sum float64
	n := 0
	for _, it := range items {
		if it.Skipped || it.Grade == nil {
			continue
		}
		sum += 0.4*lengthFit(it.Answer) + 0.3*structureFit(it.Answer) + 0.3*clarity(it.Grade)
		n++
	}
	if n == 0 {
		return 0
	}
	return 10 * sum / float64(n)
}

// lengthFit rewards an answer long enough to explain (200 characters) and
// gently marks down one so long it buries the point (over 5000).
func lengthFit(text string) float64 {
	n := utf8.RuneCountInString(strings.TrimSpace(text))
	if n > 5000 {
		return 0.8
	}
	return min(1, float64(n)/200)
}

// structureFit counts sentences and list items; three or more is organised.
func structureFit(text string) float64 {
	units := 0
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		for _, stop := range sentenceStops {
			units += strings.Count(line+" ", stop)
		}
		if r, _ := utf8.DecodeLastRuneInString(line); !strings.ContainsRune("。；！？.;!?", r) {
			units++ // a list item or a sentence without a final stop
		}
	}
	return min(1, float64(units)/3)
}

// sentenceStops end a sentence; ASCII ones count only before a space so
// "1.5" and "a.b" are not sentences.
var sentenceStops = []string{"。", "；", "！", "？", ". ", "; ", "! ", "? "}

// clarity is the share of key points an answer stated, less a quarter per
// misconception it voiced.
func clarity(g *Grade) float64 {
	total := len(g.Covered) + len(g.Missing)
	if total == 0 {
		return float64(g.Score) / 100
	}
	c := float64(len(g.Covered))/float64(total) - 0.25*float64(len(g.Misconceptions))
	return max(0, c)
}

// learning scores attempts, the use of hints and the trend, out of 10.
func learning(items []ReportItem) float64 {
	if len(items) == 0 {
		return 0
	}
	attempted, hinted, hintedSum, answeredSum := 0, 0, 0.0, 0.0
	for _, it := range items {
		if it.Skipped || it.Grade == nil {
			continue
		}
		attempted++
		answeredSum += float64(it.Grade.Score) / 100
		if it.Hints > 0 {
			hinted++
			hintedSum += float64(it.Grade.Score) / 100
		}
	}
	attempt := float64(attempted) / float64(len(items))
	help := 0.0
	switch {
	case hinted > 0:
		help = hintedSum / float64(hinted)
	case attempted > 0:
		help = answeredSum / float64(attempted)
	}
	return 10 * (0.4*attempt + 0.3*help + 0.3*trend(items))
}

// trend is full marks when the second half of the interview scored at
// least as well as the first, falling to zero at 50 points worse: holding up
// through a long interview is part of learning on the spot.
func trend(items []ReportItem) float64 {
	if len(items) < 2 {
		return 1
	}
	half := len(items) / 2
	mean := func(its []ReportItem) float64 {
		var s float64
		for _, it := range its {
			s += credited(it)
		}
		return s / float64(len(its))
	}
	d := mean(items[len(items)-half:]) - mean(items[:half])
	return min(1, max(0, 1+d/50))
}

func verdict(overall float64, dims []DimensionRating) Verdict {
	weak := slices.ContainsFunc(dims, func(d DimensionRating) bool { return d.Rating == RatingNeedsWork })
	switch {
	case overall >= StrongHireAt && !weak:
		return VerdictStrongHire
	case overall >= AnotherRoundAt:
		return VerdictAnotherRound
	}
	return VerdictNoHire
}

// roundScore clamps to 0-10 and keeps one decimal.
func roundScore(x float64) float64 {
	return math.Round(min(10, max(0, x))*10) / 10
}

// suggestions turns the gaps into growth suggestions, most important first:
// misconceptions to correct, topics skipped, then missing key points by
// weight and difficulty. A flawless interview gets a follow-up question to
// go deeper.
func suggestions(items []ReportItem, lang Lang) []string {
	var out []string
	add := func(s string) {
		if len(out) < MaxSuggestions && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, it := range items {
		if it.Grade == nil {
			continue
		}
		for _, id := range it.Grade.Misconceptions {
			if m, ok := findMisconception(it.Question, id); ok {
				add(fmt.Sprintf(suggestFix.In(lang), topicTitle(it.Question, lang), m.Correction.In(lang)))
			}
		}
	}
	for _, it := range items {
		if it.Skipped {
			add(fmt.Sprintf(suggestSkipped.In(lang), topicTitle(it.Question, lang), it.Question.Text.In(lang)))
		}
	}
	type gap struct {
		q      *Question
		kp     KeyPoint
		weight float64
	}
	var gaps []gap
	for _, it := range items {
		if it.Grade == nil {
			continue
		}
		for _, id := range it.Grade.Missing {
			if kp, ok := findKeyPoint(it.Question, id); ok {
				gaps = append(gaps, gap{it.Question, kp, kp.Weight * float64(max(1, it.Question.Difficulty))})
			}
		}
	}
	slices.SortStableFunc(gaps, func(a, b gap) int { return cmp.Compare(b.weight, a.weight) })
	for _, g := range gaps {
		add(fmt.Sprintf(suggestGap.In(lang), topicTitle(g.q, lang), g.kp.Point.In(lang)))
	}
	if len(out) == 0 {
		if q := hardest(items); q != nil && len(q.FollowUps) > 0 {
			add(fmt.Sprintf(suggestDeeper.In(lang), topicTitle(q, lang), q.FollowUps[0].In(lang)))
		}
	}
	return out
}

var (
	suggestFix     = Text{ZH: "纠正误区（%s）：%s", EN: "Correct a misconception (%s): %s"}
	suggestSkipped = Text{ZH: "补上跳过的题（%s）：%s", EN: "Prepare the question you skipped (%s): %s"}
	suggestGap     = Text{ZH: "补充要点（%s）：%s", EN: "Cover this point (%s): %s"}
	suggestDeeper  = Text{ZH: "继续深入（%s）：%s", EN: "Go deeper (%s): %s"}
)

func topicTitle(q *Question, lang Lang) string {
	if t, ok := FindTopic(q.Topic); ok {
		return t.Title.In(lang)
	}
	return q.Topic
}

func findKeyPoint(q *Question, id string) (KeyPoint, bool) {
	i := slices.IndexFunc(q.Rubric.KeyPoints, func(kp KeyPoint) bool { return kp.ID == id })
	if i < 0 {
		return KeyPoint{}, false
	}
	return q.Rubric.KeyPoints[i], true
}

func findMisconception(q *Question, id string) (Misconception, bool) {
	i := slices.IndexFunc(q.Rubric.Misconceptions, func(m Misconception) bool { return m.ID == id })
	if i < 0 {
		return Misconception{}, false
	}
	return q.Rubric.Misconceptions[i], true
}

// hardest returns the most difficult answered question, the first among equals.
func hardest(items []ReportItem) *Question {
	var best *Question
	for _, it := range items {
		if !it.Skipped && (best == nil || it.Question.Difficulty > best.Difficulty) {
			best = it.Question
		}
	}
	return best
}
