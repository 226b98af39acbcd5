-- Daily questions: channels and their schedules, scheduled posts under their
-- unique (channel, kind, local date) key, inbound delivery keys, and the
-- columns answers to daily posts need. Times are TEXT in the fixed-width UTC
-- layout of 00001; local dates are TEXT YYYY-MM-DD in the channel's zone.

-- +goose Up
CREATE TABLE channels (
    id         INTEGER PRIMARY KEY,
    platform   TEXT NOT NULL,
    workspace  TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    lang       TEXT NOT NULL DEFAULT '',
    timezone   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (platform, workspace, channel_id)
);

CREATE TABLE schedules (
    channel_id       INTEGER PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
    timezone         TEXT NOT NULL,
    post_cron        TEXT NOT NULL,
    reveal_cron      TEXT NOT NULL DEFAULT '',
    leaderboard_cron TEXT NOT NULL DEFAULT '',
    skip_dates       TEXT NOT NULL DEFAULT '[]',
    tracks           TEXT NOT NULL DEFAULT '[]',
    topics           TEXT NOT NULL DEFAULT '[]',
    difficulty       TEXT NOT NULL DEFAULT '[]',
    paused           INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    updated_at       TEXT NOT NULL
);

CREATE TABLE posts (
    id          INTEGER PRIMARY KEY,
    channel_id  INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('question', 'reveal', 'leaderboard')),
    local_date  TEXT NOT NULL CHECK (length(local_date) = 10),
    question_id TEXT NOT NULL DEFAULT '',
    ref         TEXT NOT NULL DEFAULT '',
    closes_at   TEXT,
    created_at  TEXT NOT NULL,
    claimed_at  TEXT NOT NULL,
    sent_at     TEXT,
    -- The exactly-once key: a retry, a restart or a second replica finds it.
    UNIQUE (channel_id, kind, local_date)
);

-- FindPostByRef: thread replies name the question message.
CREATE INDEX posts_ref ON posts (channel_id, ref) WHERE ref <> '';

-- Platform keys (Slack event_id, WeCom MsgId) of deliveries already taken;
-- PruneDeliveries deletes old ones by created_at.
CREATE TABLE deliveries (
    platform   TEXT NOT NULL,
    key        TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (platform, key)
);
CREATE INDEX deliveries_created ON deliveries (created_at);

-- message_ref: the member's own message, so edits and deletes find it.
-- version/graded_version: a retried grading job knows it is done.
-- points/score: denormalised from the latest grade by GradePostAnswer (points
-- are 0 for a late answer), so leaderboards sum columns instead of looking up
-- every answer's latest grade.
ALTER TABLE answers ADD COLUMN message_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE answers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE answers ADD COLUMN graded_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE answers ADD COLUMN points INTEGER NOT NULL DEFAULT 0;
ALTER TABLE answers ADD COLUMN score INTEGER;

-- Leaderboards and stats: a member's counted daily answers.
CREATE INDEX answers_member_post ON answers (member_id, post_id)
    WHERE post_id IS NOT NULL AND withdrawn = 0;

-- +goose Down
DROP INDEX answers_member_post;
ALTER TABLE answers DROP COLUMN score;
ALTER TABLE answers DROP COLUMN points;
ALTER TABLE answers DROP COLUMN graded_version;
ALTER TABLE answers DROP COLUMN version;
ALTER TABLE answers DROP COLUMN message_ref;
DROP TABLE deliveries;
DROP TABLE posts;
DROP TABLE schedules;
DROP TABLE channels;
