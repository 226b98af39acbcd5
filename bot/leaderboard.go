package bot

import "time"

// Points: every counted answer earns a participation point base plus its
// score scaled to ScorePoints, so showing up every day matters as much as a
// perfect answer now and then.
const (
	ParticipationPoints = 10
	ScorePoints         = 10 // a score of 100 earns 10 more
)

// PointsFor returns the points a counted answer with score earns.
func PointsFor(score int) int {
	return ParticipationPoints + score*ScorePoints/100
}

// Period is a leaderboard window.
type Period string

// Leaderboard periods.
const (
	PeriodWeek  Period = "week"
	PeriodMonth Period = "month"
	PeriodAll   Period = "all"
)

// LeaderboardEntry is one member's line on a leaderboard.
type LeaderboardEntry struct {
	Rank     int
	Member   Member
	Points   int
	Answers  int
	AvgScore float64
	Streak   int // consecutive question posts answered, up to now
}

// Leaderboard is a channel's ranking over a window [From, To).
type Leaderboard struct {
	ChannelID    int64
	Period       Period
	From, To     time.Time
	Entries      []LeaderboardEntry // top N by points
	MostImproved *LeaderboardEntry  // biggest rise in average score against the previous window, if any
	Improvement  float64            // MostImproved's rise in average score, in points of 100
}

// MemberStats is what a member sees about themself (App Home, /stats).
type MemberStats struct {
	MemberID      int64
	Answers       int
	AvgScore      float64
	Points        int
	Streak        int
	BestStreak    int
	WeakestTopics []string // topics with the lowest average score, worst first
}
