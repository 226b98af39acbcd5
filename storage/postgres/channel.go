package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/jackc/pgx/v5"
)

var _ bot.DailyStore = (*Store)(nil)

// UpsertChannel finds the channel by Key or creates it in one statement, so
// two first messages in a new channel yield one channel. Empty Name, Lang and
// Timezone keep the stored values; c is filled with what is stored.
func (s *Store) UpsertChannel(ctx context.Context, c *bot.Channel) error {
	k := c.Key
	if k.Platform == "" || k.Workspace == "" || k.ChannelID == "" {
		return bot.Errorf(bot.EINVALID, "A channel needs a platform, a workspace and a channel id (got %q, %q, %q).",
			k.Platform, k.Workspace, k.ChannelID)
	}
	row := s.pool.QueryRow(ctx, `
		INSERT INTO channels (platform, workspace, channel_id, name, lang, timezone, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
		ON CONFLICT (platform, workspace, channel_id) DO UPDATE SET
			name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE channels.name END,
			lang = CASE WHEN excluded.lang <> '' THEN excluded.lang ELSE channels.lang END,
			timezone = CASE WHEN excluded.timezone <> '' THEN excluded.timezone ELSE channels.timezone END,
			updated_at = excluded.updated_at
		RETURNING `+channelCols,
		k.Platform, k.Workspace, k.ChannelID, c.Name, string(c.Lang), c.Timezone, s.now())
	got, err := scanChannel(row)
	if err != nil {
		return s.wrap(ctx, "upsert channel", err, meaning{})
	}
	*c = *got
	return nil
}

const channelCols = `id, platform, workspace, channel_id, name, lang, timezone, created_at`

func scanChannel(row pgx.Row) (*bot.Channel, error) {
	c := &bot.Channel{}
	var lang string
	if err := row.Scan(&c.ID, &c.Key.Platform, &c.Key.Workspace, &c.Key.ChannelID, &c.Name, &lang,
		&c.Timezone, &c.CreatedAt); err != nil {
		return nil, err
	}
	c.Lang, c.CreatedAt = bot.Lang(lang), c.CreatedAt.UTC()
	return c, nil
}

// FindChannel returns the channel with the given id.
func (s *Store) FindChannel(ctx context.Context, id int64) (*bot.Channel, error) {
	c, err := scanChannel(s.pool.QueryRow(ctx, `SELECT `+channelCols+` FROM channels WHERE id = $1`, id))
	if err != nil {
		return nil, s.wrap(ctx, "find channel", err, meaning{missing: fmt.Sprintf("Channel %d not found.", id)})
	}
	return c, nil
}

// ListChannels returns every channel, oldest first.
func (s *Store) ListChannels(ctx context.Context) ([]*bot.Channel, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+channelCols+` FROM channels ORDER BY id`)
	if err != nil {
		return nil, s.wrap(ctx, "list channels", err, meaning{})
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*bot.Channel, error) { return scanChannel(r) })
	if err != nil {
		return nil, s.wrap(ctx, "list channels", err, meaning{})
	}
	return append([]*bot.Channel{}, out...), nil
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
	diff, err := json.Marshal(sc.Difficulty)
	if err != nil || sc.Difficulty == nil {
		diff = []byte("[]")
	}
	lists[3] = string(diff)
	updated := sc.UpdatedAt.UTC().Truncate(time.Microsecond)
	if updated.IsZero() {
		updated = s.now()
	}
	_, err = s.pool.Exec(ctx, `
		INSERT INTO schedules (channel_id, timezone, post_cron, reveal_cron, leaderboard_cron,
			skip_dates, tracks, topics, difficulty, paused, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (channel_id) DO UPDATE SET
			timezone = excluded.timezone, post_cron = excluded.post_cron,
			reveal_cron = excluded.reveal_cron, leaderboard_cron = excluded.leaderboard_cron,
			skip_dates = excluded.skip_dates, tracks = excluded.tracks, topics = excluded.topics,
			difficulty = excluded.difficulty, paused = excluded.paused, updated_at = excluded.updated_at`,
		sc.ChannelID, sc.Timezone, sc.PostCron, sc.RevealCron, sc.LeaderboardCron,
		lists[0], lists[1], lists[2], lists[3], sc.Paused, updated)
	if err != nil {
		return s.wrap(ctx, "save schedule", err, meaning{missing: fmt.Sprintf("Channel %d not found.", sc.ChannelID)})
	}
	sc.UpdatedAt = updated
	return nil
}

const scheduleCols = `channel_id, timezone, post_cron, reveal_cron, leaderboard_cron, skip_dates, tracks,
	topics, difficulty, paused, updated_at`

func scanSchedule(row pgx.Row) (*bot.Schedule, error) {
	sc := &bot.Schedule{}
	var skip, tracks, topics, diff []byte
	if err := row.Scan(&sc.ChannelID, &sc.Timezone, &sc.PostCron, &sc.RevealCron, &sc.LeaderboardCron,
		&skip, &tracks, &topics, &diff, &sc.Paused, &sc.UpdatedAt); err != nil {
		return nil, err
	}
	sc.UpdatedAt = sc.UpdatedAt.UTC()
	var err error
	for _, c := range []struct {
		dst *[]string
		src []byte
	}{{&sc.SkipDates, skip}, {&sc.Tracks, tracks}, {&sc.Topics, topics}} {
		if *c.dst, err = decodeList(c.src); err != nil {
			return nil, fmt.Errorf("schedule of channel %d: %w", sc.ChannelID, err)
		}
	}
	if err := json.Unmarshal(diff, &sc.Difficulty); err != nil {
		return nil, fmt.Errorf("schedule of channel %d: decode difficulty: %w", sc.ChannelID, err)
	}
	if len(sc.Difficulty) == 0 {
		sc.Difficulty = nil
	}
	return sc, nil
}

// FindSchedule returns the channel's schedule; ENOTFOUND when it has none.
func (s *Store) FindSchedule(ctx context.Context, channelID int64) (*bot.Schedule, error) {
	sc, err := scanSchedule(s.pool.QueryRow(ctx, `SELECT `+scheduleCols+` FROM schedules WHERE channel_id = $1`, channelID))
	if err != nil {
		return nil, s.wrap(ctx, "find schedule", err, meaning{missing: fmt.Sprintf("Channel %d has no schedule.", channelID)})
	}
	return sc, nil
}

// ListSchedules returns every schedule, by channel id.
func (s *Store) ListSchedules(ctx context.Context) ([]*bot.Schedule, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+scheduleCols+` FROM schedules ORDER BY channel_id`)
	if err != nil {
		return nil, s.wrap(ctx, "list schedules", err, meaning{})
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*bot.Schedule, error) { return scanSchedule(r) })
	if err != nil {
		return nil, s.wrap(ctx, "list schedules", err, meaning{})
	}
	return append([]*bot.Schedule{}, out...), nil
}
