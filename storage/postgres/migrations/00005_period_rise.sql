-- The weekly and monthly boards name the most improved member: the one
-- whose average score rose most since the previous week or month. Finding
-- them from the two periods' rows means reading every member of both
-- (~18,000 rows for a busy channel's two weeks). Instead each period_totals
-- row now also carries the member's totals of the period before (prev_*),
-- and the rise of their average as a stored column, so the most improved
-- member is the first entry of an index.
--
-- The trigger keeps prev_* with the same additive upserts as the totals:
-- a change to a member's week (month) adds its deltas to that row and to
-- the prev_* of the member's row for the next week (month), creating it
-- with answers = 0 when needed. Every member's row for the period after one
-- they answered in therefore exists and mirrors it, and no reader of
-- another row is needed, so concurrent grades of adjacent periods cannot
-- lose an update. Rows with answers = 0 are on no board (every reader asks
-- for answers > 0).

-- +goose Up
ALTER TABLE period_totals
    ADD COLUMN prev_answers   integer NOT NULL DEFAULT 0,
    ADD COLUMN prev_score_sum bigint NOT NULL DEFAULT 0,
    ADD COLUMN prev_graded    integer NOT NULL DEFAULT 0;

-- Averages as the boards compute them (float8 score_sum / graded, 0 while
-- nothing is graded), so a stored rise equals the one computed on the fly.
ALTER TABLE period_totals ADD COLUMN rise float8 GENERATED ALWAYS AS (
    CASE WHEN graded > 0 THEN score_sum::float8 / graded ELSE 0 END
    - CASE WHEN prev_graded > 0 THEN prev_score_sum::float8 / prev_graded ELSE 0 END) STORED;

-- The most improved member of a period first, ties as on the board.
CREATE INDEX period_totals_rise ON period_totals (channel_id, period, start_date, rise DESC, points DESC, answers DESC, member_id)
    WHERE answers > 0 AND prev_answers > 0 AND rise > 0;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION member_totals_add(ch bigint, local_date text, member bigint, n integer, pts bigint, score integer)
RETURNS void
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    d date := local_date::date;
    week date := d - (extract(isodow FROM d)::int - 1);
    month date := date_trunc('month', d)::date;
    ss bigint := n * coalesce(score, 0);
    g integer := n * (score IS NOT NULL)::int;
BEGIN
    INSERT INTO member_totals AS t (channel_id, member_id, answers, points, score_sum, graded)
    VALUES (ch, member, n, pts, ss, g)
    ON CONFLICT (channel_id, member_id) DO UPDATE SET
        answers = t.answers + excluded.answers, points = t.points + excluded.points,
        score_sum = t.score_sum + excluded.score_sum, graded = t.graded + excluded.graded;
    -- Rows in one order (week before month, earlier before later) in every
    -- transaction, so two of them cannot wait on each other.
    INSERT INTO period_totals AS t (channel_id, period, start_date, member_id, answers, points, score_sum, graded,
        prev_answers, prev_score_sum, prev_graded)
    VALUES (ch, 'week', week::text, member, n, pts, ss, g, 0, 0, 0),
           (ch, 'week', (week + 7)::text, member, 0, 0, 0, 0, n, ss, g),
           (ch, 'month', month::text, member, n, pts, ss, g, 0, 0, 0),
           (ch, 'month', (month + interval '1 month')::date::text, member, 0, 0, 0, 0, n, ss, g)
    ON CONFLICT (channel_id, period, start_date, member_id) DO UPDATE SET
        answers = t.answers + excluded.answers, points = t.points + excluded.points,
        score_sum = t.score_sum + excluded.score_sum, graded = t.graded + excluded.graded,
        prev_answers = t.prev_answers + excluded.prev_answers,
        prev_score_sum = t.prev_score_sum + excluded.prev_score_sum,
        prev_graded = t.prev_graded + excluded.prev_graded;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION member_totals_rebuild() RETURNS void
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
    WITH own AS (
        SELECT p.channel_id, w.period, w.start_date, a.member_id, count(*) AS answers, sum(a.points) AS points,
            coalesce(sum(a.score), 0) AS score_sum, count(a.score) AS graded
        FROM answers a
        JOIN posts p ON p.id = a.post_id AND p.kind = 'question'
        CROSS JOIN LATERAL (VALUES
            ('week', p.local_date::date - (extract(isodow FROM p.local_date::date)::int - 1)),
            ('month', date_trunc('month', p.local_date::date)::date)) AS w (period, start_date)
        WHERE NOT a.withdrawn
        GROUP BY p.channel_id, w.period, w.start_date, a.member_id
    ), prev AS (
        SELECT channel_id, period,
            CASE period WHEN 'week' THEN start_date + 7 ELSE (start_date + interval '1 month')::date END AS start_date,
            member_id, answers, score_sum, graded
        FROM own
    )
    INSERT INTO period_totals (channel_id, period, start_date, member_id, answers, points, score_sum, graded,
        prev_answers, prev_score_sum, prev_graded)
    SELECT channel_id, period, start_date::text, member_id,
        coalesce(o.answers, 0), coalesce(o.points, 0), coalesce(o.score_sum, 0), coalesce(o.graded, 0),
        coalesce(p.answers, 0), coalesce(p.score_sum, 0), coalesce(p.graded, 0)
    FROM own o FULL JOIN prev p USING (channel_id, period, start_date, member_id);
END
$$;
-- +goose StatementEnd

SELECT member_totals_rebuild();

-- +goose Down
DROP INDEX period_totals_rise;
ALTER TABLE period_totals DROP COLUMN rise;
ALTER TABLE period_totals DROP COLUMN prev_answers, DROP COLUMN prev_score_sum, DROP COLUMN prev_graded;
-- Rows without answers, which no board reads: among them the rows for the
-- period after a member's last one that only carried prev_*.
DELETE FROM period_totals WHERE answers = 0;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION member_totals_add(ch bigint, local_date text, member bigint, n integer, pts bigint, score integer)
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
CREATE OR REPLACE FUNCTION member_totals_rebuild() RETURNS void
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
