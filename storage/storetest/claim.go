package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// testClaimPost holds ClaimPost to CreatePost on a free key and to
// FindPostByKey on a taken one.
func testClaimPost(t *testing.T, s bot.DailyStore) {
	ctx := context.Background()
	c := MustChannel(t, s)
	closes := time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC)
	p := &bot.Post{ChannelID: c.ID, Kind: bot.PostQuestion, LocalDate: "2026-03-02", QuestionID: "q1", ClosesAt: closes}
	claimed, err := s.ClaimPost(ctx, p)
	wantNoErr(t, "ClaimPost", err)
	if !claimed || p.ID == 0 || p.Sent() || !p.ClaimedAt.Equal(p.CreatedAt) || p.QuestionID != "q1" || !p.ClosesAt.Equal(closes) {
		t.Errorf("ClaimPost(free key) = %v, %+v; want claimed, an id, unsent, claimed at creation, q1 closing at %v", claimed, p, closes)
	}
	stored, err := s.FindPostByKey(ctx, c.ID, bot.PostQuestion, "2026-03-02")
	wantNoErr(t, "FindPostByKey", err)
	wantEqual(t, "ClaimPost(free key) against FindPostByKey", p, stored)

	wantNoErr(t, "MarkPostSent", s.MarkPostSent(ctx, p.ID, "ts-1", time.Date(2026, 3, 2, 9, 0, 1, 0, time.UTC)))
	stored, err = s.FindPostByKey(ctx, c.ID, bot.PostQuestion, "2026-03-02")
	wantNoErr(t, "FindPostByKey", err)
	again := &bot.Post{ChannelID: c.ID, Kind: bot.PostQuestion, LocalDate: "2026-03-02", QuestionID: "q2"}
	claimed, err = s.ClaimPost(ctx, again)
	wantNoErr(t, "ClaimPost(taken key)", err)
	if claimed {
		t.Errorf("ClaimPost(taken key) claimed it; want the holder's post")
	}
	wantEqual(t, "ClaimPost(taken key)", again, stored)

	other := &bot.Post{ChannelID: c.ID, Kind: bot.PostLeaderboard, LocalDate: "2026-03-02"}
	claimed, err = s.ClaimPost(ctx, other)
	wantNoErr(t, "ClaimPost(other kind, same date)", err)
	if !claimed || other.ID == p.ID {
		t.Errorf("ClaimPost(other kind, same date) = %v, id %d; want a claim of its own", claimed, other.ID)
	}
	for _, tc := range []struct {
		name string
		p    *bot.Post
		code string
	}{
		{"bad date", &bot.Post{ChannelID: c.ID, Kind: bot.PostQuestion, LocalDate: "3/2/2026"}, bot.EINVALID},
		{"bad kind", &bot.Post{ChannelID: c.ID, Kind: "poll", LocalDate: "2026-03-03"}, bot.EINVALID},
		{"unknown channel", &bot.Post{ChannelID: c.ID + 1000, Kind: bot.PostQuestion, LocalDate: "2026-03-03"}, bot.ENOTFOUND},
	} {
		claimed, err := s.ClaimPost(ctx, tc.p)
		wantCode(t, "ClaimPost("+tc.name+")", err, tc.code)
		if claimed {
			t.Errorf("ClaimPost(%s) claimed; want not", tc.name)
		}
	}
}

// testClaimPostConcurrent: of many workers claiming one key at once with
// ClaimPost, exactly one claims it and every other gets the winner's post.
func testClaimPostConcurrent(t *testing.T, s bot.DailyStore) {
	c := MustChannel(t, s)
	const workers = 8
	posts := make([]*bot.Post, workers)
	claims := make([]bool, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		posts[i] = &bot.Post{ChannelID: c.ID, Kind: bot.PostQuestion, LocalDate: "2026-03-02", QuestionID: fmt.Sprintf("q%d", i)}
		wg.Go(func() { claims[i], errs[i] = s.ClaimPost(context.Background(), posts[i]) })
	}
	wg.Wait()
	var winner *bot.Post
	for i := range workers {
		wantNoErr(t, fmt.Sprintf("worker %d", i), errs[i])
		if claims[i] {
			if winner != nil {
				t.Fatalf("workers claimed posts %d and %d; want exactly one claim", winner.ID, posts[i].ID)
			}
			winner = posts[i]
		}
	}
	if winner == nil {
		t.Fatalf("no worker claimed the post")
	}
	for i, p := range posts {
		if p.ID != winner.ID || p.QuestionID != winner.QuestionID {
			t.Errorf("worker %d got post %d (%s), want the winner's %d (%s)", i, p.ID, p.QuestionID, winner.ID, winner.QuestionID)
		}
	}
}
