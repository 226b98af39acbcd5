package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// testPostContext holds FindPostContext to the single reads it stands for:
// FindChannel, FindSchedule, FindPostByKey and AskedQuestions.
func testPostContext(t *testing.T, s bot.DailyStore) {
	ctx := context.Background()
	_, err := s.FindPostContext(ctx, MustChannel(t, s).ID+1000, bot.PostQuestion, "2026-03-02")
	wantCode(t, "FindPostContext(unknown channel)", err, bot.ENOTFOUND)

	c := MustChannel(t, s)
	pc, err := s.FindPostContext(ctx, c.ID, bot.PostQuestion, "2026-03-02")
	wantNoErr(t, "FindPostContext(new channel)", err)
	wantEqual(t, "FindPostContext(new channel).Channel", pc.Channel, c)
	if pc.Schedule != nil || pc.Post != nil || pc.Question != nil || len(pc.Asked) != 0 {
		t.Errorf("FindPostContext(new channel) = %+v, want no schedule, post, question or asked questions", pc)
	}

	sc := bot.DefaultSchedule(c.ID)
	sc.Timezone, sc.Tracks, sc.SkipDates, sc.Difficulty = "Europe/Berlin", []string{"go"}, []string{"2026-12-25"}, []int{2, 3}
	wantNoErr(t, "SaveSchedule", s.SaveSchedule(ctx, sc))
	wantSched, err := s.FindSchedule(ctx, c.ID)
	wantNoErr(t, "FindSchedule", err)
	for i, d := range []struct{ date, q string }{{"2026-03-03", "q2"}, {"2026-03-02", "q1"}} {
		p := &bot.Post{ChannelID: c.ID, Kind: bot.PostQuestion, LocalDate: d.date, QuestionID: d.q,
			ClosesAt: time.Date(2026, 3, 2+i, 17, 0, 0, 0, time.UTC)}
		wantNoErr(t, "CreatePost "+d.date, s.CreatePost(ctx, p))
	}
	q2, err := s.FindPostByKey(ctx, c.ID, bot.PostQuestion, "2026-03-03")
	wantNoErr(t, "FindPostByKey", err)
	wantNoErr(t, "MarkPostSent", s.MarkPostSent(ctx, q2.ID, "ts-q2", time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)))
	q2, err = s.FindPostByKey(ctx, c.ID, bot.PostQuestion, "2026-03-03")
	wantNoErr(t, "FindPostByKey", err)
	asked, err := s.AskedQuestions(ctx, c.ID)
	wantNoErr(t, "AskedQuestions", err)
	reveal := &bot.Post{ChannelID: c.ID, Kind: bot.PostReveal, LocalDate: "2026-03-02", QuestionID: "q1"}
	wantNoErr(t, "CreatePost(reveal)", s.CreatePost(ctx, reveal))
	r1, err := s.FindPostByKey(ctx, c.ID, bot.PostReveal, "2026-03-02")
	wantNoErr(t, "FindPostByKey(reveal)", err)
	q1, err := s.FindPostByKey(ctx, c.ID, bot.PostQuestion, "2026-03-02")
	wantNoErr(t, "FindPostByKey", err)

	for _, tc := range []struct {
		name           string
		kind           bot.PostKind
		date           string
		post, question *bot.Post
		asked          []string
	}{
		{"unclaimed question", bot.PostQuestion, "2026-03-04", nil, nil, asked},
		{"claimed question", bot.PostQuestion, "2026-03-03", q2, nil, nil},
		{"unclaimed reveal", bot.PostReveal, "2026-03-03", nil, q2, nil},
		{"claimed reveal", bot.PostReveal, "2026-03-02", r1, q1, nil},
		{"reveal without question", bot.PostReveal, "2026-03-05", nil, nil, nil},
		{"leaderboard", bot.PostLeaderboard, "2026-03-02", nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pc, err := s.FindPostContext(ctx, c.ID, tc.kind, tc.date)
			wantNoErr(t, "FindPostContext", err)
			wantEqual(t, "Channel", pc.Channel, c)
			wantEqual(t, "Schedule", pc.Schedule, wantSched)
			wantEqual(t, "Post", pc.Post, tc.post)
			wantEqual(t, "Question", pc.Question, tc.question)
			wantEqual(t, "Asked", pc.Asked, tc.asked)
		})
	}
}

// testBoard holds Board to Leaderboard and MostImproved, which it stands
// for, over a random history and every window pair of improvedPairs, with
// and without a limit and without a previous window.
func testBoard(t *testing.T, s bot.DailyStore) {
	ctx := context.Background()
	c := MustChannel(t, s)
	rng := rand.New(rand.NewPCG(7, 13))
	var members []*bot.Member
	for range 14 {
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
			if rng.IntN(6) == 0 {
				continue // never graded
			}
			score := 25 * rng.IntN(5)
			g := &bot.Grade{AnswerID: a.ID, Score: score, Stars: bot.StarsFor(score), Grader: "board"}
			wantNoErr(t, "GradePostAnswer", s.GradePostAnswer(ctx, g, bot.PointsFor(score), 1))
		}
	}
	improved := 0
	for _, w := range improvedPairs {
		for _, limit := range []int{bot.LeaderboardSize, 0} {
			what := fmt.Sprintf("Board(%s, %s, %s, %d)", w[0], w[1], w[2], limit)
			top, mi, err := s.Board(ctx, c.ID, w[0], w[1], w[2], limit)
			wantNoErr(t, what, err)
			wantTop, err := s.Leaderboard(ctx, c.ID, w[1], w[2], limit)
			wantNoErr(t, "Leaderboard", err)
			wantEqual(t, what+" top", top, wantTop)
			wantMI, err := s.MostImproved(ctx, c.ID, w[0], w[1], w[2])
			if bot.ErrorCode(err) == bot.ENOTFOUND {
				wantMI, err = nil, nil
			}
			wantNoErr(t, "MostImproved", err)
			wantEqual(t, what+" most improved", mi, wantMI)
			if mi != nil {
				improved++
			}
			top, mi, err = s.Board(ctx, c.ID, "", w[1], w[2], limit)
			wantNoErr(t, what+" without a previous window", err)
			wantEqual(t, what+" without a previous window: top", top, wantTop)
			if mi != nil {
				t.Errorf("%s without a previous window: most improved %+v, want none", what, mi)
			}
		}
	}
	if improved == 0 {
		t.Errorf("no window pair had a most improved member; the history tests nothing")
	}
}
