package storetest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// testRecentPosts holds RecentPosts to its contract: the posts dated since
// the given day, plus each channel's latest question and its reveal
// whatever their dates, sent or not, each once, in (channel, date, kind)
// order; nothing of a channel without posts, and no older post besides.
func testRecentPosts(t *testing.T, s bot.DailyStore) {
	ctx := context.Background()
	const since = "2026-02-28"
	type spec struct {
		kind bot.PostKind
		date string
		sent bool
		want bool
	}
	closes := time.Date(2026, 2, 1, 17, 0, 0, 0, time.UTC)
	channels := []struct {
		name  string
		posts []spec
	}{
		{"recent and old", []spec{
			{bot.PostQuestion, "2026-02-01", true, false},
			{bot.PostReveal, "2026-02-01", true, false},
			{bot.PostLeaderboard, "2026-02-02", true, false},
			{bot.PostQuestion, "2026-02-28", true, true}, // on the first day of the range
			{bot.PostQuestion, "2026-03-01", true, true},
			{bot.PostReveal, "2026-03-01", false, true},
			{bot.PostLeaderboard, "2026-03-02", false, true},
		}},
		{"only old, latest question revealed", []spec{
			{bot.PostQuestion, "2026-02-09", true, false},
			{bot.PostReveal, "2026-02-09", true, false},
			{bot.PostQuestion, "2026-02-10", true, true},
			{bot.PostReveal, "2026-02-10", true, true},
			{bot.PostLeaderboard, "2026-02-10", true, false},
			{bot.PostLeaderboard, "2026-02-11", false, false},
		}},
		{"latest question old and unsent", []spec{
			{bot.PostQuestion, "2026-02-04", true, false},
			{bot.PostQuestion, "2026-02-05", false, true},
			{bot.PostReveal, "2026-02-04", true, false},
		}},
		{"recent reveal, old questions", []spec{
			{bot.PostQuestion, "2026-01-20", true, true},
			{bot.PostReveal, "2026-01-20", false, true},
			{bot.PostLeaderboard, "2026-03-01", true, true},
		}},
		{"no posts", nil},
	}
	var want []*bot.Post
	for _, c := range channels {
		ch := MustChannel(t, s)
		for i, p := range c.posts {
			post := &bot.Post{ChannelID: ch.ID, Kind: p.kind, LocalDate: p.date, QuestionID: fmt.Sprintf("q%d", i)}
			if p.kind == bot.PostQuestion {
				post.ClosesAt = closes
			}
			wantNoErr(t, c.name+": CreatePost", s.CreatePost(ctx, post))
			if p.sent {
				wantNoErr(t, c.name+": MarkPostSent", s.MarkPostSent(ctx, post.ID, "ts-"+next("p"), time.Now()))
			}
			if !p.want {
				continue
			}
			stored, err := s.FindPost(ctx, post.ID)
			wantNoErr(t, c.name+": FindPost", err)
			want = append(want, stored)
		}
	}
	sortPosts(want)

	got, err := s.RecentPosts(ctx, since)
	wantNoErr(t, "RecentPosts", err)
	if len(got) != len(want) {
		t.Errorf("RecentPosts returned %d posts, want %d", len(got), len(want))
	}
	for i := range max(len(got), len(want)) {
		var g, w *bot.Post
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		wantEqual(t, fmt.Sprintf("RecentPosts[%d]", i), g, w)
	}

	none, err := s.RecentPosts(ctx, "2027-01-01")
	wantNoErr(t, "RecentPosts(future)", err)
	if len(none) != 7 {
		t.Errorf("RecentPosts(future) returned %d posts, want the 4 latest questions and 3 reveals of theirs", len(none))
	}
}

// sortPosts orders posts by channel, local date and kind, RecentPosts' order.
func sortPosts(ps []*bot.Post) {
	slices.SortFunc(ps, func(a, b *bot.Post) int {
		return cmp.Or(cmp.Compare(a.ChannelID, b.ChannelID), cmp.Compare(a.LocalDate, b.LocalDate), cmp.Compare(a.Kind, b.Kind))
	})
}
