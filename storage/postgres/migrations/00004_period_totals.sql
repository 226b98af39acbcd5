-- Running totals per member per channel per week (Monday to Sunday) and per
-- calendar month of the posts' local dates, beside the all-time ones of
-- 00003, so the weekly and monthly boards read their top ten from an index
-- instead of summing the window's answers (a busy channel's month is ~80k
-- answers). The answers trigger now keeps all three in the same
-- transaction; member_totals_rebuild() recomputes them all from the answers
-- (after a bulk load with the trigger disabled, or to repair).

-- +goose Up
CREATE TABLE period_totals (
    channel_id bigint NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    period     text NOT NULL CHECK (period IN ('week', 'month')),
    start_date text NOT NULL, -- the local date the week or month starts on
    member_id  bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    answers    integer NOT NULL DEFAULT 0,
    points     bigint NOT NULL DEFAULT 0,
    score_sum  bigint NOT NULL DEFAULT 0,
    graded     integer NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, period, start_date, member_id)
);

CREATE INDEX period_totals_rank ON period_totals (channel_id, period, start_date, points DESC, answers DESC, member_id)
    WHERE answers > 0;

-- +goose StatementBegin
CREATE FUNCTION member_totals_add(ch bigint, local_date text, member bigint, n integer, pts bigint, score integer)
RETURNS void
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    d date := local_date::date;
BEGIN
    INSERT INTO member_totals AS t (channel_id, member_id, answers, points, score_sum, graded)
    VALUES (ch, member, n, pts, n * coalesce(score, 0), n * (score IS NOT NULL)::int)
    ON CONFLICT (channel_id, member_id) DO UPDATE SET
        answers = t.answers + excluded.answers, points = t.points + excluded.points,
        score_sum = t.score_sum + excluded.score_sum, graded = t.graded + excluded.graded;
    INSERT INTO period_totals AS t (channel_id, period, start_date, member_id, answers, points, score_sum, graded)
    VALUES (ch, 'week', (d - (extract(isodow FROM d)::int - 1))::text, member, n, pts, n * coalesce(score, 0), n * (score IS NOT NULL)::int),
           (ch, 'month', date_trunc('month', d)::date::text, member, n, pts, n * coalesce(score, 0), n * (score IS NOT NULL)::int)
    ON CONFLICT (channel_id, period, start_date, member_id) DO UPDATE SET
        answers = t.answers + excluded.answers, points = t.points + excluded.points,
        score_sum = t.score_sum + excluded.score_sum, graded = t.graded + excluded.graded;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION member_totals_apply() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    ch bigint;
    d text;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.post_id IS NOT NULL AND NOT OLD.withdrawn THEN
        SELECT channel_id, local_date INTO ch, d FROM posts WHERE id = OLD.post_id AND kind = 'question';
        IF FOUND THEN
            PERFORM member_totals_add(ch, d, OLD.member_id, -1, -OLD.points, OLD.score);
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.post_id IS NOT NULL AND NOT NEW.withdrawn THEN
        SELECT channel_id, local_date INTO ch, d FROM posts WHERE id = NEW.post_id AND kind = 'question';
        IF FOUND THEN
            PERFORM member_totals_add(ch, d, NEW.member_id, 1, NEW.points, NEW.score);
        END IF;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION member_totals_rebuild() RETURNS void
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    DELETE FROM member_totals;
    DELETE FROM period_totals;
    INSERT INTO member_totals (channel_id, member_id, answers, points, score_sum, graded)
    SELECT p.channel_id, a.member_id, count(*), sum(a.points), coalesce(sum(a.score), 0), count(a.score)
    FROM answers a JOIN posts p ON p.id = a.post_id AND p.kind = 'question'
    WHERE NOT a.withdrawn
    GROUP BY p.channel_id, a.member_id;
    INSERT INTO period_totals (channel_id, period, start_date, member_id, answers, points, score_sum, graded)
    SELECT p.channel_id, w.period, w.start_date, a.member_id, count(*), sum(a.points), coalesce(sum(a.score), 0), count(a.score)
    FROM answers a
    JOIN posts p ON p.id = a.post_id AND p.kind = 'question'
    CROSS JOIN LATERAL (VALUES
        ('week', (p.local_date::date - (extract(isodow FROM p.local_date::date)::int - 1))::text),
        ('month', date_trunc('month', p.local_date::date)::date::text)) AS w (period, start_date)
    WHERE NOT a.withdrawn
    GROUP BY p.channel_id, w.period, w.start_date, a.member_id;
END
$$;
-- +goose StatementEnd

SELECT member_totals_rebuild();

-- +goose Down
DROP FUNCTION member_totals_rebuild();
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION member_totals_apply() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    ch bigint;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.post_id IS NOT NULL AND NOT OLD.withdrawn THEN
        SELECT channel_id INTO ch FROM posts WHERE id = OLD.post_id AND kind = 'question';
        IF FOUND THEN
            UPDATE member_totals SET answers = answers - 1, points = points - OLD.points,
                score_sum = score_sum - coalesce(OLD.score, 0), graded = graded - (OLD.score IS NOT NULL)::int
            WHERE channel_id = ch AND member_id = OLD.member_id;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.post_id IS NOT NULL AND NOT NEW.withdrawn THEN
        SELECT channel_id INTO ch FROM posts WHERE id = NEW.post_id AND kind = 'question';
        IF FOUND THEN
            INSERT INTO member_totals AS t (channel_id, member_id, answers, points, score_sum, graded)
            VALUES (ch, NEW.member_id, 1, NEW.points, coalesce(NEW.score, 0), (NEW.score IS NOT NULL)::int)
            ON CONFLICT (channel_id, member_id) DO UPDATE SET answers = t.answers + 1, points = t.points + excluded.points,
                score_sum = t.score_sum + excluded.score_sum, graded = t.graded + excluded.graded;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
DROP FUNCTION member_totals_add(bigint, text, bigint, integer, bigint, integer);
DROP TABLE period_totals;
