package bot_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// longAnswer is long and organised enough for full communication marks.
const longAnswer = "First, the runtime keeps a queue per processor. Second, idle processors steal work from busy ones. " +
	"Third, blocking system calls hand the processor to another thread so the rest keeps running. " +
	"Finally, long-running goroutines are preempted so nothing starves."

// item builds a report item for q with a grade covering the first covered
// key points.
func item(q *bot.Question, score, covered, hints int, answer string) bot.ReportItem {
	g := &bot.Grade{Score: score, Stars: bot.StarsFor(score)}
	for i, kp := range q.Rubric.KeyPoints {
		if i < covered {
			g.Covered = append(g.Covered, kp.ID)
		} else {
			g.Missing = append(g.Missing, kp.ID)
		}
	}
	return bot.ReportItem{Question: q, Grade: g, Hints: hints, Answer: answer}
}

func skipped(q *bot.Question) bot.ReportItem { return bot.ReportItem{Question: q, Skipped: true} }

func TestBuildReport(t *testing.T) {
	runtime := testQuestion("rt", "go-runtime", 2, 4)
	db := testQuestion("db", "databases", 2, 4)
	ms := testQuestion("ms", "microservices", 2, 4)
	hard := testQuestion("hard", "distributed", 3, 4)
	withMistake := item(db, 50, 2, 0, longAnswer)
	withMistake.Grade.Misconceptions = []string{"wrong1"}

	tests := []struct {
		name        string
		items       []bot.ReportItem
		dims        map[bot.Dimension]bot.Rating
		scores      bot.ReportScores
		overall     float64
		verdict     bot.Verdict
		suggestions []string // prefixes, in order
	}{
		{
			name:    "flawless",
			items:   []bot.ReportItem{item(runtime, 100, 4, 0, longAnswer), item(db, 100, 4, 0, longAnswer), item(ms, 100, 4, 0, longAnswer)},
			dims:    map[bot.Dimension]bot.Rating{bot.DimGoBasics: bot.RatingExcellent, bot.DimArchitecture: bot.RatingExcellent, bot.DimEngineering: bot.RatingExcellent},
			scores:  bot.ReportScores{TechnicalDepth: 10, EngineeringPractice: 10, SystemsThinking: 10, Communication: 10, Learning: 10},
			overall: 10, verdict: bot.VerdictStrongHire,
			suggestions: []string{"Go deeper (Go runtime): Follow-up rt"},
		},
		{
			// learning = 10 × (0.4 × 2/3 + 0.3 × 1 + 0.3 × 1) = 8.7
			// overall = 0.3×10 + 0.2×10 + 0.2×0 + 0.15×10 + 0.15×8.67 = 7.8
			name:    "one skip",
			items:   []bot.ReportItem{item(runtime, 100, 4, 0, longAnswer), skipped(db), item(ms, 100, 4, 0, longAnswer)},
			dims:    map[bot.Dimension]bot.Rating{bot.DimGoBasics: bot.RatingExcellent, bot.DimArchitecture: bot.RatingNeedsWork, bot.DimEngineering: bot.RatingExcellent},
			scores:  bot.ReportScores{TechnicalDepth: 10, EngineeringPractice: 10, SystemsThinking: 0, Communication: 10, Learning: 8.7},
			overall: 7.8, verdict: bot.VerdictAnotherRound,
			suggestions: []string{"Prepare the question you skipped (Databases and caching): Question db"},
		},
		{
			// two hints: 100 × 0.8 = 80, excellent; three: 70, good.
			// depth = (80×2 + 70×2) / 4 / 10 = 7.5; learning = 10 × (0.4 + 0.3 + 0.3 × (1 - 10/50)) = 9.4
			name:    "hints cost a tenth each",
			items:   []bot.ReportItem{item(runtime, 100, 4, 2, longAnswer), item(testQuestion("ch", "go-concurrency", 2, 4), 100, 4, 3, longAnswer)},
			dims:    map[bot.Dimension]bot.Rating{bot.DimGoBasics: bot.RatingExcellent, bot.DimConcurrency: bot.RatingGood},
			scores:  bot.ReportScores{TechnicalDepth: 7.5, EngineeringPractice: 7.5, SystemsThinking: 7.5, Communication: 10, Learning: 9.4},
			overall: 8.2, verdict: bot.VerdictStrongHire,
			suggestions: []string{"Go deeper"},
		},
		{
			// The misconception comes first, then missing points by weight × difficulty:
			// hard's kp2 (3×3=9) before db's kp3 (2×2=4) and hard's kp4 (1×3=3).
			name:    "gaps become suggestions",
			items:   []bot.ReportItem{withMistake, item(hard, 50, 1, 0, "Consensus.")},
			dims:    map[bot.Dimension]bot.Rating{bot.DimArchitecture: bot.RatingFair},
			overall: 5.5, verdict: bot.VerdictNoHire, // 0.3×5 + 0.2×5 + 0.2×5 + 0.15×4.9 + 0.15×8.5
			scores: bot.ReportScores{TechnicalDepth: 5, EngineeringPractice: 5, SystemsThinking: 5,
				// db: 0.4 + 0.3 + 0.3×(0.5-0.25) = 0.775; hard: 0.4×10/200 + 0.3×1/3 + 0.3×0.25 = 0.195
				Communication: 4.9,
				Learning:      8.5}, // 10 × (0.4 + 0.3×0.5 + 0.3)
			suggestions: []string{"Correct a misconception (Databases and caching): correction db", "Cover this point (Distributed systems): point 2",
				"Cover this point (Distributed systems): point 3", "Cover this point (Databases and caching): point 3",
				"Cover this point (Distributed systems): point 4", "Cover this point (Databases and caching): point 4"},
		},
		{
			name:    "nothing answered",
			items:   nil,
			verdict: bot.VerdictNoHire,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
			r := bot.BuildReport(bot.ReportInput{SessionID: 7, Lang: bot.LangEN, Items: tt.items, Now: now})
			if r.SessionID != 7 || !r.CreatedAt.Equal(now) {
				t.Errorf("report session %d at %v, want 7 at %v", r.SessionID, r.CreatedAt, now)
			}
			got := map[bot.Dimension]bot.Rating{}
			for _, d := range r.Dimensions {
				got[d.Dimension] = d.Rating
			}
			if len(got) != len(tt.dims) {
				t.Errorf("dimensions = %v, want %v", got, tt.dims)
			}
			for d, want := range tt.dims {
				if got[d] != want {
					t.Errorf("dimension %s = %s, want %s", d, got[d], want)
				}
			}
			if r.Scores != tt.scores {
				t.Errorf("scores = %+v, want %+v", r.Scores, tt.scores)
			}
			if r.Overall != tt.overall {
				t.Errorf("overall = %v, want %v", r.Overall, tt.overall)
			}
			if r.Verdict != tt.verdict {
				t.Errorf("verdict = %s, want %s", r.Verdict, tt.verdict)
			}
			if len(r.Suggestions) != len(tt.suggestions) {
				t.Fatalf("suggestions = %q, want %d starting %q", r.Suggestions, len(tt.suggestions), tt.suggestions)
			}
			for i, want := range tt.suggestions {
				if !strings.HasPrefix(r.Suggestions[i], want) {
					t.Errorf("suggestion %d = %q, want it to start %q", i, r.Suggestions[i], want)
				}
			}
		})
	}
}

