package bot

import "time"

// MaxAnswerBytes caps what is stored for one answer. Larger answers are
// rejected with a clear message rather than truncated silently.
const MaxAnswerBytes = 64 << 10

// Answer is what a member wrote in reply to a question. It is stored before
// it is graded, so a grading failure never loses it.
type Answer struct {
	ID         int64
	MemberID   int64
	QuestionID string
	SessionID  int64 // the mock session it belongs to, 0 otherwise
	PostID     int64 // the daily question post it answers, 0 otherwise
	Text       string
	Lang       Lang
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Withdrawn  bool   // the author deleted it; it no longer counts
	Grade      *Grade // the latest grade, nil until graded
}

// Grade is one grader's verdict on an answer. Grades are appended, never
// overwritten: a re-grade (an edit, a new rubric, the LLM judge) adds a row.
type Grade struct {
	ID             int64
	AnswerID       int64
	Score          int      // 0-100
	Stars          int      // 1-5, see StarsFor
	Covered        []string // key point ids fully or partly covered
	Missing        []string // key point ids not covered
	Misconceptions []string // misconception ids found
	Flags          []string // guards that fired: "empty", "too_short", "truncated", ...
	Review         Review
	Grader         string // e.g. "rubric", "llm:gpt-4o-mini"
	GraderVersion  string
	RubricVersion  string
	CreatedAt      time.Time
}

// Review is feedback in the reviewers' form: ✅ strengths, ⚠️ gaps,
// 💡 suggestions, ❌ misconceptions with corrections, and a star rating.
type Review struct {
	Lang        Lang
	Strengths   []string
	Gaps        []string
	Suggestions []string
	Corrections []string
	Summary     string // one line overall verdict
}

// StarsFor maps a 0-100 score onto the 1-5 star rating the reviewers use:
// below 20 is one star, then one more star per 20 points, 80 and above five.
func StarsFor(score int) int {
	switch {
	case score >= 80:
		return 5
	case score >= 60:
		return 4
	case score >= 40:
		return 3
	case score >= 20:
		return 2
	}
	return 1
}
