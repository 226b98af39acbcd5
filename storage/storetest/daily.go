package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// dailyGroups are the contract of the daily-question stores; Run runs them
// on every engine, which must implement bot.DailyStore.
var dailyGroups = []struct {
	name string
	test func(t *testing.T, s bot.DailyStore)
}{
	{"ChannelsAndSchedules", testChannelsAndSchedules},
	{"PostKey", testPostKey},
	{"RecentPosts", testRecentPosts},
	{"PostClaimConcurrent", testPostClaimConcurrent},
	{"ReclaimPost", testReclaimPost},
	{"Deliveries", testDeliveries},
	{"PostAnswers", testPostAnswers},
	{"Stats", testStats},
	{"MostImproved", testMostImproved},
	{"PostContext", testPostContext},
	{"Board", testBoard},
}

func daily(t *testing.T, s bot.Store) bot.DailyStore {
	t.Helper()
	ds, ok := s.(bot.DailyStore)
	if !ok {
		t.Fatalf("%T does not implement bot.DailyStore", s)
	}
	return ds
}

// MustChannel upserts a new channel with a unique key and returns it.
func MustChannel(tb testing.TB, s bot.DailyStore) *bot.Channel {
	tb.Helper()
	c := &bot.Channel{Key: bot.ChannelKey{Platform: bot.PlatformSlack, Workspace: "T1", ChannelID: next("C")}, Name: "daily"}
	if err := s.UpsertChannel(context.Background(), c); err != nil {
		tb.Fatalf("UpsertChannel(%+v): %v", c.Key, err)
	}
	return c
}

// MustPost claims and sends a question post of the channel on date.
func MustPost(tb testing.TB, s bot.DailyStore, channelID int64, date, questionID string, closes time.Time) *bot.Post {
	tb.Helper()
	ctx := context.Background()
	p := &bot.Post{ChannelID: channelID, Kind: bot.PostQuestion, LocalDate: date, QuestionID: questionID, ClosesAt: closes}
	if err := s.CreatePost(ctx, p); err != nil {
		tb.Fatalf("CreatePost(%s): %v", date, err)
	}
	if err := s.MarkPostSent(ctx, p.ID, "ts-"+next("p"), time.Now()); err != nil {
		tb.Fatalf("MarkPostSent(%d): %v", p.ID, err)
	}
	got, err := s.FindPost(ctx, p.ID)
	if err != nil {
		tb.Fatalf("FindPost(%d): %v", p.ID, err)
	}
	return got
}

func testChannelsAndSchedules(t *testing.T, s bot.DailyStore) {
	ctx := context.Background()
	c := MustChannel(t, s)
	again := &bot.Channel{Key: c.Key, Timezone: "Asia/Shanghai"}
	wantNoErr(t, "UpsertChannel again", s.UpsertChannel(ctx, again))
	if again.ID != c.ID || again.Name != "daily" || again.Timezone != "Asia/Shanghai" {
		t.Errorf("UpsertChannel of a known key = %+v, want id %d, name kept, zone set", again, c.ID)
	}
	got, err := s.FindChannel(ctx, c.ID)
	wantNoErr(t, "FindChannel", err)
	wantEqual(t, "FindChannel", got, again)
	_, err = s.FindChannel(ctx, c.ID+1000)
	wantCode(t, "FindChannel(unknown)", err, bot.ENOTFOUND)
	wantCode(t, "UpsertChannel(no id)", s.UpsertChannel(ctx, &bot.Channel{Key: bot.ChannelKey{Platform: "slack"}}), bot.EINVALID)

	_, err = s.FindSchedule(ctx, c.ID)
	wantCode(t, "FindSchedule before SaveSchedule", err, bot.ENOTFOUND)
	sc := bot.DefaultSchedule(c.ID)
	sc.Timezone, sc.SkipDates, sc.Topics, sc.Difficulty, sc.Paused = "Europe/Berlin", []string{"2026-12-25"}, []string{"os"}, []int{1, 3}, true
	sc.UpdatedAt = time.Date(2026, 3, 1, 9, 0, 0, 123456000, time.UTC)
	wantNoErr(t, "SaveSchedule", s.SaveSchedule(ctx, sc))
	gotSc, err := s.FindSchedule(ctx, c.ID)
	wantNoErr(t, "FindSchedule", err)
	wantEqual(t, "FindSchedule", gotSc, sc)
	sc.Paused, sc.Difficulty = false, nil
	wantNoErr(t, "SaveSchedule (replace)", s.SaveSchedule(ctx, sc))
	all, err := s.ListSchedules(ctx)
	wantNoErr(t, "ListSchedules", err)
	if len(all) != 1 {
		t.Fatalf("ListSchedules: %d schedules, want 1", len(all))
	}
	wantEqual(t, "ListSchedules[0]", all[0], sc)
	wantCode(t, "SaveSchedule(unknown channel)", s.SaveSchedule(ctx, bot.DefaultSchedule(c.ID+1000)), bot.ENOTFOUND)
	chans, err := s.ListChannels(ctx)
	wantNoErr(t, "ListChannels", err)
	if len(chans) != 1 || chans[0].ID != c.ID {
		t.Errorf("ListChannels = %+v, want the one channel", chans)
	}
}

