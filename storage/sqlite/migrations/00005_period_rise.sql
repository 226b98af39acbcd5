-- The most improved member of a week or month from one index entry, as in
-- PostgreSQL's 00005: each period_totals row also carries the member's
-- totals of the period before (prev_*) and the rise of their average.
-- Triggers beside 00004's add each change of a member's week (month) to
-- the prev_* of their row for the next week (month), creating it with
-- answers = 0 when needed; boards only read rows with answers > 0.

-- +goose Up
ALTER TABLE period_totals ADD COLUMN prev_answers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE period_totals ADD COLUMN prev_score_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE period_totals ADD COLUMN prev_graded INTEGER NOT NULL DEFAULT 0;
-- Averages as the boards compute them (REAL score_sum / graded, 0 while
-- nothing is graded), so the rise equals the one computed on the fly.
ALTER TABLE period_totals ADD COLUMN rise REAL GENERATED ALWAYS AS (
    CASE WHEN graded > 0 THEN CAST(score_sum AS REAL) / graded ELSE 0.0 END
    - CASE WHEN prev_graded > 0 THEN CAST(prev_score_sum AS REAL) / prev_graded ELSE 0.0 END) VIRTUAL;

CREATE INDEX period_totals_rise ON period_totals (channel_id, period, start_date, rise DESC, points DESC, answers DESC, member_id)
    WHERE answers > 0 AND prev_answers > 0 AND rise > 0;

-- +goose StatementBegin
CREATE TRIGGER answers_period_prev_add_insert AFTER INSERT ON answers
WHEN NEW.post_id IS NOT NULL AND NEW.withdrawn = 0
BEGIN
    INSERT OR IGNORE INTO period_totals (channel_id, period, start_date, member_id)
    SELECT k.*, NEW.member_id FROM (SELECT channel_id, 'week', date(local_date, '-6 days', 'weekday 1', '+7 days') FROM posts WHERE id = NEW.post_id AND kind = 'question'
        UNION ALL
        SELECT channel_id, 'month', date(local_date, 'start of month', '+1 month') FROM posts WHERE id = NEW.post_id AND kind = 'question') AS k;
    UPDATE period_totals SET
        prev_answers = prev_answers + 1,
        prev_score_sum = prev_score_sum + coalesce(NEW.score, 0),
        prev_graded = prev_graded + (NEW.score IS NOT NULL)
    WHERE member_id = NEW.member_id AND (channel_id, period, start_date) IN (SELECT channel_id, 'week', date(local_date, '-6 days', 'weekday 1', '+7 days') FROM posts WHERE id = NEW.post_id AND kind = 'question'
        UNION ALL
        SELECT channel_id, 'month', date(local_date, 'start of month', '+1 month') FROM posts WHERE id = NEW.post_id AND kind = 'question');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER answers_period_prev_add_update AFTER UPDATE OF member_id, post_id, withdrawn, points, score ON answers
WHEN NEW.post_id IS NOT NULL AND NEW.withdrawn = 0
BEGIN
    INSERT OR IGNORE INTO period_totals (channel_id, period, start_date, member_id)
    SELECT k.*, NEW.member_id FROM (SELECT channel_id, 'week', date(local_date, '-6 days', 'weekday 1', '+7 days') FROM posts WHERE id = NEW.post_id AND kind = 'question'
        UNION ALL
        SELECT channel_id, 'month', date(local_date, 'start of month', '+1 month') FROM posts WHERE id = NEW.post_id AND kind = 'question') AS k;
    UPDATE period_totals SET
        prev_answers = prev_answers + 1,
        prev_score_sum = prev_score_sum + coalesce(NEW.score, 0),
        prev_graded = prev_graded + (NEW.score IS NOT NULL)
    WHERE member_id = NEW.member_id AND (channel_id, period, start_date) IN (SELECT channel_id, 'week', date(local_date, '-6 days', 'weekday 1', '+7 days') FROM posts WHERE id = NEW.post_id AND kind = 'question'
        UNION ALL
        SELECT channel_id, 'month', date(local_date, 'start of month', '+1 month') FROM posts WHERE id = NEW.post_id AND kind = 'question');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER answers_period_prev_sub_update AFTER UPDATE OF member_id, post_id, withdrawn, points, score ON answers
WHEN OLD.post_id IS NOT NULL AND OLD.withdrawn = 0
BEGIN
    UPDATE period_totals SET
        prev_answers = prev_answers - 1,
        prev_score_sum = prev_score_sum - coalesce(OLD.score, 0),
        prev_graded = prev_graded - (OLD.score IS NOT NULL)
    WHERE member_id = OLD.member_id AND (channel_id, period, start_date) IN (SELECT channel_id, 'week', date(local_date, '-6 days', 'weekday 1', '+7 days') FROM posts WHERE id = OLD.post_id AND kind = 'question'
        UNION ALL
        SELECT channel_id, 'month', date(local_date, 'start of month', '+1 month') FROM posts WHERE id = OLD.post_id AND kind = 'question');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER answers_period_prev_sub_delete AFTER DELETE ON answers
WHEN OLD.post_id IS NOT NULL AND OLD.withdrawn = 0
BEGIN
    UPDATE period_totals SET
        prev_answers = prev_answers - 1,
        prev_score_sum = prev_score_sum - coalesce(OLD.score, 0),
        prev_graded = prev_graded - (OLD.score IS NOT NULL)
    WHERE member_id = OLD.member_id AND (channel_id, period, start_date) IN (SELECT channel_id, 'week', date(local_date, '-6 days', 'weekday 1', '+7 days') FROM posts WHERE id = OLD.post_id AND kind = 'question'
        UNION ALL
        SELECT channel_id, 'month', date(local_date, 'start of month', '+1 month') FROM posts WHERE id = OLD.post_id AND kind = 'question');
END;
-- +goose StatementEnd

-- The history before this migration: a row for the period after each one,
-- then every row's prev_* from the row before it.
INSERT OR IGNORE INTO period_totals (channel_id, period, start_date, member_id)
SELECT channel_id, period,
    CASE period WHEN 'week' THEN date(start_date, '+7 days') ELSE date(start_date, '+1 month') END, member_id
FROM period_totals;
UPDATE period_totals AS t SET prev_answers = p.answers, prev_score_sum = p.score_sum, prev_graded = p.graded
FROM period_totals AS p
WHERE p.channel_id = t.channel_id AND p.period = t.period AND p.member_id = t.member_id
    AND p.start_date = CASE t.period WHEN 'week' THEN date(t.start_date, '-7 days') ELSE date(t.start_date, '-1 month') END;

-- +goose Down
DROP TRIGGER answers_period_prev_sub_delete;
DROP TRIGGER answers_period_prev_sub_update;
DROP TRIGGER answers_period_prev_add_update;
DROP TRIGGER answers_period_prev_add_insert;
DROP INDEX period_totals_rise;
ALTER TABLE period_totals DROP COLUMN rise;
ALTER TABLE period_totals DROP COLUMN prev_graded;
ALTER TABLE period_totals DROP COLUMN prev_score_sum;
ALTER TABLE period_totals DROP COLUMN prev_answers;
-- Rows without answers, which no board reads: among them the rows for the
-- period after a member's last one that only carried prev_*.
DELETE FROM period_totals WHERE answers = 0;
