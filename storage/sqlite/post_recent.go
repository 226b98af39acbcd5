package sqlite

import (
	"context"
	"strings"

	"github.com/interviewbot/interviewbot/bot"
)

// recentPostsSQL reads every channel's recent posts and its latest question
// with that question's reveal. Both halves walk the channels and look each
// one up in the posts key (channel_id, kind, local_date): the recent half as
// one range per kind, the latest half through a correlated subquery that is
// one backward index step. The second half keeps only a latest question
// older than the first half's range, so no post comes twice.
var recentPostsSQL = `
	SELECT ` + prefixCols("p.", postCols) + ` FROM channels c
	CROSS JOIN (SELECT 'question' AS kind UNION ALL SELECT 'reveal' UNION ALL SELECT 'leaderboard') k
	JOIN posts p ON p.channel_id = c.id AND p.kind = k.kind AND p.local_date >= ?1
	UNION ALL
	SELECT ` + prefixCols("p.", postCols) + ` FROM channels c
	JOIN posts p ON p.channel_id = c.id AND p.kind IN ('question', 'reveal') AND p.local_date = (
		SELECT q.local_date FROM posts q WHERE q.channel_id = c.id AND q.kind = 'question'
		ORDER BY q.local_date DESC LIMIT 1)
	WHERE p.local_date < ?1
	ORDER BY 2, 4, 3`

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
	rows, err := s.db.QueryContext(ctx, recentPostsSQL, sinceLocalDate)
	if err != nil {
		return nil, wrap(ctx, "recent posts", err, meaning{})
	}
	defer rows.Close()
	posts := []*bot.Post{}
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, wrap(ctx, "recent posts", err, meaning{})
		}
		posts = append(posts, p)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(ctx, "recent posts", err, meaning{})
	}
	return posts, nil
}
