package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// CreatePost claims the post's (channel, kind, local date) key. The unique
// constraint is the whole exactly-once mechanism: whoever inserts the row
// owns the post, everyone else gets ECONFLICT.
func (s *Store) CreatePost(ctx context.Context, p *bot.Post) error {
	if _, err := time.Parse(time.DateOnly, p.LocalDate); err != nil {
		return bot.Errorf(bot.EINVALID, "A post needs a local date like 2026-03-02, not %q.", p.LocalDate)
	}
	now := s.now()
	err := s.db.QueryRowContext(ctx, `
		INSERT INTO posts (channel_id, kind, local_date, question_id, ref, closes_at, created_at, claimed_at)
		VALUES (?, ?, ?, ?, '', ?, ?, ?)
		RETURNING id`,
		p.ChannelID, string(p.Kind), p.LocalDate, p.QuestionID, nullTime(p.ClosesAt), formatTime(now), formatTime(now),
	).Scan(&p.ID)
	if err != nil {
		return wrap(ctx, "create post", err, meaning{
			missing:  fmt.Sprintf("Channel %d not found.", p.ChannelID),
			conflict: fmt.Sprintf("The %s post of %s in channel %d is already claimed.", p.Kind, p.LocalDate, p.ChannelID),
		})
	}
	p.Ref, p.SentAt = "", time.Time{}
	p.CreatedAt, p.ClaimedAt = now, now
	p.ClosesAt = truncTime(p.ClosesAt)
	return nil
}

// truncTime gives t the stored precision and zone, so a value returned by a
// write equals the one read back.
func truncTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// ReclaimPost takes over an unsent post whose claim went stale. The
// condition is in the UPDATE, so of two workers trying at once one wins.
func (s *Store) ReclaimPost(ctx context.Context, postID int64, staleBefore, at time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE posts SET claimed_at = ? WHERE id = ? AND ref = '' AND claimed_at < ?`,
		formatTime(at), postID, formatTime(staleBefore))
	if err != nil {
		return false, wrap(ctx, "reclaim post", err, meaning{})
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, wrap(ctx, "reclaim post", err, meaning{})
	}
	return n == 1, nil
}

// MarkPostSent records the platform's reference. Marking a sent post again
// with the same reference is a no-op; with another one it is ECONFLICT.
func (s *Store) MarkPostSent(ctx context.Context, postID int64, ref string, at time.Time) error {
	if ref == "" {
		return bot.Errorf(bot.EINVALID, "A sent post needs the platform's reference.")
	}
	res, err := s.db.ExecContext(ctx, `UPDATE posts SET ref = ?, sent_at = coalesce(sent_at, ?) WHERE id = ? AND ref IN ('', ?)`,
		ref, formatTime(at), postID, ref)
	if err != nil {
		return wrap(ctx, "mark post sent", err, meaning{})
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap(ctx, "mark post sent", err, meaning{})
	} else if n == 1 {
		return nil
	}
	if _, err := s.FindPost(ctx, postID); err != nil {
		return err
	}
	return bot.Errorf(bot.ECONFLICT, "Post %d was already sent as another message.", postID)
}

const postCols = `id, channel_id, kind, local_date, question_id, ref, closes_at, created_at, claimed_at, sent_at`

func scanPost(row scanner) (*bot.Post, error) {
	p := &bot.Post{}
	var closes, sent sql.NullString
	var created, claimed string
	if err := row.Scan(&p.ID, &p.ChannelID, &p.Kind, &p.LocalDate, &p.QuestionID, &p.Ref, &closes,
		&created, &claimed, &sent); err != nil {
		return nil, err
	}
	var err error
	for _, c := range []struct {
		dst *time.Time
		src sql.NullString
	}{{&p.ClosesAt, closes}, {&p.CreatedAt, sql.NullString{String: created, Valid: true}},
		{&p.ClaimedAt, sql.NullString{String: claimed, Valid: true}}, {&p.SentAt, sent}} {
		if *c.dst, err = parseNullTime(c.src); err != nil {
			return nil, fmt.Errorf("post %d: %w", p.ID, err)
		}
	}
	return p, nil
}

func (s *Store) findPost(ctx context.Context, op, missing, where string, args ...any) (*bot.Post, error) {
	p, err := scanPost(s.db.QueryRowContext(ctx, `SELECT `+postCols+` FROM posts WHERE `+where, args...))
	if err != nil {
		return nil, wrap(ctx, op, err, meaning{missing: missing})
	}
	return p, nil
}

// FindPost returns the post with the given id.
func (s *Store) FindPost(ctx context.Context, id int64) (*bot.Post, error) {
	return s.findPost(ctx, "find post", fmt.Sprintf("Post %d not found.", id), `id = ?`, id)
}

// FindPostByKey returns the post under its unique key.
func (s *Store) FindPostByKey(ctx context.Context, channelID int64, kind bot.PostKind, localDate string) (*bot.Post, error) {
	return s.findPost(ctx, "find post by key", fmt.Sprintf("No %s post of %s in channel %d.", kind, localDate, channelID),
		`channel_id = ? AND kind = ? AND local_date = ?`, channelID, string(kind), localDate)
}

// FindPostByRef returns the channel's post with the platform reference.
func (s *Store) FindPostByRef(ctx context.Context, channelID int64, ref string) (*bot.Post, error) {
	if ref == "" {
		return nil, bot.Errorf(bot.ENOTFOUND, "No post has an empty reference.")
	}
	return s.findPost(ctx, "find post by ref", fmt.Sprintf("No post %q in channel %d.", ref, channelID),
		`channel_id = ? AND ref = ?`, channelID, ref)
}

// LatestPost returns the channel's post of kind with the newest local date.
func (s *Store) LatestPost(ctx context.Context, channelID int64, kind bot.PostKind) (*bot.Post, error) {
	return s.findPost(ctx, "latest post", fmt.Sprintf("No %s post in channel %d yet.", kind, channelID),
		`channel_id = ? AND kind = ? ORDER BY local_date DESC LIMIT 1`, channelID, string(kind))
}

// AskedQuestions returns the question ids posted in the channel, oldest first.
func (s *Store) AskedQuestions(ctx context.Context, channelID int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT question_id FROM posts
		WHERE channel_id = ? AND kind = 'question' ORDER BY local_date, id`, channelID)
	if err != nil {
		return nil, wrap(ctx, "asked questions", err, meaning{})
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, wrap(ctx, "asked questions", err, meaning{})
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(ctx, "asked questions", err, meaning{})
	}
	return ids, nil
}
