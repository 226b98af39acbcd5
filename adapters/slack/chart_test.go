package slack_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"log/slog"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/adapters/chart"
	slackad "github.com/interviewbot/interviewbot/adapters/slack"
	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
	"github.com/interviewbot/interviewbot/bot"
)

// TestLeaderboardChart posts a weekly board with a chart configured: the
// text goes out, then the PNG is shared in the channel through the external
// upload flow; a failing upload or renderer leaves the text alone and still
// succeeds, and an empty board or no renderer uploads nothing.
func TestLeaderboardChart(t *testing.T) {
	ctx := context.Background()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	ch := &bot.Channel{Key: bot.ChannelKey{Platform: bot.PlatformSlack, Workspace: fakeslack.TeamID, ChannelID: "C1"},
		Lang: bot.LangEN, Timezone: "America/New_York"}
	lb := &bot.Leaderboard{Period: bot.PeriodWeek, From: time.Date(2026, 11, 16, 0, 0, 0, 0, ny).UTC(),
		Entries: []bot.LeaderboardEntry{
			{Rank: 1, Member: bot.Member{Name: "Ann", Key: bot.MemberKey{UserID: "U1"}}, Points: 60, Answers: 3, Streak: 3},
			{Rank: 2, Member: bot.Member{Name: "Bob", Key: bot.MemberKey{UserID: "U2"}}, Points: 30, Answers: 2, Streak: 1},
		}}
	newMessenger := func(t *testing.T, fake *fakeslack.Server, render slackad.ChartRenderer) *slackad.Messenger {
		m, err := slackad.NewMessenger(slackad.Config{BotToken: fake.BotToken, APIURL: fake.APIURL()}, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		if render != nil {
			m.WithChart(render)
		}
		return m
	}

	t.Run("uploaded after the text", func(t *testing.T) {
		fake := fakeslack.New(t)
		ts, err := newMessenger(t, fake, chart.Render).PostLeaderboard(ctx, ch, lb)
		if err != nil || ts == "" {
			t.Fatalf("PostLeaderboard = %q, %v", ts, err)
		}
		msgs := fake.Messages(fakeslack.InChannel("C1"))
		if len(msgs) != 1 || msgs[0].TS != ts {
			t.Fatalf("channel messages %+v, want the board's text with ts %s", msgs, ts)
		}
		files := fake.Files()
		if len(files) != 1 {
			t.Fatalf("%d files shared, want 1", len(files))
		}
		f := files[0]
		if f.Channel != "C1" || f.ThreadTS != "" || f.Name != "leaderboard.png" || f.Title != "Leaderboard" {
			t.Errorf("file %s %q %q in %s (thread %q), want leaderboard.png \"Leaderboard\" in C1", f.ID, f.Name, f.Title, f.Channel, f.ThreadTS)
		}
		want, err := chart.Render(lb, "Leaderboard - week of 2026-11-16")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(f.Data, want) {
			t.Errorf("uploaded %d bytes, want the %d bytes of the chart titled with the channel's week", len(f.Data), len(want))
		}
		if _, err := png.Decode(bytes.NewReader(f.Data)); err != nil {
			t.Errorf("uploaded file is not a PNG: %v", err)
		}
		for _, m := range []string{"files.getUploadURLExternal", "files.completeUploadExternal"} {
			if n := fake.Calls(m); n != 1 {
				t.Errorf("%s called %d times, want 1", m, n)
			}
		}
	})

	t.Run("text alone when the upload fails", func(t *testing.T) {
		fake := fakeslack.New(t)
		fake.FailUploads("not_allowed_token_type")
		ts, err := newMessenger(t, fake, chart.Render).PostLeaderboard(ctx, ch, lb)
		if err != nil || ts == "" {
			t.Fatalf("PostLeaderboard = %q, %v; want the text's ts and no error", ts, err)
		}
		if n := len(fake.Messages(fakeslack.InChannel("C1"))); n != 1 {
			t.Errorf("%d channel messages, want the text", n)
		}
		if n := len(fake.Files()); n != 0 {
			t.Errorf("%d files shared, want none", n)
		}
		if n := fake.Calls("files.getUploadURLExternal"); n != 1 {
			t.Errorf("getUploadURLExternal called %d times, want 1 (tried once)", n)
		}
	})

	t.Run("text alone when the chart cannot be drawn", func(t *testing.T) {
		fake := fakeslack.New(t)
		broken := func(*bot.Leaderboard, string) ([]byte, error) { return nil, errors.New("no ink") }
		if _, err := newMessenger(t, fake, broken).PostLeaderboard(ctx, ch, lb); err != nil {
			t.Fatalf("PostLeaderboard: %v", err)
		}
		if n := len(fake.Messages(fakeslack.InChannel("C1"))); n != 1 {
			t.Errorf("%d channel messages, want the text", n)
		}
		if n := fake.Calls("files.getUploadURLExternal"); n != 0 {
			t.Errorf("getUploadURLExternal called %d times, want 0", n)
		}
	})

	t.Run("nothing to upload", func(t *testing.T) {
		fake := fakeslack.New(t)
		if _, err := newMessenger(t, fake, chart.Render).PostLeaderboard(ctx, ch, &bot.Leaderboard{Period: bot.PeriodWeek}); err != nil {
			t.Fatalf("PostLeaderboard(empty): %v", err)
		}
		if _, err := newMessenger(t, fake, nil).PostLeaderboard(ctx, ch, lb); err != nil {
			t.Fatalf("PostLeaderboard(no renderer): %v", err)
		}
		if n := fake.Calls("files.getUploadURLExternal"); n != 0 {
			t.Errorf("getUploadURLExternal called %d times, want 0", n)
		}
		if n := len(fake.Messages(fakeslack.InChannel("C1"))); n != 2 {
			t.Errorf("%d channel messages, want the two texts", n)
		}
	})
}
