package postgres

import (
	"context"
	"strings"

	"github.com/interviewbot/interviewbot/bot"
)

// recentPostKinds are the kinds RecentPosts reads per channel, one index
// range each.
var recentPostKinds = []string{string(bot.PostQuestion), string(bot.PostReveal), string(bot.PostLeaderboard)}

// recentPostsSQL reads every channel's recent posts and its latest question
// with that question's reveal. Both halves walk the channels and look each
// one up in posts_key (channel_id, kind, local_date): the recent half as one
// range per kind (OFFSET 0 keeps the planner from flattening the lateral
// subquery into a join that scans posts whole), the latest half as one
// backward index step. The second half keeps only a latest question older
// than the first half's range, so no post comes twice.
var recentPostsSQL = `
	SELECT ` + prefixCols("p.", postCols) + ` FROM channels c
	CROSS JOIN unnest($2::text[]) AS k(kind)
	CROSS JOIN LATERAL (
		SELECT * FROM posts WHERE channel_id = c.id AND kind = k.kind AND local_date >= $1 OFFSET 0
	) p
	UNION ALL
	SELECT ` + prefixCols("p.", postCols) + ` FROM channels c
	CROSS JOIN LATERAL (
		SELECT local_date FROM posts WHERE channel_id = c.id AND kind = 'question' ORDER BY local_date DESC LIMIT 1
	) q
	JOIN posts p ON p.channel_id = c.id AND p.kind IN ('question', 'reveal') AND p.local_date = q.local_date
	WHERE q.local_date < $1
	ORDER BY channel_id, local_date, kind`

// prefixCols qualifies each column of a comma-separated list.
func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// RecentPosts returns every post dated on or after sinceLocalDate plus each
// channel's latest question post and its reveal, in one query.
func (s *Store) RecentPosts(ctx context.Context, sinceLocalDate string) ([]*bot.Post, error) {
	rows, err := s.pool.Query(ctx, recentPostsSQL, sinceLocalDate, recentPostKinds)
	if err != nil {
		return nil, s.wrap(ctx, "recent posts", err, meaning{})
	}
	defer rows.Close()
	posts := []*bot.Post{}
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, s.wrap(ctx, "recent posts", err, meaning{})
		}
		posts = append(posts, p)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(ctx, "recent posts", err, meaning{})
	}
	return posts, nil
}