func testPostKey(t *testing.T, s bot.DailyStore) {
	ctx := context.Background()
	c := MustChannel(t, s)
	closes := time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC)
	p := &bot.Post{ChannelID: c.ID, Kind: bot.PostQuestion, LocalDate: "2026-03-02", QuestionID: "q1", ClosesAt: closes}
	wantNoErr(t, "CreatePost", s.CreatePost(ctx, p))
	if p.ID == 0 || p.Sent() || !p.ClaimedAt.Equal(p.CreatedAt) {
		t.Errorf("CreatePost filled %+v, want an id, unsent, claimed at creation", p)
	}
	dup := &bot.Post{ChannelID: c.ID, Kind: bot.PostQuestion, LocalDate: "2026-03-02", QuestionID: "q2"}
	wantCode(t, "CreatePost(same key)", s.CreatePost(ctx, dup), bot.ECONFLICT)
	other := &bot.Post{ChannelID: c.ID, Kind: bot.PostReveal, LocalDate: "2026-03-02", QuestionID: "q1"}
	wantNoErr(t, "CreatePost(other kind, same date)", s.CreatePost(ctx, other))
	wantCode(t, "CreatePost(bad date)", s.CreatePost(ctx, &bot.Post{ChannelID: c.ID, Kind: bot.PostQuestion, LocalDate: "3/2/2026"}), bot.EINVALID)
	wantCode(t, "CreatePost(bad kind)", s.CreatePost(ctx, &bot.Post{ChannelID: c.ID, Kind: "poll", LocalDate: "2026-03-03"}), bot.EINVALID)
	wantCode(t, "CreatePost(unknown channel)", s.CreatePost(ctx, &bot.Post{ChannelID: c.ID + 1000, Kind: bot.PostQuestion, LocalDate: "2026-03-03"}), bot.ENOTFOUND)

	got, err := s.FindPostByKey(ctx, c.ID, bot.PostQuestion, "2026-03-02")
	wantNoErr(t, "FindPostByKey", err)
	wantEqual(t, "FindPostByKey", got, p)
	sentAt := time.Date(2026, 3, 2, 9, 0, 1, 0, time.UTC)
	wantNoErr(t, "MarkPostSent", s.MarkPostSent(ctx, p.ID, "1700000000.000100", sentAt))
	wantNoErr(t, "MarkPostSent (same ref again)", s.MarkPostSent(ctx, p.ID, "1700000000.000100", sentAt.Add(time.Hour)))
	wantCode(t, "MarkPostSent (other ref)", s.MarkPostSent(ctx, p.ID, "other", sentAt), bot.ECONFLICT)
	wantCode(t, "MarkPostSent (unknown)", s.MarkPostSent(ctx, p.ID+1000, "x", sentAt), bot.ENOTFOUND)
	byRef, err := s.FindPostByRef(ctx, c.ID, "1700000000.000100")
	wantNoErr(t, "FindPostByRef", err)
	p.Ref, p.SentAt = "1700000000.000100", sentAt
	wantEqual(t, "FindPostByRef", byRef, p)
	_, err = s.FindPostByRef(ctx, c.ID, "")
	wantCode(t, "FindPostByRef(empty)", err, bot.ENOTFOUND)
	_, err = s.FindPostByKey(ctx, c.ID, bot.PostLeaderboard, "2026-03-02")
	wantCode(t, "FindPostByKey(none)", err, bot.ENOTFOUND)

	for _, d := range []struct{ date, q string }{{"2026-03-04", "q3"}, {"2026-03-03", "q2"}} {
		wantNoErr(t, "CreatePost "+d.date, s.CreatePost(ctx, &bot.Post{ChannelID: c.ID, Kind: bot.PostQuestion, LocalDate: d.date, QuestionID: d.q}))
	}
	latest, err := s.LatestPost(ctx, c.ID, bot.PostQuestion)
	wantNoErr(t, "LatestPost", err)
	if latest.LocalDate != "2026-03-04" {
		t.Errorf("LatestPost date %s, want 2026-03-04", latest.LocalDate)
	}
	_, err = s.LatestPost(ctx, c.ID, bot.PostLeaderboard)
	wantCode(t, "LatestPost(none)", err, bot.ENOTFOUND)
	asked, err := s.AskedQuestions(ctx, c.ID)
	wantNoErr(t, "AskedQuestions", err)
	wantEqual(t, "AskedQuestions", asked, []string{"q1", "q2", "q3"})
}

