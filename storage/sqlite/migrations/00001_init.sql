-- The first schema: members, their answers with append-only grades, and mock
-- interviews with their turns. Times are TEXT in one fixed-width UTC layout
-- (2006-01-02T15:04:05.000000Z) so they sort as strings; JSON columns hold
-- lists and documents the queries never look inside.

-- +goose Up
CREATE TABLE members (
    id         INTEGER PRIMARY KEY,
    platform   TEXT NOT NULL,
    workspace  TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    lang       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (platform, workspace, user_id)
);

CREATE TABLE mock_sessions (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    track      TEXT NOT NULL,
    lang       TEXT NOT NULL DEFAULT '',
    state      TEXT NOT NULL CHECK (state IN ('active', 'paused', 'finished', 'expired')),
    plan       TEXT NOT NULL DEFAULT '[]',
    current    INTEGER NOT NULL DEFAULT 0 CHECK (current >= 0),
    report     TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- ListSessions: a member's sessions, newest first.
CREATE INDEX mock_sessions_member_created ON mock_sessions (member_id, created_at DESC, id DESC);
-- At most one open (active or paused) session per member: two replicas or a
-- double click cannot start two interviews at once.
CREATE UNIQUE INDEX mock_sessions_one_open ON mock_sessions (member_id)
    WHERE state IN ('active', 'paused');

CREATE TABLE answers (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    session_id  INTEGER REFERENCES mock_sessions (id) ON DELETE CASCADE,
    -- post_id will reference the daily posts table when it lands.
    post_id     INTEGER,
    text        TEXT NOT NULL,
    lang        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    withdrawn   INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1))
);

-- ListAnswers: a member's answers, newest first.
CREATE INDEX answers_member_created ON answers (member_id, created_at DESC, id DESC);
CREATE INDEX answers_session ON answers (session_id) WHERE session_id IS NOT NULL;
-- One counted answer per member per question post.
CREATE UNIQUE INDEX answers_one_per_post ON answers (post_id, member_id)
    WHERE post_id IS NOT NULL AND withdrawn = 0;

CREATE TABLE grades (
    id             INTEGER PRIMARY KEY,
    answer_id      INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    score          INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    stars          INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    covered        TEXT NOT NULL DEFAULT '[]',
    missing        TEXT NOT NULL DEFAULT '[]',
    misconceptions TEXT NOT NULL DEFAULT '[]',
    flags          TEXT NOT NULL DEFAULT '[]',
    review         TEXT NOT NULL DEFAULT '{}',
    grader         TEXT NOT NULL,
    grader_version TEXT NOT NULL DEFAULT '',
    rubric_version TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
);

-- The latest grade of an answer is the one with the highest id.
CREATE INDEX grades_answer ON grades (answer_id, id);

CREATE TABLE session_turns (
    session_id  INTEGER NOT NULL REFERENCES mock_sessions (id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL CHECK (idx >= 0),
    question_id TEXT NOT NULL,
    answer_id   INTEGER REFERENCES answers (id) ON DELETE SET NULL,
    skipped     INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
    hints       INTEGER NOT NULL DEFAULT 0 CHECK (hints >= 0),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (session_id, idx)
);

CREATE INDEX session_turns_answer ON session_turns (answer_id) WHERE answer_id IS NOT NULL;

-- +goose Down
DROP TABLE session_turns;
DROP TABLE grades;
DROP TABLE answers;
DROP TABLE mock_sessions;
DROP TABLE members;
