package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// UpsertChannel finds the channel by Key or creates it in one statement, so
// two first messages in a new channel yield one channel. Empty Name, Lang and
// Timezone keep the stored values; c is filled with what is stored.
func (s *Store) UpsertChannel(ctx context.Context, c *bot.Channel) error {
	k := c.Key
	if k.Platform == "" || k.Workspace == "" || k.ChannelID == "" {
		return bot.Errorf(bot.EINVALID, "A channel needs a platform, a workspace and a channel id (got %q, %q, %q).",
			k.Platform, k.Workspace, k.ChannelID)
	}
	now := formatTime(s.now())
	row := s.db.QueryRowContext(ctx, `
		INSERT INTO channels (platform, workspace, channel_id, name, lang, timezone, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (platform, workspace, channel_id) DO UPDATE SET
			name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE channels.name END,
			lang = CASE WHEN excluded.lang <> '' THEN excluded.lang ELSE channels.lang END,
			timezone = CASE WHEN excluded.timezone <> '' THEN excluded.timezone ELSE channels.timezone END,
			updated_at = excluded.updated_at
		RETURNING `+channelCols,
		k.Platform, k.Workspace, k.ChannelID, c.Name, string(c.Lang), c.Timezone, now, now)
	got, err := scanChannel(row)
	if err != nil {
		return wrap(ctx, "upsert channel", err, meaning{})
	}
	*c = *got
	return nil
}

const channelCols = `id, platform, workspace, channel_id, name, lang, timezone, created_at`

func scanChannel(row scanner) (*bot.Channel, error) {
	c := &bot.Channel{}
	var created string
	if err := row.Scan(&c.ID, &c.Key.Platform, &c.Key.Workspace, &c.Key.ChannelID, &c.Name, &c.Lang,
		&c.Timezone, &created); err != nil {
		return nil, err
	}
	var err error
	if c.CreatedAt, err = parseTime(created); err != nil {
		return nil, fmt.Errorf("channel %d: %w", c.ID, err)
	}
	return c, nil
}

// FindChannel returns the channel with the given id.
func (s *Store) FindChannel(ctx context.Context, id int64) (*bot.Channel, error) {
	c, err := scanChannel(s.db.QueryRowContext(ctx, `SELECT `+channelCols+` FROM channels WHERE id = ?`, id))
	if err != nil {
		return nil, wrap(ctx, "find channel", err, meaning{missing: fmt.Sprintf("Channel %d not found.", id)})
	}
	return c, nil
}

// ListChannels returns every channel, oldest first.
func (s *Store) ListChannels(ctx context.Context) ([]*bot.Channel, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+channelCols+` FROM channels ORDER BY id`)
	if err != nil {
		return nil, wrap(ctx, "list channels", err, meaning{})
	}
	defer rows.Close()
	out := []*bot.Channel{}
	for rows.Next() {
		c, err := scanChannel(rows)
		if err != nil {
			return nil, wrap(ctx, "list channels", err, meaning{})
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(ctx, "list channels", err, meaning{})
	}
	return out, nil
}

// SaveSchedule stores the channel's schedule, replacing the previous one.
func (s *Store) SaveSchedule(ctx context.Context, sc *bot.Schedule) error {
	if sc.Timezone == "" || sc.PostCron == "" {
		return bot.Errorf(bot.EINVALID, "A schedule needs a timezone and a post time.")
	}
	lists := make([]string, 4)
	for i, l := range [][]string{sc.SkipDates, sc.Tracks, sc.Topics} {
		v, err := encodeList(l)
		if err != nil {
			return fmt.Errorf("save schedule: %w", err)
		}
		lists[i] = v
	}
	diff, err := encodeInts(sc.Difficulty)
	if err != nil {
		return fmt.Errorf("save schedule: %w", err)
	}
	lists[3] = diff
	updated := sc.UpdatedAt
	if updated.IsZero() {
		updated = s.now()
	}
	_, err = s.db.ExecContext(ctx, `
		INSERT INTO schedules (channel_id, timezone, post_cron, reveal_cron, leaderboard_cron,
			skip_dates, tracks, topics, difficulty, paused, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (channel_id) DO UPDATE SET
			timezone = excluded.timezone, post_cron = excluded.post_cron,
			reveal_cron = excluded.reveal_cron, leaderboard_cron = excluded.leaderboard_cron,
			skip_dates = excluded.skip_dates, tracks = excluded.tracks, topics = excluded.topics,
			difficulty = excluded.difficulty, paused = excluded.paused, updated_at = excluded.updated_at`,
		sc.ChannelID, sc.Timezone, sc.PostCron, sc.RevealCron, sc.LeaderboardCron,
		lists[0], lists[1], lists[2], lists[3], sc.Paused, formatTime(updated))
	if err != nil {
		return wrap(ctx, "save schedule", err, meaning{missing: fmt.Sprintf("Channel %d not found.", sc.ChannelID)})
	}
	sc.UpdatedAt = updated.UTC().Truncate(time.Microsecond)
	return nil
}

const scheduleCols = `channel_id, timezone, post_cron, reveal_cron, leaderboard_cron, skip_dates, tracks,
	topics, difficulty, paused, updated_at`

func scanSchedule(row scanner) (*bot.Schedule, error) {
	sc := &bot.Schedule{}
	var skip, tracks, topics, diff, updated string
	if err := row.Scan(&sc.ChannelID, &sc.Timezone, &sc.PostCron, &sc.RevealCron, &sc.LeaderboardCron,
		&skip, &tracks, &topics, &diff, &sc.Paused, &updated); err != nil {
		return nil, err
	}
	var err error
	for _, c := range []struct {
		dst *[]string
		src string
	}{{&sc.SkipDates, skip}, {&sc.Tracks, tracks}, {&sc.Topics, topics}} {
		if *c.dst, err = decodeList(c.src); err != nil {
			return nil, fmt.Errorf("schedule of channel %d: %w", sc.ChannelID, err)
		}
	}
	if sc.Difficulty, err = decodeInts(diff); err != nil {
		return nil, fmt.Errorf("schedule of channel %d: %w", sc.ChannelID, err)
	}
	if sc.UpdatedAt, err = parseTime(updated); err != nil {
		return nil, fmt.Errorf("schedule of channel %d: %w", sc.ChannelID, err)
	}
	return sc, nil
}

// FindSchedule returns the channel's schedule; ENOTFOUND when it has none.
func (s *Store) FindSchedule(ctx context.Context, channelID int64) (*bot.Schedule, error) {
	sc, err := scanSchedule(s.db.QueryRowContext(ctx, `SELECT `+scheduleCols+` FROM schedules WHERE channel_id = ?`, channelID))
	if err != nil {
		return nil, wrap(ctx, "find schedule", err, meaning{missing: fmt.Sprintf("Channel %d has no schedule.", channelID)})
	}
	return sc, nil
}

// ListSchedules returns every schedule, by channel id.
func (s *Store) ListSchedules(ctx context.Context) ([]*bot.Schedule, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+scheduleCols+` FROM schedules ORDER BY channel_id`)
	if err != nil {
		return nil, wrap(ctx, "list schedules", err, meaning{})
	}
	defer rows.Close()
	out := []*bot.Schedule{}
	for rows.Next() {
		sc, err := scanSchedule(rows)
		if err != nil {
			return nil, wrap(ctx, "list schedules", err, meaning{})
		}
		out = append(out, sc)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(ctx, "list schedules", err, meaning{})
	}
	return out, nil
}

var _ bot.DailyStore = (*Store)(nil)
