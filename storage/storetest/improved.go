package storetest

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// improvedPairs are the (previous from, from, to) windows the most-improved
// checks ask for: consecutive whole weeks and months (which engines may
// serve from period totals), half weeks and a whole week followed by a half
// week (summed from the answers), and two windows before any post.
var improvedPairs = [][3]string{
	{"2026-02-23", "2026-03-02", "2026-03-09"}, {"2026-03-02", "2026-03-09", "2026-03-16"},
	{"2026-03-09", "2026-03-16", "2026-03-23"}, {"2026-03-16", "2026-03-23", "2026-03-30"},
	{"2026-03-23", "2026-03-30", "2026-04-06"}, {"2026-03-30", "2026-04-06", "2026-04-13"},
	{"2026-02-01", "2026-03-01", "2026-04-01"}, {"2026-03-01", "2026-04-01", "2026-05-01"},
	{"2026-03-02", "2026-03-05", "2026-03-09"}, {"2026-03-05", "2026-03-09", "2026-03-12"},
	{"2026-02-23", "2026-03-02", "2026-03-05"}, {"2026-03-19", "2026-04-02", "2026-04-10"},
	{"2026-01-05", "2026-01-12", "2026-01-19"},
}

// testMostImproved holds MostImproved against the computation bot.Daily
// made before the store answered it (goMostImproved over two full boards),
// over random histories with coarse scores, so equal rises and members
// with ungraded answers only are common, and over a history built to tie.
func testMostImproved(t *testing.T, s bot.DailyStore) {
	ctx := context.Background()
	found, missing := 0, 0
	for seed := range uint64(4) {
		c := MustChannel(t, s)
		rng := rand.New(rand.NewPCG(seed, 11))
		var members []*bot.Member
		for range 10 {
			members = append(members, MustMember(t, s))
		}
		for day := mustDate(t, "2026-02-16"); day.Before(mustDate(t, "2026-04-13")); day = day.AddDate(0, 0, 1) {
			p := MustPost(t, s, c.ID, day.Format(time.DateOnly), "q", time.Time{})
			for _, m := range members {
				if rng.IntN(3) != 0 {
					continue
				}
				a := &bot.PostAnswer{Answer: bot.Answer{MemberID: m.ID, QuestionID: "q", PostID: p.ID, Text: "answer"}}
				wantNoErr(t, "CreatePostAnswer", s.CreatePostAnswer(ctx, a))
				switch op := rng.IntN(10); {
				case op == 0: // never graded
				case op == 1:
					wantNoErr(t, "WithdrawAnswer", s.WithdrawAnswer(ctx, a.ID, time.Now()))
				default:
					score := 25 * rng.IntN(5)
					points := bot.PointsFor(score)
					if op == 2 {
						points = 0 // graded late
					}
					g := &bot.Grade{AnswerID: a.ID, Score: score, Stars: bot.StarsFor(score), Grader: "improved"}
					wantNoErr(t, "GradePostAnswer", s.GradePostAnswer(ctx, g, points, 1))
				}
			}
		}
		f, m := checkMostImproved(t, s, c.ID, fmt.Sprintf("seed %d", seed))
		found, missing = found+f, missing+m
	}
	if found == 0 || missing == 0 {
		t.Errorf("random histories gave %d windows with a most improved member and %d without; want both", found, missing)
	}

	// Two members rise by exactly 25 on a week; the one with more points
	// this week wins, whatever their ids.
	c := MustChannel(t, s)
	lo, hi := MustMember(t, s), MustMember(t, s)
	answer := func(m *bot.Member, date string, score int) {
		t.Helper()
		p, err := s.FindPostByKey(ctx, c.ID, bot.PostQuestion, date)
		if err != nil {
			p = MustPost(t, s, c.ID, date, "q", time.Time{})
		}
		a := &bot.PostAnswer{Answer: bot.Answer{MemberID: m.ID, QuestionID: "q", PostID: p.ID, Text: "answer"}}
		wantNoErr(t, "CreatePostAnswer", s.CreatePostAnswer(ctx, a))
		g := &bot.Grade{AnswerID: a.ID, Score: score, Stars: bot.StarsFor(score), Grader: "improved"}
		wantNoErr(t, "GradePostAnswer", s.GradePostAnswer(ctx, g, bot.PointsFor(score), 1))
	}
	answer(lo, "2026-03-02", 50)
	answer(hi, "2026-03-02", 25)
	answer(lo, "2026-03-09", 75)
	answer(hi, "2026-03-09", 50)
	answer(hi, "2026-03-10", 50)
	got, err := s.MostImproved(ctx, c.ID, "2026-03-02", "2026-03-09", "2026-03-16")
	wantNoErr(t, "MostImproved(tie)", err)
	if got.Entry.Member.ID != hi.ID || got.Rise != 25 || got.Entry.Rank != 1 || got.Entry.Answers != 2 {
		t.Errorf("MostImproved(tie) = member %d rise %v rank %d answers %d; want member %d rise 25 rank 1 answers 2",
			got.Entry.Member.ID, got.Rise, got.Entry.Rank, got.Entry.Answers, hi.ID)
	}
	if _, err := s.MostImproved(ctx, c.ID, "2026-03-09", "2026-03-16", "2026-03-23"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("MostImproved(week without answers) error = %v, want ENOTFOUND", err)
	}
}

