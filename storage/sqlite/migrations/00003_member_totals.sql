-- Running totals per member per channel of counted answers to question posts,
-- so the all-time leaderboard reads ten index entries instead of summing every
-- answer the channel ever had. Triggers on answers keep them in the same
-- transaction as whatever changes an answer (create, grade, withdraw,
-- delete); text edits change nothing until the regrade does. The same
-- table and rules as PostgreSQL's 00003.

-- +goose Up
CREATE TABLE member_totals (
    channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    answers    INTEGER NOT NULL DEFAULT 0,
    points     INTEGER NOT NULL DEFAULT 0,
    score_sum  INTEGER NOT NULL DEFAULT 0,
    graded     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, member_id)
);

CREATE INDEX member_totals_rank ON member_totals (channel_id, points DESC, answers DESC, member_id)
    WHERE answers > 0;

-- +goose StatementBegin
CREATE TRIGGER answers_totals_add_insert AFTER INSERT ON answers
WHEN NEW.post_id IS NOT NULL AND NEW.withdrawn = 0
BEGIN
    INSERT OR IGNORE INTO member_totals (channel_id, member_id)
    SELECT channel_id, NEW.member_id FROM posts WHERE id = NEW.post_id AND kind = 'question';
    UPDATE member_totals SET
        answers = answers + 1,
        points = points + NEW.points,
        score_sum = score_sum + coalesce(NEW.score, 0),
        graded = graded + (NEW.score IS NOT NULL)
    WHERE member_id = NEW.member_id
      AND channel_id = (SELECT channel_id FROM posts WHERE id = NEW.post_id AND kind = 'question');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER answers_totals_add_update AFTER UPDATE OF member_id, post_id, withdrawn, points, score ON answers
WHEN NEW.post_id IS NOT NULL AND NEW.withdrawn = 0
BEGIN
    INSERT OR IGNORE INTO member_totals (channel_id, member_id)
    SELECT channel_id, NEW.member_id FROM posts WHERE id = NEW.post_id AND kind = 'question';
    UPDATE member_totals SET
        answers = answers + 1,
        points = points + NEW.points,
        score_sum = score_sum + coalesce(NEW.score, 0),
        graded = graded + (NEW.score IS NOT NULL)
    WHERE member_id = NEW.member_id
      AND channel_id = (SELECT channel_id FROM posts WHERE id = NEW.post_id AND kind = 'question');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER answers_totals_sub_update AFTER UPDATE OF member_id, post_id, withdrawn, points, score ON answers
WHEN OLD.post_id IS NOT NULL AND OLD.withdrawn = 0
BEGIN
    UPDATE member_totals SET
        answers = answers - 1,
        points = points - OLD.points,
        score_sum = score_sum - coalesce(OLD.score, 0),
        graded = graded - (OLD.score IS NOT NULL)
    WHERE member_id = OLD.member_id
      AND channel_id = (SELECT channel_id FROM posts WHERE id = OLD.post_id AND kind = 'question');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER answers_totals_sub_delete AFTER DELETE ON answers
WHEN OLD.post_id IS NOT NULL AND OLD.withdrawn = 0
BEGIN
    UPDATE member_totals SET
        answers = answers - 1,
        points = points - OLD.points,
        score_sum = score_sum - coalesce(OLD.score, 0),
        graded = graded - (OLD.score IS NOT NULL)
    WHERE member_id = OLD.member_id
      AND channel_id = (SELECT channel_id FROM posts WHERE id = OLD.post_id AND kind = 'question');
END;
-- +goose StatementEnd

-- The history before this migration.
INSERT INTO member_totals (channel_id, member_id, answers, points, score_sum, graded)
SELECT p.channel_id, a.member_id, count(*), sum(a.points), coalesce(sum(a.score), 0), count(a.score)
FROM answers a JOIN posts p ON p.id = a.post_id AND p.kind = 'question'
WHERE a.withdrawn = 0
GROUP BY p.channel_id, a.member_id;

-- +goose Down
DROP TRIGGER answers_totals_sub_delete;
DROP TRIGGER answers_totals_sub_update;
DROP TRIGGER answers_totals_add_update;
DROP TRIGGER answers_totals_add_insert;
DROP TABLE member_totals;
