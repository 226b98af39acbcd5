-- The first schema: members, their answers with append-only grades, and mock
-- interviews with their turns. Times are timestamptz (stored as UTC); JSON
-- columns hold lists and documents the queries never look inside.

-- +goose Up
CREATE TABLE members (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform   text NOT NULL,
    workspace  text NOT NULL,
    user_id    text NOT NULL,
    name       text NOT NULL DEFAULT '',
    lang       text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT members_key UNIQUE (platform, workspace, user_id)
);

CREATE TABLE mock_sessions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id  bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    track      text NOT NULL,
    lang       text NOT NULL DEFAULT '',
    state      text NOT NULL CHECK (state IN ('active', 'paused', 'finished', 'expired')),
    plan       jsonb NOT NULL DEFAULT '[]',
    current    integer NOT NULL DEFAULT 0 CHECK (current >= 0),
    report     jsonb,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- ListSessions: a member's sessions, newest first.
CREATE INDEX mock_sessions_member_created ON mock_sessions (member_id, created_at DESC, id DESC);
-- At most one open (active or paused) session per member: two replicas or a
-- double click cannot start two interviews at once.
CREATE UNIQUE INDEX mock_sessions_one_open ON mock_sessions (member_id)
    WHERE state IN ('active', 'paused');

CREATE TABLE answers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    question_id text NOT NULL,
    session_id  bigint REFERENCES mock_sessions (id) ON DELETE CASCADE,
    -- post_id will reference the daily posts table when it lands.
    post_id     bigint,
    text        text NOT NULL,
    lang        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    withdrawn   boolean NOT NULL DEFAULT false
);

-- ListAnswers: a member's answers, newest first.
CREATE INDEX answers_member_created ON answers (member_id, created_at DESC, id DESC);
CREATE INDEX answers_session ON answers (session_id) WHERE session_id IS NOT NULL;
-- One counted answer per member per question post.
CREATE UNIQUE INDEX answers_one_per_post ON answers (post_id, member_id)
    WHERE post_id IS NOT NULL AND NOT withdrawn;

CREATE TABLE grades (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    answer_id      bigint NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    score          integer NOT NULL CHECK (score BETWEEN 0 AND 100),
    stars          integer NOT NULL CHECK (stars BETWEEN 1 AND 5),
    covered        jsonb NOT NULL DEFAULT '[]',
    missing        jsonb NOT NULL DEFAULT '[]',
    misconceptions jsonb NOT NULL DEFAULT '[]',
    flags          jsonb NOT NULL DEFAULT '[]',
    review         jsonb NOT NULL DEFAULT '{}',
    grader         text NOT NULL,
    grader_version text NOT NULL DEFAULT '',
    rubric_version text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL
);

-- The latest grade of an answer is the one with the highest id.
CREATE INDEX grades_answer ON grades (answer_id, id);

CREATE TABLE session_turns (
    session_id  bigint NOT NULL REFERENCES mock_sessions (id) ON DELETE CASCADE,
    idx         integer NOT NULL CHECK (idx >= 0),
    question_id text NOT NULL,
    answer_id   bigint REFERENCES answers (id) ON DELETE SET NULL,
    skipped     boolean NOT NULL DEFAULT false,
    hints       integer NOT NULL DEFAULT 0 CHECK (hints >= 0),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (session_id, idx)
);

CREATE INDEX session_turns_answer ON session_turns (answer_id) WHERE answer_id IS NOT NULL;

-- +goose Down
DROP TABLE session_turns;
DROP TABLE grades;
DROP TABLE answers;
DROP TABLE mock_sessions;
DROP TABLE members;