// checkMostImproved compares MostImproved over every pair of
// improvedPairs with goMostImproved over the full boards of both windows,
// and returns how many pairs had a most improved member and how many not.
func checkMostImproved(t *testing.T, s bot.DailyStore, channelID int64, when string) (found, missing int) {
	t.Helper()
	ctx := context.Background()
	for _, w := range improvedPairs {
		prev, err := s.Leaderboard(ctx, channelID, w[0], w[1], 0)
		wantNoErr(t, "Leaderboard(previous)", err)
		cur, err := s.Leaderboard(ctx, channelID, w[1], w[2], 0)
		wantNoErr(t, "Leaderboard", err)
		want, wantRise := goMostImproved(cur, prev)
		got, err := s.MostImproved(ctx, channelID, w[0], w[1], w[2])
		if want == nil {
			missing++
			if bot.ErrorCode(err) != bot.ENOTFOUND {
				t.Errorf("%s: MostImproved(%s, %s, %s) = %+v, %v; want ENOTFOUND", when, w[0], w[1], w[2], got, err)
			}
			continue
		}
		found++
		if err != nil {
			t.Errorf("%s: MostImproved(%s, %s, %s): %v; want member %d", when, w[0], w[1], w[2], err, want.Member.ID)
			continue
		}
		g := got.Entry
		if g.Member != want.Member || g.Rank != want.Rank || g.Points != want.Points || g.Answers != want.Answers ||
			math.Abs(g.AvgScore-want.AvgScore) > 1e-9 || math.Abs(got.Rise-wantRise) > 1e-9 {
			t.Errorf("%s: MostImproved(%s, %s, %s) =\n %+v rise %v\nwant %+v rise %v", when, w[0], w[1], w[2], g, got.Rise, *want, wantRise)
		}
	}
	return found, missing
}

// goMostImproved is how bot.Daily found the most improved member from two
// full boards (bot's mostImproved after rankEntries): the member of cur, in
// board order, with the largest rise in average score over prev, among
// those with answers in both; the first of equal rises wins; nil when
// nobody rose.
func goMostImproved(cur, prev []bot.LeaderboardEntry) (*bot.LeaderboardEntry, float64) {
	before := make(map[int64]bot.LeaderboardEntry, len(prev))
	for _, e := range prev {
		before[e.Member.ID] = e
	}
	var best *bot.LeaderboardEntry
	var rise float64
	for i, e := range cur {
		if i > 0 && e.Points == cur[i-1].Points {
			cur[i].Rank = cur[i-1].Rank
		} else {
			cur[i].Rank = i + 1
		}
		p, ok := before[e.Member.ID]
		if !ok || p.Answers == 0 || e.Answers == 0 {
			continue
		}
		if d := e.AvgScore - p.AvgScore; d > rise {
			best, rise = &cur[i], d
		}
	}
	return best, rise
}
