package slack

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"github.com/interviewbot/interviewbot/bot"
)

// ChartRenderer draws a leaderboard as PNG bytes under a title;
// adapters/chart.Render is one. The adapter takes it as a function so it
// does not depend on how charts are drawn.
type ChartRenderer func(lb *bot.Leaderboard, title string) ([]byte, error)

// chartUploadTimeout bounds the three calls of one chart upload, so a slow
// upload cannot hold the leaderboard job until its claim goes stale.
const chartUploadTimeout = 30 * time.Second

// WithChart makes PostLeaderboard share a PNG chart of the board in the
// channel right after the text. The text is posted first and is the post's
// reference, so the board is never lost or doubled by the chart: when
// rendering or the upload fails, the text alone stands and the failure is
// logged. Call it while wiring, before the messenger is used.
func (m *Messenger) WithChart(render ChartRenderer) *Messenger {
	m.chart = render
	return m
}

// attachChart uploads the chart of lb to the channel; failures are logged,
// never returned, because the text is already posted.
func (m *Messenger) attachChart(ctx context.Context, ch *bot.Channel, lb *bot.Leaderboard) {
	if m.chart == nil || len(lb.Entries) == 0 {
		return
	}
	log := m.log.With(slog.String("channel_id", ch.Key.ChannelID), slog.String("period", string(lb.Period)))
	png, err := m.chart(lb, chartTitle(ch, lb))
	if err != nil {
		log.Warn("leaderboard chart not drawn; the text stands alone", slog.String("err", err.Error()))
		return
	}
	ctx, cancel := context.WithTimeout(ctx, chartUploadTimeout)
	defer cancel()
	if err := m.api.upload(ctx, ch.Key.ChannelID, "leaderboard.png", "Leaderboard", png); err != nil {
		log.Warn("leaderboard chart not uploaded; the text stands alone", slog.String("err", err.Error()))
	}
}

// chartTitle names the period in the channel's own dates. Charts are drawn
// with Latin faces, so the title is English whatever the channel's language.
func chartTitle(ch *bot.Channel, lb *bot.Leaderboard) string {
	loc, err := time.LoadLocation(ch.Timezone)
	if err != nil || ch.Timezone == "" {
		loc = time.UTC
	}
	from := lb.From.In(loc)
	switch lb.Period {
	case bot.PeriodWeek:
		return "Leaderboard - week of " + from.Format(time.DateOnly)
	case bot.PeriodMonth:
		return "Leaderboard - " + from.Format("January 2006")
	default:
		return "Leaderboard - all time"
	}
}

// upload shares data as a file in channel through Slack's external upload
// flow (files.getUploadURLExternal, the bytes to the returned URL,
// files.completeUploadExternal); files.upload is retired.
func (a *api) upload(ctx context.Context, channel, filename, title string, data []byte) error {
	return a.do(ctx, "files.uploadExternal", func() error {
		_, err := a.c.UploadFileContext(ctx, slack.UploadFileParameters{
			Reader: bytes.NewReader(data), FileSize: len(data), Filename: filename, Title: title, Channel: channel,
		})
		if err != nil {
			return fmt.Errorf("upload %s (%d bytes): %w", filename, len(data), err)
		}
		return nil
	})
}
