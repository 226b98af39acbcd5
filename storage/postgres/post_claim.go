package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/jackc/pgx/v5"
)

// claimPostSQL inserts the post under its key or, when the key is taken,
// reads the post that holds it: one statement on either path. The read
// uses the statement's snapshot, so a key taken by a transaction that
// committed after it began is not seen there; ClaimPost then reads again.
var claimPostSQL = `
	WITH ins AS (
		INSERT INTO posts (channel_id, kind, local_date, question_id, ref, closes_at, created_at, claimed_at)
		VALUES ($1, $2, $3, $4, '', $5, $6, $6)
		ON CONFLICT (channel_id, kind, local_date) DO NOTHING
		RETURNING ` + postCols + `
	)
	SELECT true, ` + postCols + ` FROM ins
	UNION ALL
	SELECT false, ` + postCols + ` FROM posts
	WHERE channel_id = $1 AND kind = $2 AND local_date = $3 AND NOT EXISTS (SELECT 1 FROM ins)`

// ClaimPost claims the post's key like CreatePost, or fills p with the
// post that holds it.
func (s *Store) ClaimPost(ctx context.Context, p *bot.Post) (bool, error) {
	if _, err := time.Parse(time.DateOnly, p.LocalDate); err != nil {
		return false, bot.Errorf(bot.EINVALID, "A post needs a local date like 2026-03-02, not %q.", p.LocalDate)
	}
	var claimed bool
	got := &bot.Post{}
	var kind string
	var closes, sent *time.Time
	err := s.pool.QueryRow(ctx, claimPostSQL,
		p.ChannelID, string(p.Kind), p.LocalDate, p.QuestionID, nullTime(p.ClosesAt), s.now(),
	).Scan(&claimed, &got.ID, &got.ChannelID, &kind, &got.LocalDate, &got.QuestionID, &got.Ref, &closes,
		&got.CreatedAt, &got.ClaimedAt, &sent)
	if errors.Is(err, pgx.ErrNoRows) {
		// Taken by a transaction newer than the statement's snapshot.
		existing, ferr := s.FindPostByKey(ctx, p.ChannelID, p.Kind, p.LocalDate)
		if ferr != nil {
			return false, fmt.Errorf("claim post: %w", ferr)
		}
		*p = *existing
		return false, nil
	}
	if err != nil {
		return false, s.wrap(ctx, "claim post", err, meaning{missing: fmt.Sprintf("Channel %d not found.", p.ChannelID)})
	}
	got.Kind = bot.PostKind(kind)
	got.ClosesAt, got.SentAt = timeOrZero(closes), timeOrZero(sent)
	got.CreatedAt, got.ClaimedAt = got.CreatedAt.UTC(), got.ClaimedAt.UTC()
	*p = *got
	return claimed, nil
}
