package bot

import "time"

// SessionState is where a mock interview stands.
type SessionState string

// Session states. A session moves active → (paused ↔ active) → finished, or
// to expired when it sits idle too long. Every step is stored before the next
// message is sent, so a restart resumes where it stopped.
const (
	SessionActive   SessionState = "active"
	SessionPaused   SessionState = "paused" // the member typed quit; resumable
	SessionFinished SessionState = "finished"
	SessionExpired  SessionState = "expired"
)

// MockSession is one private, multi-question mock interview.
type MockSession struct {
	ID        int64
	MemberID  int64
	Track     string
	Lang      Lang
	State     SessionState
	Plan      []string // question ids in the order they are asked
	Current   int      // index into Plan of the question being asked
	Turns     []Turn   // one per question already answered or skipped
	Report    *Report  // set when finished
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Turn is the outcome of one question in a mock interview.
type Turn struct {
	Index      int // position in Plan
	QuestionID string
	AnswerID   int64 // 0 when skipped
	Skipped    bool
	Hints      int    // hints asked before answering
	Grade      *Grade // nil when skipped
}

// Rating is the four-level verdict per report dimension.
type Rating string

// Ratings, best first.
const (
	RatingExcellent Rating = "excellent" // 优秀
	RatingGood      Rating = "good"      // 良好
	RatingFair      Rating = "fair"      // 一般
	RatingNeedsWork Rating = "needs_work"
)

// Verdict is the hiring recommendation at the end of a report.
type Verdict string

// Verdicts.
const (
	VerdictStrongHire   Verdict = "strong_hire"   // pass and recommend
	VerdictAnotherRound Verdict = "another_round" // pass, but needs another round
	VerdictNoHire       Verdict = "no_hire"
)

// Report is the final summary of a mock interview, in the shape of the seed
// interview record: a rating per dimension, scores out of 10, an overall
// score, a verdict and growth suggestions drawn from the gaps.
type Report struct {
	SessionID   int64
	Lang        Lang
	Dimensions  []DimensionRating
	Scores      ReportScores
	Overall     float64 // 0-10, one decimal
	Verdict     Verdict
	Suggestions []string
	CreatedAt   time.Time
}

// DimensionRating rates one dimension from the questions that measured it.
type DimensionRating struct {
	Dimension Dimension
	Rating    Rating
	Questions int
}

// ReportScores are the five scores out of 10 the seed report gives.
type ReportScores struct {
	TechnicalDepth      float64
	EngineeringPractice float64
	SystemsThinking     float64
	Communication       float64
	Learning            float64
}

// NamedScore is one of the report's scores with its name in both languages.
type NamedScore struct {
	Name  Text
	Value float64
}

// Named lists the five scores in the seed report's order with their names,
// so every adapter renders the same list.
func (s ReportScores) Named() []NamedScore {
	return []NamedScore{
		{Text{ZH: "技术深度", EN: "Technical depth"}, s.TechnicalDepth},
		{Text{ZH: "工程实践", EN: "Engineering practice"}, s.EngineeringPractice},
		{Text{ZH: "系统思维", EN: "Systems thinking"}, s.SystemsThinking},
		{Text{ZH: "沟通表达", EN: "Communication"}, s.Communication},
		{Text{ZH: "学习能力", EN: "Learning"}, s.Learning},
	}
}
