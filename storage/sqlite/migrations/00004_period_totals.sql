-- Running totals per member per channel per week (Monday to Sunday) and per
-- calendar month of the posts' local dates, beside the all-time ones of
-- 00003, so weekly and monthly boards read their top ten from an index. The
-- same table and rules as PostgreSQL's 00004; triggers keep it in the same
-- transaction as whatever changes an answer.

-- +goose Up
CREATE TABLE period_totals (
    channel_id INTEGER NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    period     TEXT NOT NULL CHECK (period IN ('week', 'month')),
    start_date TEXT NOT NULL,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    answers    INTEGER NOT NULL DEFAULT 0,
    points     INTEGER NOT NULL DEFAULT 0,
    score_sum  INTEGER NOT NULL DEFAULT 0,
    graded     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, period, start_date, member_id)
);

CREATE INDEX period_totals_rank ON period_totals (channel_id, period, start_date, points DESC, answers DESC, member_id)
    WHERE answers > 0;

-- +goose StatementBegin
CREATE TRIGGER answers_period_add_insert AFTER INSERT ON answers
WHEN NEW.post_id IS NOT NULL AND NEW.withdrawn = 0
BEGIN
    INSERT OR IGNORE INTO period_totals (channel_id, period, start_date, member_id)
    SELECT k.*, NEW.member_id FROM (SELECT channel_id, 'week', date(local_date, '-6 days', 'weekday 1') FROM posts WHERE id = NEW.post_id AND kind = 'question'
        UNION ALL
        SELECT channel_id, 'month', date(local_date, 'start of month') FROM posts WHERE id = NEW.post_id AND kind = 'question') AS k;
    UPDATE period_totals SET
        answers = answers + 1,
        points = points + NEW.points,
        score_sum = score_sum + coalesce(NEW.score, 0),
        graded = graded + (NEW.score IS NOT NULL)
    WHERE member_id = NEW.member_id AND (channel_id, period, start_date) IN (SELECT channel_id, 'week', date(local_date, '-6 days', 'weekday 1') FROM posts WHERE id = NEW.post_id AND kind = 'question'
        UNION ALL
        SELECT channel_id, 'month', date(local_date, 'start of month') FROM posts WHERE id = NEW.post_id AND kind = 'question');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER answers_period_add_update AFTER UPDATE OF member_id, post_id, withdrawn, points, score ON answers
WHEN NEW.post_id IS NOT NULL AND NEW.withdrawn = 0
BEGIN
    INSERT OR IGNORE INTO period_totals (channel_id, period, start_date, member_id)
    SELECT k.*, NEW.member_id FROM (SELECT channel_id, 'week', date(local_date, '-6 days', 'weekday 1') FROM posts WHERE id = NEW.post_id AND kind = 'question'
        UNION ALL
        SELECT channel_id, 'month', date(local_date, 'start of month') FROM posts WHERE id = NEW.post_id AND kind = 'question') AS k;
    UPDATE period_totals SET
        answers = answers + 1,
        points = points + NEW.points,
        score_sum = score_sum + coalesce(NEW.score, 0),
        graded = graded + (NEW.score IS NOT NULL)
    WHERE member_id = NEW.member_id AND (channel_id, period, start_date) IN (SELECT channel_id, 'week', date(local_date, '-6 days', 'weekday 1') FROM posts WHERE id = NEW.post_id AND kind = 'question'
        UNION ALL
        SELECT channel_id, 'month', date(local_date, 'start of month') FROM posts WHERE id = NEW.post_id AND kind = 'question');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER answers_period_sub_update AFTER UPDATE OF member_id, post_id, withdrawn, points, score ON answers
WHEN OLD.post_id IS NOT NULL AND OLD.withdrawn = 0
BEGIN
    UPDATE period_totals SET
        answers = answers - 1,
        points = points - OLD.points,
        score_sum = score_sum - coalesce(OLD.score, 0),
        graded = graded - (OLD.score IS NOT NULL)
    WHERE member_id = OLD.member_id AND (channel_id, period, start_date) IN (SELECT channel_id, 'week', date(local_date, '-6 days', 'weekday 1') FROM posts WHERE id = OLD.post_id AND kind = 'question'
        UNION ALL
        SELECT channel_id, 'month', date(local_date, 'start of month') FROM posts WHERE id = OLD.post_id AND kind = 'question');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER answers_period_sub_delete AFTER DELETE ON answers
WHEN OLD.post_id IS NOT NULL AND OLD.withdrawn = 0
BEGIN
    UPDATE period_totals SET
        answers = answers - 1,
        points = points - OLD.points,
        score_sum = score_sum - coalesce(OLD.score, 0),
        graded = graded - (OLD.score IS NOT NULL)
    WHERE member_id = OLD.member_id AND (channel_id, period, start_date) IN (SELECT channel_id, 'week', date(local_date, '-6 days', 'weekday 1') FROM posts WHERE id = OLD.post_id AND kind = 'question'
        UNION ALL
        SELECT channel_id, 'month', date(local_date, 'start of month') FROM posts WHERE id = OLD.post_id AND kind = 'question');
END;
-- +goose StatementEnd

-- The history before this migration.
INSERT INTO period_totals (channel_id, period, start_date, member_id, answers, points, score_sum, graded)
SELECT p.channel_id, w.period,
    CASE w.period WHEN 'week' THEN date(p.local_date, '-6 days', 'weekday 1') ELSE date(p.local_date, 'start of month') END,
    a.member_id, count(*), sum(a.points), coalesce(sum(a.score), 0), count(a.score)
FROM answers a
JOIN posts p ON p.id = a.post_id AND p.kind = 'question'
CROSS JOIN (SELECT 'week' AS period UNION ALL SELECT 'month') AS w
WHERE a.withdrawn = 0
GROUP BY 1, 2, 3, 4;

-- +goose Down
DROP TRIGGER answers_period_sub_delete;
DROP TRIGGER answers_period_sub_update;
DROP TRIGGER answers_period_add_update;
DROP TRIGGER answers_period_add_insert;
DROP TABLE period_totals;