func TestBuildReportChinese(t *testing.T) {
	q := testQuestion("rt", "go-runtime", 2, 4)
	r := bot.BuildReport(bot.ReportInput{Lang: bot.LangZH, Items: []bot.ReportItem{item(q, 50, 2, 0, longAnswer)}})
	if want := "补充要点（Go 运行时）：要点 3"; !slices.Contains(r.Suggestions, want) {
		t.Errorf("suggestions = %q, want %q among them", r.Suggestions, want)
	}
}

func TestBuildReportCapsSuggestions(t *testing.T) {
	var items []bot.ReportItem
	for _, topic := range []string{"os", "networking", "coding", "kubernetes"} {
		items = append(items, item(testQuestion(topic, topic, 1, 4), 0, 0, 0, "x"))
	}
	if got := len(bot.BuildReport(bot.ReportInput{Lang: bot.LangEN, Items: items}).Suggestions); got != bot.MaxSuggestions {
		t.Errorf("%d suggestions, want the cap %d", got, bot.MaxSuggestions)
	}
}

func TestRatingFor(t *testing.T) {
	tests := []struct {
		score float64
		want  bot.Rating
	}{
		{100, bot.RatingExcellent}, {80, bot.RatingExcellent}, {79.9, bot.RatingGood}, {60, bot.RatingGood},
		{59, bot.RatingFair}, {40, bot.RatingFair}, {39.9, bot.RatingNeedsWork}, {0, bot.RatingNeedsWork},
	}
	for _, tt := range tests {
		if got := bot.RatingFor(tt.score); got != tt.want {
			t.Errorf("RatingFor(%v) = %s, want %s", tt.score, got, tt.want)
		}
	}
}

func TestTitles(t *testing.T) {
	if got := bot.RatingNeedsWork.Title(bot.LangZH); got != "需提升" {
		t.Errorf("needs work in zh = %q, want 需提升", got)
	}
	for _, v := range bot.Verdicts {
		if v.Title(bot.LangEN) == "" || v.Title(bot.LangZH) == "" {
			t.Errorf("verdict %s has no title", v)
		}
	}
}
