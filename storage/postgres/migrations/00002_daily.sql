-- Daily questions: channels and their schedules, scheduled posts under their
-- unique (channel, kind, local date) key, inbound delivery keys, and the
-- columns answers to daily posts need. Local dates are text YYYY-MM-DD in the
-- channel's zone: days, streaks and weeks are the channel's, never UTC's.

-- +goose Up
CREATE TABLE channels (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform   text NOT NULL,
    workspace  text NOT NULL,
    channel_id text NOT NULL,
    name       text NOT NULL DEFAULT '',
    lang       text NOT NULL DEFAULT '',
    timezone   text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT channels_key UNIQUE (platform, workspace, channel_id)
);

CREATE TABLE schedules (
    channel_id       bigint PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
    timezone         text NOT NULL,
    post_cron        text NOT NULL,
    reveal_cron      text NOT NULL DEFAULT '',
    leaderboard_cron text NOT NULL DEFAULT '',
    skip_dates       jsonb NOT NULL DEFAULT '[]',
    tracks           jsonb NOT NULL DEFAULT '[]',
    topics           jsonb NOT NULL DEFAULT '[]',
    difficulty       jsonb NOT NULL DEFAULT '[]',
    paused           boolean NOT NULL DEFAULT false,
    updated_at       timestamptz NOT NULL
);

CREATE TABLE posts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel_id  bigint NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('question', 'reveal', 'leaderboard')),
    local_date  text NOT NULL CHECK (local_date ~ '^\d{4}-\d{2}-\d{2}$'),
    question_id text NOT NULL DEFAULT '',
    ref         text NOT NULL DEFAULT '',
    closes_at   timestamptz,
    created_at  timestamptz NOT NULL,
    claimed_at  timestamptz NOT NULL,
    sent_at     timestamptz,
    -- The exactly-once key: a retry, a restart or a second replica finds it.
    CONSTRAINT posts_key UNIQUE (channel_id, kind, local_date)
);

-- FindPostByRef: thread replies name the question message.
CREATE INDEX posts_ref ON posts (channel_id, ref) WHERE ref <> '';

-- Platform keys (Slack event_id, WeCom MsgId) of deliveries already taken;
-- PruneDeliveries deletes old ones by created_at.
CREATE TABLE deliveries (
    platform   text NOT NULL,
    key        text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (platform, key)
);
CREATE INDEX deliveries_created ON deliveries (created_at);

-- message_ref: the member's own message, so edits and deletes find it.
-- version/graded_version: a retried grading job knows it is done.
-- points/score: denormalised from the latest grade by GradePostAnswer (points
-- are 0 for a late answer), so leaderboards sum columns instead of looking up
-- every answer's latest grade.
ALTER TABLE answers
    ADD COLUMN message_ref    text NOT NULL DEFAULT '',
    ADD COLUMN version        integer NOT NULL DEFAULT 1,
    ADD COLUMN graded_version integer NOT NULL DEFAULT 0,
    ADD COLUMN points         integer NOT NULL DEFAULT 0,
    ADD COLUMN score          integer;

-- Leaderboards: the counted answers of a post with what they sum, read from
-- the index alone.
CREATE INDEX answers_post_points ON answers (post_id) INCLUDE (member_id, points, score)
    WHERE post_id IS NOT NULL AND withdrawn = false;
-- Stats: a member's counted daily answers.
CREATE INDEX answers_member_post ON answers (member_id, post_id)
    WHERE post_id IS NOT NULL AND withdrawn = false;

-- +goose Down
DROP INDEX answers_member_post;
DROP INDEX answers_post_points;
ALTER TABLE answers
    DROP COLUMN score,
    DROP COLUMN points,
    DROP COLUMN graded_version,
    DROP COLUMN version,
    DROP COLUMN message_ref;
DROP TABLE deliveries;
DROP TABLE posts;
DROP TABLE schedules;
DROP TABLE channels;
