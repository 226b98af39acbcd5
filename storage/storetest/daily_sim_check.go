package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// firstUpTick returns the first tick in [from, to) at which the bot runs.
func firstUpTick(from, to time.Time) (time.Time, bool) {
	t := simStart.Add(((from.Sub(simStart) + simTick - 1) / simTick) * simTick)
	if t.Before(simStart) {
		t = simStart
	}
	for ; t.Before(to) && t.Before(simEnd); t = t.Add(simTick) {
		if simUp(t) {
			return t, true
		}
	}
	return time.Time{}, false
}

// expected computes from the calendar alone (no cron, no store) which
// questions, reveals and leaderboards the channel must get.
func (ch *simChannel) expected() (questions, reveals, boards []string) {
	first := simStart.In(ch.loc)
	for day := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, ch.loc); day.Before(simEnd); day = day.AddDate(0, 0, 1) {
		date := day.Format(time.DateOnly)
		midnight := day.AddDate(0, 0, 1)
		off := slices.Contains(ch.sched.SkipDates, date) || date >= ch.pause[0] && date < ch.pause[1]
		if off {
			continue
		}
		if slices.Contains(ch.weekdays, day.Weekday()) {
			fire := time.Date(day.Year(), day.Month(), day.Day(), ch.qh, ch.qm, 0, 0, ch.loc)
			if posted, ok := firstUpTick(fire, midnight); ok {
				questions = append(questions, date)
				reveal := time.Date(day.Year(), day.Month(), day.Day(), ch.rh, ch.rm, 0, 0, ch.loc)
				if posted.After(reveal) {
					panic("the simulation never posts a question after its reveal time")
				}
				if _, ok := firstUpTick(reveal, reveal.Add(bot.DefaultRevealCatchUp+time.Nanosecond)); ok {
					reveals = append(reveals, date)
				}
			}
		}
		if day.Weekday() == ch.lbDay {
			fire := time.Date(day.Year(), day.Month(), day.Day(), ch.lbh, 0, 0, 0, ch.loc)
			if _, ok := firstUpTick(fire, midnight); ok {
				boards = append(boards, date)
			}
		}
	}
	return questions, reveals, boards
}

