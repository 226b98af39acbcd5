package storetest

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// Totals checks the running totals behind the leaderboards: after a
// random history of answers created, graded, regraded after edits, graded
// late (no points), graded stale (dropped) and withdrawn, in two channels,
// the boards of all time, of whole weeks and months (which engines may
// serve from running totals) and of other windows (recomputed from the
// answers) all equal a model of what happened. Then grades race for one
// member on many posts.
func Totals(t *testing.T, open func(t *testing.T) bot.DailyStore) {
	t.Run("RandomHistory", func(t *testing.T) { totalsRandomHistory(t, open(t)) })
	t.Run("ConcurrentGrades", func(t *testing.T) { totalsConcurrentGrades(t, open(t)) })
}

// modelAnswer is what the model remembers of a stored answer.
type modelAnswer struct {
	id, member, channel int64
	date                string
	version, graded     int
	points              int
	score               *int
	counted             bool
}

// totalsWeeks are the Mondays of the weeks the posts fall in.
var totalsWeeks = []string{"2026-03-02", "2026-03-09", "2026-03-16"}

func totalsRandomHistory(t *testing.T, s bot.DailyStore) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 5))
	chans := []*bot.Channel{MustChannel(t, s), MustChannel(t, s)}
	var members []*bot.Member
	for range 6 {
		members = append(members, MustMember(t, s))
	}
	type post struct {
		p  *bot.Post
		ch int64
	}
	var posts []post
	for _, c := range chans {
		for w, monday := range totalsWeeks {
			for d := range 3 - w%2 { // Mon..Wed or Mon..Tue
				date := mustDate(t, monday).AddDate(0, 0, d).Format(time.DateOnly)
				posts = append(posts, post{MustPost(t, s, c.ID, date, fmt.Sprintf("q%d", d), time.Time{}), c.ID})
			}
		}
		// A post in April, so March alone is a month, not all time.
		posts = append(posts, post{MustPost(t, s, c.ID, "2026-04-01", "q9", time.Time{}), c.ID})
	}
	var model []*modelAnswer
	counted := func(m int64, p *bot.Post) *modelAnswer {
		for _, a := range model {
			if a.counted && a.member == m && a.date == p.LocalDate && a.channel == p.ChannelID {
				return a
			}
		}
		return nil
	}
	pick := func() *modelAnswer {
		var live []*modelAnswer
		for _, a := range model {
			if a.counted {
				live = append(live, a)
			}
		}
		if len(live) == 0 {
			return nil
		}
		return live[rng.IntN(len(live))]
	}
	for step := range 400 {
		switch op := rng.IntN(10); {
		case op < 4: // a new answer
			m, p := members[rng.IntN(len(members))], posts[rng.IntN(len(posts))]
			if counted(m.ID, p.p) != nil {
				continue
			}
			a := &bot.PostAnswer{Answer: bot.Answer{MemberID: m.ID, QuestionID: p.p.QuestionID, PostID: p.p.ID, Text: "answer"}}
			wantNoErr(t, "CreatePostAnswer", s.CreatePostAnswer(ctx, a))
			model = append(model, &modelAnswer{id: a.ID, member: m.ID, channel: p.ch, date: p.p.LocalDate, version: 1, counted: true})
		case op < 7: // a grade of the current version, on time or late
			a := pick()
			if a == nil {
				continue
			}
			score := rng.IntN(101)
			points := bot.PointsFor(score)
			if rng.IntN(5) == 0 {
				points = 0
			}
			g := &bot.Grade{AnswerID: a.id, Score: score, Stars: bot.StarsFor(score), Grader: "totals"}
			wantNoErr(t, "GradePostAnswer", s.GradePostAnswer(ctx, g, points, a.version))
			a.graded, a.points, a.score = a.version, points, &score
		case op < 8: // an edit, sometimes followed by a stale grade of the old version
			a := pick()
			if a == nil {
				continue
			}
			wantNoErr(t, "UpdateAnswerText", s.UpdateAnswerText(ctx, a.id, fmt.Sprintf("edit %d", step), time.Now()))
			a.version++
			if a.graded > 0 && rng.IntN(2) == 0 {
				g := &bot.Grade{AnswerID: a.id, Score: 1, Stars: 1, Grader: "totals"}
				wantNoErr(t, "GradePostAnswer(stale)", s.GradePostAnswer(ctx, g, 99, a.graded-1))
			}
		default: // a delete
			a := pick()
			if a == nil {
				continue
			}
			wantNoErr(t, "WithdrawAnswer", s.WithdrawAnswer(ctx, a.id, time.Now()))
			a.counted = false
		}
		if step%50 == 49 {
			for _, c := range chans {
				checkTotals(t, s, c.ID, model, fmt.Sprintf("after step %d", step+1))
			}
		}
	}
}

