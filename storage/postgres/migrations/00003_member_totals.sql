-- Running totals per member per channel of counted answers to question posts,
-- so the all-time leaderboard reads ten index entries instead of summing every
-- answer the channel ever had (1M answers: ~400 ms -> well under 1 ms).
--
-- A trigger on answers keeps them, so they change in the same transaction as
-- whatever changes an answer: CreatePostAnswer adds an answer, GradePostAnswer
-- moves its points and score, WithdrawAnswer takes it out, and a deleted
-- member, post or channel takes its answers along. Edits of the text change
-- nothing until the regrade does.

-- +goose Up
CREATE TABLE member_totals (
    channel_id bigint NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    member_id  bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    answers    integer NOT NULL DEFAULT 0, -- counted answers, graded or not
    points     bigint NOT NULL DEFAULT 0,
    score_sum  bigint NOT NULL DEFAULT 0, -- of the graded ones
    graded     integer NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, member_id)
);

-- The all-time board in its own order: the top ten are the first ten entries.
CREATE INDEX member_totals_rank ON member_totals (channel_id, points DESC, answers DESC, member_id)
    WHERE answers > 0;

-- +goose StatementBegin
CREATE FUNCTION member_totals_apply() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    ch bigint;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.post_id IS NOT NULL AND NOT OLD.withdrawn THEN
        SELECT channel_id INTO ch FROM posts WHERE id = OLD.post_id AND kind = 'question';
        IF FOUND THEN
            UPDATE member_totals SET
                answers = answers - 1,
                points = points - OLD.points,
                score_sum = score_sum - coalesce(OLD.score, 0),
                graded = graded - (OLD.score IS NOT NULL)::int
            WHERE channel_id = ch AND member_id = OLD.member_id;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.post_id IS NOT NULL AND NOT NEW.withdrawn THEN
        SELECT channel_id INTO ch FROM posts WHERE id = NEW.post_id AND kind = 'question';
        IF FOUND THEN
            INSERT INTO member_totals AS t (channel_id, member_id, answers, points, score_sum, graded)
            VALUES (ch, NEW.member_id, 1, NEW.points, coalesce(NEW.score, 0), (NEW.score IS NOT NULL)::int)
            ON CONFLICT (channel_id, member_id) DO UPDATE SET
                answers = t.answers + 1,
                points = t.points + excluded.points,
                score_sum = t.score_sum + excluded.score_sum,
                graded = t.graded + excluded.graded;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER answers_member_totals
    AFTER INSERT OR DELETE OR UPDATE OF member_id, post_id, withdrawn, points, score ON answers
    FOR EACH ROW EXECUTE FUNCTION member_totals_apply();

-- The history before this migration.
INSERT INTO member_totals (channel_id, member_id, answers, points, score_sum, graded)
SELECT p.channel_id, a.member_id, count(*), sum(a.points), coalesce(sum(a.score), 0), count(a.score)
FROM answers a JOIN posts p ON p.id = a.post_id AND p.kind = 'question'
WHERE NOT a.withdrawn
GROUP BY p.channel_id, a.member_id;

-- +goose Down
DROP TRIGGER answers_member_totals ON answers;
DROP FUNCTION member_totals_apply();
DROP TABLE member_totals;
