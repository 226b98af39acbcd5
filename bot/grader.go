package bot

import "context"

// GradeRequest is one answer to grade against its question's rubric.
type GradeRequest struct {
	Question *Question
	Answer   string
	Lang     Lang // language of the feedback; "" means detect from the answer
	// MemberID is the author, 0 when unknown (batch grading). Graders that
	// spend money per call (the LLM judge) limit concurrency per member.
	MemberID int64
}

// Grader scores an answer against a rubric. Implementations live in grading/.
// A Grader returns an error only when it could not grade at all; bad answers
// (empty, off-topic, gibberish) get a low Grade with a Flag and a Review that
// says why.
type Grader interface {
	Grade(ctx context.Context, req GradeRequest) (*Grade, error)
}