// testPostClaimConcurrent is the exactly-once guarantee at its root: of
// many workers claiming one key at once, exactly one wins.
func testPostClaimConcurrent(t *testing.T, s bot.DailyStore) {
	c := MustChannel(t, s)
	const workers = 8
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			errs[i] = s.CreatePost(context.Background(), &bot.Post{ChannelID: c.ID, Kind: bot.PostQuestion,
				LocalDate: "2026-03-02", QuestionID: fmt.Sprintf("q%d", i)})
		})
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch bot.ErrorCode(err) {
		case "":
			won++
		case bot.ECONFLICT:
		default:
			t.Errorf("worker %d: %v, want nil or ECONFLICT", i, err)
		}
	}
	if won != 1 {
		t.Errorf("%d workers claimed the post, want exactly 1", won)
	}
}

func testReclaimPost(t *testing.T, s bot.DailyStore) {
	ctx := context.Background()
	c := MustChannel(t, s)
	p := &bot.Post{ChannelID: c.ID, Kind: bot.PostLeaderboard, LocalDate: "2026-03-02"}
	wantNoErr(t, "CreatePost", s.CreatePost(ctx, p))
	claimed := p.ClaimedAt
	ok, err := s.ReclaimPost(ctx, p.ID, claimed.Add(-time.Minute), claimed.Add(time.Minute))
	wantNoErr(t, "ReclaimPost(fresh)", err)
	if ok {
		t.Errorf("ReclaimPost of a fresh claim = true, want false")
	}
	later := claimed.Add(3 * time.Minute)
	results := make([]bool, 4)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			results[i], _ = s.ReclaimPost(ctx, p.ID, claimed.Add(time.Second), later)
		})
	}
	wg.Wait()
	won := 0
	for _, r := range results {
		if r {
			won++
		}
	}
	if won != 1 {
		t.Errorf("%d concurrent takeovers of a stale claim won, want 1", won)
	}
	got, err := s.FindPost(ctx, p.ID)
	wantNoErr(t, "FindPost", err)
	if !got.ClaimedAt.Equal(later) {
		t.Errorf("ClaimedAt after takeover %v, want %v", got.ClaimedAt, later)
	}
	wantNoErr(t, "MarkPostSent", s.MarkPostSent(ctx, p.ID, "ref", later))
	if ok, err := s.ReclaimPost(ctx, p.ID, later.Add(time.Hour), later.Add(time.Hour)); ok || err != nil {
		t.Errorf("ReclaimPost of a sent post = %v, %v; want false, nil", ok, err)
	}
}

func testDeliveries(t *testing.T, s bot.DailyStore) {
	ctx := context.Background()
	old := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	key := next("Ev")
	for i, want := range []bool{true, false, false} {
		first, err := s.ClaimDelivery(ctx, bot.PlatformSlack, key, old)
		wantNoErr(t, "ClaimDelivery", err)
		if first != want {
			t.Errorf("ClaimDelivery #%d = %v, want %v", i+1, first, want)
		}
	}
	if first, err := s.ClaimDelivery(ctx, bot.PlatformWeCom, key, old); !first || err != nil {
		t.Errorf("the same key on another platform = %v, %v; want true, nil", first, err)
	}
	_, err := s.ClaimDelivery(ctx, bot.PlatformSlack, "", old)
	wantCode(t, "ClaimDelivery(empty key)", err, bot.EINVALID)
	recent := next("Ev")
	if _, err := s.ClaimDelivery(ctx, bot.PlatformSlack, recent, old.Add(48*time.Hour)); err != nil {
		t.Fatalf("ClaimDelivery: %v", err)
	}
	n, err := s.PruneDeliveries(ctx, old.Add(24*time.Hour))
	wantNoErr(t, "PruneDeliveries", err)
	if n != 2 {
		t.Errorf("PruneDeliveries removed %d, want 2", n)
	}
	if first, _ := s.ClaimDelivery(ctx, bot.PlatformSlack, recent, old); first {
		t.Errorf("a key newer than the cut was pruned")
	}
}

