package bot

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"
)

// Leaderboard returns the channel's leaderboard for the period containing
// now, in the channel's zone: the top LeaderboardSize members by points with
// their answers, average score and current streak, and the most improved
// member against the previous period (none for "all").
func (d *Daily) Leaderboard(ctx context.Context, channelID int64, period Period, now time.Time) (*Leaderboard, error) {
	cc, err := d.loadChannel(ctx, channelID)
	if err != nil {
		return nil, err
	}
	return d.leaderboard(ctx, cc, period, now, now)
}

// leaderboard computes the board of the period containing at, with
// streaks as of now.
func (d *Daily) leaderboard(ctx context.Context, cc *channelContext, period Period, at, now time.Time) (*Leaderboard, error) {
	w, err := PeriodWindow(period, at, cc.loc)
	if err != nil {
		return nil, err
	}
	prevFrom := ""
	if prev, ok := w.previous(period, cc.loc); ok {
		prevFrom = prev.FromDate
	}
	// One store call: the top of the board and the most improved member.
	top, mi, err := d.store.Board(ctx, cc.ch.ID, prevFrom, w.FromDate, w.ToDate, LeaderboardSize)
	if err != nil {
		return nil, fmt.Errorf("leaderboard of channel %d: %w", cc.ch.ID, err)
	}
	rankEntries(top)
	lb := &Leaderboard{ChannelID: cc.ch.ID, Period: period, From: w.From.UTC(), To: w.To.UTC(), Entries: top}
	if mi != nil {
		e := mi.Entry
		lb.MostImproved, lb.Improvement = &e, mi.Rise
	}
	if err := d.fillStreaks(ctx, cc.ch.ID, lb, now); err != nil {
		return nil, err
	}
	return lb, nil
}

// fillStreaks sets the current streak of every member on the board.
func (d *Daily) fillStreaks(ctx context.Context, channelID int64, lb *Leaderboard, now time.Time) error {
	var ids []int64
	for _, e := range lb.Entries {
		ids = append(ids, e.Member.ID)
	}
	if lb.MostImproved != nil {
		ids = append(ids, lb.MostImproved.Member.ID)
	}
	if len(ids) == 0 {
		return nil
	}
	posts, err := d.store.Attendance(ctx, channelID, ids, 0)
	if err != nil {
		return fmt.Errorf("attendance in channel %d: %w", channelID, err)
	}
	for i := range lb.Entries {
		lb.Entries[i].Streak = Streak(posts, lb.Entries[i].Member.ID, now)
	}
	if lb.MostImproved != nil {
		lb.MostImproved.Streak = Streak(posts, lb.MostImproved.Member.ID, now)
	}
	return nil
}

// WeakestTopicsShown is how many weak topics Stats lists.
const WeakestTopicsShown = 3

// Stats returns what a member sees about themself: answers, points and
// average over every channel, the best current streak and the best streak
// ever in any channel, and their weakest topics.
func (d *Daily) Stats(ctx context.Context, key MemberKey) (*MemberStats, error) {
	m := &Member{Key: key}
	if err := d.store.UpsertMember(ctx, m); err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	t, err := d.store.MemberTotals(ctx, m.ID)
	if err != nil {
		return nil, fmt.Errorf("stats of member %d: %w", m.ID, err)
	}
	st := &MemberStats{MemberID: m.ID, Answers: t.Answers, AvgScore: t.AvgScore, Points: t.Points}
	now := d.now()
	for _, ch := range t.Channels {
		posts, err := d.store.Attendance(ctx, ch, []int64{m.ID}, 0)
		if err != nil {
			return nil, fmt.Errorf("attendance in channel %d: %w", ch, err)
		}
		st.Streak = max(st.Streak, Streak(posts, m.ID, now))
		st.BestStreak = max(st.BestStreak, BestStreak(posts, m.ID))
	}
	st.WeakestTopics = d.weakestTopics(t.QuestionScores)
	return st, nil
}

// weakestTopics averages scores per topic and returns the lowest, worst
// first; ties in topic order.
func (d *Daily) weakestTopics(scores map[string]int) []string {
	type topicAvg struct {
		name       string
		sum, count int
	}
	by := map[string]*topicAvg{}
	for id, s := range scores {
		q, err := d.bank.Find(id)
		if err != nil {
			continue // a question that left the bank
		}
		t := by[q.Topic]
		if t == nil {
			t = &topicAvg{name: q.Topic}
			by[q.Topic] = t
		}
		t.sum += s
		t.count++
	}
	var ts []*topicAvg
	for _, t := range by {
		ts = append(ts, t)
	}
	slices.SortFunc(ts, func(a, b *topicAvg) int {
		// a.sum/a.count vs b.sum/b.count without rounding.
		if c := cmp.Compare(a.sum*b.count, b.sum*a.count); c != 0 {
			return c
		}
		return cmp.Compare(a.name, b.name)
	})
	var out []string
	for _, t := range ts[:min(len(ts), WeakestTopicsShown)] {
		out = append(out, t.name)
	}
	return out
}
