package grading

// config is the scorer's one configuration, shared by every question and
// both languages. The figures were set against the development calibration
// sets (see scripts/calibrate.sh); none is keyed to a question.
type config struct {
	questionDemote float64 // weight of a reference term the question already uses: restating the question is little evidence
	fuzzyCredit    float64 // credit for a near form of a term
	shortPhrase    int     // phrases with fewer terms get damped partial credit
	shortPartial   float64 // the damping factor
	commonWord     float64 // credit factor of a one-term phrase that is a general word
	coveredAt      float64 // a key point counts as covered from this credit up
	looseFrom      float64 // coverage of a key point's wording below this counts partly
	pointWeight    float64 // share of the key-point score in the raw score (the rest: reference overlap)
	refPointWeight float64 // the same share for key points derived from the reference
	pointFull      float64 // key-point credit from which the point counts fully
	rawFull        float64 // raw score from which the answer gets full marks
	lengthWeight   float64 // share of elaboration (answer length against the reference's, gated by content) in the raw score of derived key points
	curve          float64 // exponent of the raw-to-score curve for derived key points (< 1 is generous to partial answers)
	rubricCurve    float64 // the same for written key points, whose phrasings match precisely
	misPenalty     int     // points taken off per misconception
	shortTerms     int     // fewer content terms than this is "too short"
	shortCap       int     // the highest score a too-short answer gets
	maxGraded      int     // bytes of an answer that are graded
}

var cfg = config{
	questionDemote: 0.2,
	fuzzyCredit:    0.8,
	shortPhrase:    3,
	shortPartial:   0.5,
	commonWord:     0.3,
	coveredAt:      0.6,
	looseFrom:      0.6,
	pointWeight:    0.7,
	refPointWeight: 0.5,
	pointFull:      0.8,
	rawFull:        1.0,
	lengthWeight:   0.3,
	curve:          0.5,
	rubricCurve:    1,
	misPenalty:     20,
	shortTerms:     2,
	shortCap:       25,
	maxGraded:      8 << 10,
}