func testPostAnswers(t *testing.T, s bot.DailyStore) {
	ctx := context.Background()
	c := MustChannel(t, s)
	m := MustMember(t, s)
	p := MustPost(t, s, c.ID, "2026-03-02", "q1", time.Time{})
	a := &bot.PostAnswer{Answer: bot.Answer{MemberID: m.ID, QuestionID: "q1", PostID: p.ID, Text: "first", Lang: bot.LangEN}, MessageRef: "m1"}
	wantNoErr(t, "CreatePostAnswer", s.CreatePostAnswer(ctx, a))
	if a.ID == 0 || a.Version != 1 {
		t.Errorf("CreatePostAnswer filled %+v, want an id and version 1", a)
	}
	second := &bot.PostAnswer{Answer: bot.Answer{MemberID: m.ID, QuestionID: "q1", PostID: p.ID, Text: "second"}}
	wantCode(t, "CreatePostAnswer(second)", s.CreatePostAnswer(ctx, second), bot.ECONFLICT)
	wantCode(t, "CreatePostAnswer(no post)", s.CreatePostAnswer(ctx, &bot.PostAnswer{Answer: bot.Answer{MemberID: m.ID, QuestionID: "q1", Text: "x"}}), bot.EINVALID)
	got, err := s.FindMemberPostAnswer(ctx, p.ID, m.ID)
	wantNoErr(t, "FindMemberPostAnswer", err)
	wantEqual(t, "FindMemberPostAnswer", got, a)

	wantNoErr(t, "UpdateAnswerText", s.UpdateAnswerText(ctx, a.ID, "edited", time.Now()))
	wantCode(t, "UpdateAnswerText(invalid)", s.UpdateAnswerText(ctx, a.ID, "\xff", time.Now()), bot.EINVALID)
	g1 := &bot.Grade{AnswerID: a.ID, Score: 40, Stars: 3, Grader: "rubric"}
	wantNoErr(t, "GradePostAnswer v1", s.GradePostAnswer(ctx, g1, 14, 1))
	g2 := &bot.Grade{AnswerID: a.ID, Score: 90, Stars: 5, Grader: "rubric"}
	wantNoErr(t, "GradePostAnswer v2", s.GradePostAnswer(ctx, g2, 19, 2))
	stale := &bot.Grade{AnswerID: a.ID, Score: 10, Stars: 1, Grader: "rubric"}
	wantNoErr(t, "GradePostAnswer v1 again (stale)", s.GradePostAnswer(ctx, stale, 11, 1))
	got, err = s.FindPostAnswer(ctx, a.ID)
	wantNoErr(t, "FindPostAnswer", err)
	if got.Text != "edited" || got.Version != 2 || got.GradedVersion != 2 || got.Points != 19 || got.Grade == nil || got.Grade.Score != 90 {
		t.Errorf("after edit and grades: %+v (grade %+v); want text edited, version 2 graded with 19 points, score 90", got, got.Grade)
	}
	wantCode(t, "GradePostAnswer(unknown)", s.GradePostAnswer(ctx, &bot.Grade{AnswerID: a.ID + 1000, Score: 1, Stars: 1, Grader: "r"}, 0, 1), bot.ENOTFOUND)

	wantNoErr(t, "WithdrawAnswer", s.WithdrawAnswer(ctx, a.ID, time.Now()))
	_, err = s.FindMemberPostAnswer(ctx, p.ID, m.ID)
	wantCode(t, "FindMemberPostAnswer after withdraw", err, bot.ENOTFOUND)
	wantNoErr(t, "CreatePostAnswer after withdraw", s.CreatePostAnswer(ctx, second))
	wantCode(t, "WithdrawAnswer(unknown)", s.WithdrawAnswer(ctx, a.ID+1000, time.Now()), bot.ENOTFOUND)
}

