package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/jackc/pgx/v5"
)

// CreatePost claims the post's (channel, kind, local date) key. The unique
// constraint is the whole exactly-once mechanism: whoever inserts the row
// owns the post, everyone else gets ECONFLICT.
func (s *Store) CreatePost(ctx context.Context, p *bot.Post) error {
	if _, err := time.Parse(time.DateOnly, p.LocalDate); err != nil {
		return bot.Errorf(bot.EINVALID, "A post needs a local date like 2026-03-02, not %q.", p.LocalDate)
	}
	now := s.now()
	err := s.pool.QueryRow(ctx, `
		INSERT INTO posts (channel_id, kind, local_date, question_id, ref, closes_at, created_at, claimed_at)
		VALUES ($1, $2, $3, $4, '', $5, $6, $6)
		RETURNING id`,
		p.ChannelID, string(p.Kind), p.LocalDate, p.QuestionID, nullTime(p.ClosesAt), now,
	).Scan(&p.ID)
	if err != nil {
		return s.wrap(ctx, "create post", err, meaning{
			missing:  fmt.Sprintf("Channel %d not found.", p.ChannelID),
			conflict: fmt.Sprintf("The %s post of %s in channel %d is already claimed.", p.Kind, p.LocalDate, p.ChannelID),
		})
	}
	p.Ref, p.SentAt = "", time.Time{}
	p.CreatedAt, p.ClaimedAt = now, now
	if !p.ClosesAt.IsZero() {
		p.ClosesAt = p.ClosesAt.UTC().Truncate(time.Microsecond)
	}
	return nil
}

// nullTime maps the zero time onto SQL NULL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// ReclaimPost takes over an unsent post whose claim went stale. The
// condition is in the UPDATE, so of two workers trying at once one wins.
func (s *Store) ReclaimPost(ctx context.Context, postID int64, staleBefore, at time.Time) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE posts SET claimed_at = $1 WHERE id = $2 AND ref = '' AND claimed_at < $3`,
		at.UTC(), postID, staleBefore.UTC())
	if err != nil {
		return false, s.wrap(ctx, "reclaim post", err, meaning{})
	}
	return tag.RowsAffected() == 1, nil
}

// MarkPostSent records the platform's reference. Marking a sent post again
// with the same reference is a no-op; with another one it is ECONFLICT.
func (s *Store) MarkPostSent(ctx context.Context, postID int64, ref string, at time.Time) error {
	if ref == "" {
		return bot.Errorf(bot.EINVALID, "A sent post needs the platform's reference.")
	}
	tag, err := s.pool.Exec(ctx, `UPDATE posts SET ref = $1, sent_at = coalesce(sent_at, $2)
		WHERE id = $3 AND ref IN ('', $1)`, ref, at.UTC(), postID)
	if err != nil {
		return s.wrap(ctx, "mark post sent", err, meaning{})
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	if _, err := s.FindPost(ctx, postID); err != nil {
		return err
	}
	return bot.Errorf(bot.ECONFLICT, "Post %d was already sent as another message.", postID)
}

const postCols = `id, channel_id, kind, local_date, question_id, ref, closes_at, created_at, claimed_at, sent_at`

func scanPost(row pgx.Row) (*bot.Post, error) {
	p := &bot.Post{}
	var kind string
	var closes, sent *time.Time
	if err := row.Scan(&p.ID, &p.ChannelID, &kind, &p.LocalDate, &p.QuestionID, &p.Ref, &closes,
		&p.CreatedAt, &p.ClaimedAt, &sent); err != nil {
		return nil, err
	}
	p.Kind = bot.PostKind(kind)
	p.ClosesAt, p.SentAt = timeOrZero(closes), timeOrZero(sent)
	p.CreatedAt, p.ClaimedAt = p.CreatedAt.UTC(), p.ClaimedAt.UTC()
	return p, nil
}

func (s *Store) findPost(ctx context.Context, op, missing, where string, args ...any) (*bot.Post, error) {
	p, err := scanPost(s.pool.QueryRow(ctx, `SELECT `+postCols+` FROM posts WHERE `+where, args...))
	if err != nil {
		return nil, s.wrap(ctx, op, err, meaning{missing: missing})
	}
	return p, nil
}

// FindPost returns the post with the given id.
func (s *Store) FindPost(ctx context.Context, id int64) (*bot.Post, error) {
	return s.findPost(ctx, "find post", fmt.Sprintf("Post %d not found.", id), `id = $1`, id)
}

// FindPostByKey returns the post under its unique key.
func (s *Store) FindPostByKey(ctx context.Context, channelID int64, kind bot.PostKind, localDate string) (*bot.Post, error) {
	return s.findPost(ctx, "find post by key", fmt.Sprintf("No %s post of %s in channel %d.", kind, localDate, channelID),
		`channel_id = $1 AND kind = $2 AND local_date = $3`, channelID, string(kind), localDate)
}

// FindPostByRef returns the channel's post with the platform reference.
func (s *Store) FindPostByRef(ctx context.Context, channelID int64, ref string) (*bot.Post, error) {
	if ref == "" {
		return nil, bot.Errorf(bot.ENOTFOUND, "No post has an empty reference.")
	}
	return s.findPost(ctx, "find post by ref", fmt.Sprintf("No post %q in channel %d.", ref, channelID),
		`channel_id = $1 AND ref = $2`, channelID, ref)
}

// LatestPost returns the channel's post of kind with the newest local date.
func (s *Store) LatestPost(ctx context.Context, channelID int64, kind bot.PostKind) (*bot.Post, error) {
	return s.findPost(ctx, "latest post", fmt.Sprintf("No %s post in channel %d yet.", kind, channelID),
		`channel_id = $1 AND kind = $2 ORDER BY local_date DESC LIMIT 1`, channelID, string(kind))
}

// AskedQuestions returns the question ids posted in the channel, oldest first.
func (s *Store) AskedQuestions(ctx context.Context, channelID int64) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT question_id FROM posts
		WHERE channel_id = $1 AND kind = 'question' ORDER BY local_date, id`, channelID)
	if err != nil {
		return nil, s.wrap(ctx, "asked questions", err, meaning{})
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, s.wrap(ctx, "asked questions", err, meaning{})
	}
	return append([]string{}, ids...), nil
}