func (s *sim) check(t *testing.T, ch *simChannel) {
	s.msg.mu.Lock()
	posts := slices.Clone(s.msg.posts[ch.id])
	s.msg.mu.Unlock()
	var questions, reveals, boards, asked []string
	for _, p := range posts {
		switch p.kind {
		case bot.PostQuestion:
			questions = append(questions, p.date)
			asked = append(asked, p.question)
		case bot.PostReveal:
			reveals = append(reveals, p.date)
		case bot.PostLeaderboard:
			boards = append(boards, bot.LocalDate(p.lb.To, ch.loc)) // see below
			from := p.lb.From.In(ch.loc)
			if from.Weekday() != time.Monday || from.Hour() != 0 || p.lb.To.Sub(p.lb.From) < 167*time.Hour {
				t.Errorf("leaderboard window %v to %v is not a Monday-to-Monday week in %s", p.lb.From, p.lb.To, ch.loc)
			}
		}
	}
	wantQ, wantR, wantB := ch.expected()
	wantEqual(t, "question dates", questions, wantQ)
	wantEqual(t, "reveal dates", reveals, wantR)
	// A Monday board shows the week that just ended; Berlin's Sunday board
	// the week ending that night: either way the window ends on the Monday
	// after the day before the post.
	var wantEnds []string
	for _, d := range wantB {
		day, _ := time.ParseInLocation(time.DateOnly, d, ch.loc)
		prev := day.AddDate(0, 0, -1)
		wantEnds = append(wantEnds, prev.AddDate(0, 0, 7-(int(prev.Weekday())+6)%7).Format(time.DateOnly))
	}
	wantEqual(t, "leaderboard weeks (end dates)", boards, wantEnds)
	wantEqual(t, "leaderboard count", len(boards), len(wantB))

	// Rotation: each run of poolSize questions is the whole pool.
	for i := 0; i < len(asked); i += ch.poolSize {
		cycle := slices.Clone(asked[i:min(i+ch.poolSize, len(asked))])
		slices.Sort(cycle)
		if n := len(slices.Compact(cycle)); n != min(ch.poolSize, len(asked)-i) {
			t.Errorf("questions %d..%d repeat before the pool of %d is exhausted: %v", i, i+ch.poolSize, ch.poolSize, asked)
		}
	}

	// Points and streaks against the model.
	rec := s.record[ch.id]
	wantEqual(t, "answered question dates", rec.dates, wantQ)
	lb, err := s.daily[0].Leaderboard(s.ctx, ch.id, bot.PeriodAll, simEnd)
	if err != nil {
		t.Fatalf("Leaderboard: %v", err)
	}
	got := map[string][2]int{}
	for _, e := range lb.Entries {
		got[e.Member.Name] = [2]int{e.Points, e.Streak}
	}
	want := map[string][2]int{}
	for _, m := range simMembers {
		lastOpen := len(rec.closes) > 0 && rec.closes[len(rec.closes)-1].After(simEnd)
		want[m] = [2]int{rec.points[m], modelStreak(rec.onTime[m], lastOpen)}
	}
	wantEqual(t, "all-time points and streaks", got, want)
	for _, m := range simMembers {
		st, err := s.daily[0].Stats(s.ctx, bot.MemberKey{Platform: "sim", Workspace: "W1", UserID: ch.name + "-" + m})
		if err != nil {
			t.Fatalf("Stats(%s): %v", m, err)
		}
		answers := 0
		for i := range rec.onTime[m] {
			if rec.onTime[m][i] || rec.late[m][i] {
				answers++
			}
		}
		if st.Answers != answers || st.Points != rec.points[m] || st.BestStreak != modelBest(rec.onTime[m]) {
			t.Errorf("Stats(%s) = %d answers, %d points, best streak %d; want %d, %d, %d", m,
				st.Answers, st.Points, st.BestStreak, answers, rec.points[m], modelBest(rec.onTime[m]))
		}
	}
	hand := simTable[ch.name]
	if len(questions) != hand.questions || len(reveals) != hand.reveals || len(boards) != hand.boards {
		t.Errorf("%d questions, %d reveals, %d boards; the hand-computed table says %d, %d, %d",
			len(questions), len(reveals), len(boards), hand.questions, hand.reveals, hand.boards)
	}
	for m, streak := range hand.streaks {
		if got[m][1] != streak {
			t.Errorf("streak of %s = %d, the hand-computed table says %d", m, got[m][1], streak)
		}
	}
	t.Logf("%s: %d questions, %d reveals, %d leaderboards; streaks %v", ch.name, len(questions), len(reveals), len(boards), fmt.Sprint(want))
}

// simTable is the outcome worked out by hand from the calendar: New York
// has 43 weekdays from Wed 30 Sep to Fri 27 Nov, less Thanksgiving, two
// paused days and the day lost to the long outage; Berlin posts all 61
// local days (the outage's question is caught up in the morning) and its
// last reveal falls after the end; Shanghai has 43 weekdays less five
// holiday skips. Boards: Mondays (New York's paused one and Shanghai's
// holiday one dropped) and Berlin's Sundays before the end. Streaks: "gaps"
// misses post index i%5==3, "late" is late on i%4==1.
var simTable = map[string]struct {
	questions, reveals, boards int
	streaks                    map[string]int
}{
	"new-york": {39, 39, 7, map[string]int{"every": 39, "gaps": 0, "late": 1}},
	"berlin":   {61, 60, 8, map[string]int{"every": 61, "gaps": 2, "late": 3}},
	"shanghai": {38, 38, 7, map[string]int{"every": 38, "gaps": 4, "late": 0}},
}

// modelStreak is the trailing run of on-time answers; a last post still
// open and not answered yet is left out rather than breaking the run.
func modelStreak(onTime []bool, lastOpen bool) int {
	i := len(onTime) - 1
	if lastOpen && i >= 0 && !onTime[i] {
		i--
	}
	n := 0
	for ; i >= 0 && onTime[i]; i-- {
		n++
	}
	return n
}

func modelBest(onTime []bool) int {
	best, run := 0, 0
	for _, ok := range onTime {
		if ok {
			run++
		} else {
			run = 0
		}
		best = max(best, run)
	}
	return best
}