// testStats checks the sums behind leaderboards, streaks and stats: only
// counted answers to question posts in the window, late ones with no points
// and no attendance.
func testStats(t *testing.T, s bot.DailyStore) {
	ctx := context.Background()
	c := MustChannel(t, s)
	ann, bob, cid := MustMember(t, s), MustMember(t, s), MustMember(t, s)
	past := time.Now().Add(-time.Hour)  // closed before anyone answered: late
	future := time.Now().Add(time.Hour) // open: on time
	p1 := MustPost(t, s, c.ID, "2026-03-02", "q1", future)
	p2 := MustPost(t, s, c.ID, "2026-03-03", "q2", future)
	p3 := MustPost(t, s, c.ID, "2026-03-09", "q3", past) // the next week
	answer := func(m *bot.Member, p *bot.Post, score, points int) *bot.PostAnswer {
		t.Helper()
		a := &bot.PostAnswer{Answer: bot.Answer{MemberID: m.ID, QuestionID: p.QuestionID, PostID: p.ID, Text: "x"}}
		wantNoErr(t, "CreatePostAnswer", s.CreatePostAnswer(ctx, a))
		if score >= 0 {
			wantNoErr(t, "GradePostAnswer", s.GradePostAnswer(ctx, &bot.Grade{AnswerID: a.ID, Score: score, Stars: bot.StarsFor(score), Grader: "r"}, points, 1))
		}
		return a
	}
	answer(ann, p1, 80, 18)
	answer(ann, p2, 60, 16)
	answer(bob, p1, 100, 20)
	w := answer(bob, p2, 100, 20)
	wantNoErr(t, "WithdrawAnswer", s.WithdrawAnswer(ctx, w.ID, time.Now()))
	answer(cid, p2, -1, 0) // not graded yet
	answer(ann, p3, 50, 0) // late

	lb, err := s.Leaderboard(ctx, c.ID, "2026-03-02", "2026-03-09", 0)
	wantNoErr(t, "Leaderboard", err)
	type row struct {
		id              int64
		points, answers int
		avg             float64
	}
	var got []row
	for _, e := range lb {
		got = append(got, row{e.Member.ID, e.Points, e.Answers, e.AvgScore})
	}
	wantEqual(t, "Leaderboard week 1", got, []row{{ann.ID, 34, 2, 70}, {bob.ID, 20, 1, 100}, {cid.ID, 0, 1, 0}})
	if len(lb) > 0 && (lb[0].Member.Name != ann.Name || lb[0].Member.Key != ann.Key) {
		t.Errorf("Leaderboard member %+v, want %+v", lb[0].Member, ann)
	}
	top, err := s.Leaderboard(ctx, c.ID, "2026-03-02", "2026-03-09", 1)
	wantNoErr(t, "Leaderboard(limit 1)", err)
	if len(top) != 1 || top[0].Member.ID != ann.ID {
		t.Errorf("Leaderboard(limit 1) = %+v, want only ann", top)
	}
	empty, err := s.Leaderboard(ctx, c.ID+1000, "2026-03-02", "2026-03-09", 10)
	if err != nil || empty == nil || len(empty) != 0 {
		t.Errorf("Leaderboard(unknown channel) = %v, %v; want an empty list", empty, err)
	}

	att, err := s.Attendance(ctx, c.ID, []int64{ann.ID, bob.ID, cid.ID}, 0)
	wantNoErr(t, "Attendance", err)
	var dates []string
	var answered [][]int64
	for _, p := range att {
		dates = append(dates, p.LocalDate)
		answered = append(answered, p.Answered)
	}
	wantEqual(t, "Attendance dates", dates, []string{"2026-03-09", "2026-03-03", "2026-03-02"})
	wantEqual(t, "Attendance answered", answered, [][]int64{nil, {ann.ID, cid.ID}, {ann.ID, bob.ID}})
	two, err := s.Attendance(ctx, c.ID, []int64{bob.ID}, 2)
	wantNoErr(t, "Attendance(limit 2)", err)
	if len(two) != 2 || two[1].LocalDate != "2026-03-03" || two[1].Answered != nil {
		t.Errorf("Attendance(bob, limit 2) = %+v, want two posts and bob's withdrawn answer absent", two)
	}

	tot, err := s.MemberTotals(ctx, ann.ID)
	wantNoErr(t, "MemberTotals", err)
	wantEqual(t, "MemberTotals", tot, &bot.MemberTotals{Answers: 3, Points: 34, AvgScore: 190.0 / 3,
		Channels: []int64{c.ID}, QuestionScores: map[string]int{"q1": 80, "q2": 60, "q3": 50}})
}