func totalsConcurrentGrades(t *testing.T, s bot.DailyStore) {
	ctx := context.Background()
	c := MustChannel(t, s)
	m := MustMember(t, s)
	const n = 12
	model := make([]*modelAnswer, n)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		date := mustDate(t, "2026-03-02").AddDate(0, 0, i).Format(time.DateOnly)
		p := MustPost(t, s, c.ID, date, "q", time.Time{})
		score := 5 * i
		model[i] = &modelAnswer{member: m.ID, channel: c.ID, date: date, version: 1, graded: 1, points: bot.PointsFor(score), score: &score, counted: true}
		wg.Go(func() {
			a := &bot.PostAnswer{Answer: bot.Answer{MemberID: m.ID, QuestionID: "q", PostID: p.ID, Text: "answer"}}
			if errs[i] = s.CreatePostAnswer(ctx, a); errs[i] != nil {
				return
			}
			g := &bot.Grade{AnswerID: a.ID, Score: score, Stars: bot.StarsFor(score), Grader: "totals"}
			errs[i] = s.GradePostAnswer(ctx, g, bot.PointsFor(score), 1)
		})
	}
	wg.Wait()
	for i, err := range errs {
		wantNoErr(t, fmt.Sprintf("answer and grade #%d", i), err)
	}
	checkTotals(t, s, c.ID, model, "after concurrent grades")
}

// totalsWindows are the windows checkTotals asks for: all time (served
// from all-time totals), whole weeks and months (period totals), and half
// weeks (recomputed from the answers), so every path is held against the
// model.
var totalsWindows = [][2]string{
	{"1970-01-01", "9999-12-31"},
	{"2026-03-02", "2026-03-09"}, {"2026-03-09", "2026-03-16"}, {"2026-03-16", "2026-03-23"}, {"2026-03-23", "2026-03-30"},
	{"2026-03-30", "2026-04-06"},
	{"2026-03-01", "2026-04-01"}, {"2026-04-01", "2026-05-01"},
	{"2026-03-02", "2026-03-05"}, {"2026-03-05", "2026-03-09"}, {"2026-03-09", "2026-03-12"}, {"2026-03-12", "2026-03-16"},
	{"2026-03-16", "2026-03-19"}, {"2026-03-19", "2026-04-02"},
}

// checkTotals compares the channel's board over every window of
// totalsWindows, in full and its top 3, with the model, and the most
// improved member with the one the full boards give.
func checkTotals(t *testing.T, s bot.DailyStore, channelID int64, model []*modelAnswer, when string) {
	t.Helper()
	ctx := context.Background()
	for _, w := range totalsWindows {
		want := modelBoard(model, channelID, w[0], w[1])
		all, err := s.Leaderboard(ctx, channelID, w[0], w[1], 0)
		wantNoErr(t, "Leaderboard", err)
		if got := totalsRows(all); !sameTotals(got, want) {
			t.Errorf("%s: board of channel %d over [%s, %s):\n got %v\nwant %v", when, channelID, w[0], w[1], got, want)
		}
		top, err := s.Leaderboard(ctx, channelID, w[0], w[1], 3)
		wantNoErr(t, "Leaderboard(top 3)", err)
		if got := totalsRows(top); !sameTotals(got, want[:min(3, len(want))]) {
			t.Errorf("%s: top 3 of channel %d over [%s, %s):\n got %v\nwant %v", when, channelID, w[0], w[1], got, want[:min(3, len(want))])
		}
	}
	checkMostImproved(t, s, channelID, when)
}

type totalsRow struct {
	Member          int64
	Points, Answers int
	Avg             float64
}

func totalsRows(es []bot.LeaderboardEntry) []totalsRow {
	out := []totalsRow{}
	for _, e := range es {
		out = append(out, totalsRow{e.Member.ID, e.Points, e.Answers, e.AvgScore})
	}
	return out
}

// modelBoard is the channel's board over [from, to) as the model sees it,
// in leaderboard order.
func modelBoard(model []*modelAnswer, channelID int64, from, to string) []totalsRow {
	type acc struct{ points, answers, sum, graded int }
	by := map[int64]*acc{}
	for _, a := range model {
		if !a.counted || a.channel != channelID || a.date < from || a.date >= to {
			continue
		}
		x := by[a.member]
		if x == nil {
			x = &acc{}
			by[a.member] = x
		}
		x.points += a.points
		x.answers++
		if a.score != nil {
			x.sum += *a.score
			x.graded++
		}
	}
	out := []totalsRow{}
	for m, x := range by {
		r := totalsRow{Member: m, Points: x.points, Answers: x.answers}
		if x.graded > 0 {
			r.Avg = float64(x.sum) / float64(x.graded)
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b totalsRow) int {
		if c := cmp.Compare(b.Points, a.Points); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Answers, a.Answers); c != 0 {
			return c
		}
		return cmp.Compare(a.Member, b.Member)
	})
	return out
}

// sameTotals compares boards, averages within rounding.
func sameTotals(got, want []totalsRow) bool {
	return slices.EqualFunc(got, want, func(g, w totalsRow) bool {
		return g.Member == w.Member && g.Points == w.Points && g.Answers == w.Answers && math.Abs(g.Avg-w.Avg) < 1e-9
	})
}

func mustDate(tb testing.TB, s string) time.Time {
	tb.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		tb.Fatalf("parse date %q: %v", s, err)
	}
	return d
}
