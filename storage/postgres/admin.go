package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pressly/goose/v3"

	"github.com/interviewbot/interviewbot/bot"
)

var _ bot.AdminStore = (*Store)(nil)

// historySelect flattens an answer, its member and its latest grade for
// export; the WHERE clause is added by the caller.
const historySelect = `SELECT m.platform, m.workspace, m.user_id, m.name, a.id, a.question_id,
	coalesce(a.post_id, 0), coalesce(a.session_id, 0), a.post_id IS NOT NULL, a.text, a.lang, a.withdrawn, a.created_at,
	g.id IS NOT NULL, coalesce(g.score, 0), coalesce(g.stars, 0), coalesce(g.grader, ''), a.points
	FROM answers a JOIN members m ON m.id = a.member_id ` + latestGradeJoin

// ExportHistory returns the answers, oldest first, of everyone or of member.
func (s *Store) ExportHistory(ctx context.Context, member *bot.MemberKey) ([]bot.HistoryRow, error) {
	q, args := historySelect+` ORDER BY a.created_at, a.id`, []any{}
	if member != nil {
		q = historySelect + ` WHERE m.platform = $1 AND m.workspace = $2 AND m.user_id = $3 ORDER BY a.created_at, a.id`
		args = []any{member.Platform, member.Workspace, member.UserID}
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, s.wrap(ctx, "export history", err, meaning{})
	}
	defer rows.Close()
	out := []bot.HistoryRow{}
	for rows.Next() {
		var r bot.HistoryRow
		var daily bool
		var lang string
		if err := rows.Scan(&r.Member.Platform, &r.Member.Workspace, &r.Member.UserID, &r.MemberName, &r.AnswerID,
			&r.QuestionID, &r.PostID, &r.SessionID, &daily, &r.Text, &lang, &r.Withdrawn, &r.CreatedAt,
			&r.Graded, &r.Score, &r.Stars, &r.Grader, &r.Points); err != nil {
			return nil, s.wrap(ctx, "export history", err, meaning{})
		}
		r.Lang, r.CreatedAt, r.Source = bot.Lang(lang), r.CreatedAt.UTC(), "mock"
		if daily {
			r.Source = "daily"
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(ctx, "export history", err, meaning{})
	}
	return out, nil
}

// ForgetMember deletes the member row; the schema's ON DELETE CASCADE takes
// answers, grades, sessions and turns with it in the same transaction. The
// counts are taken first so the operator sees what went.
func (s *Store) ForgetMember(ctx context.Context, key bot.MemberKey) (bot.Forgotten, error) {
	var f bot.Forgotten
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM members WHERE platform = $1 AND workspace = $2 AND user_id = $3 FOR UPDATE`,
			key.Platform, key.Workspace, key.UserID).Scan(&id)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM answers WHERE member_id = $1),
			(SELECT count(*) FROM mock_sessions WHERE member_id = $1)`, id).Scan(&f.Answers, &f.Sessions); err != nil {
			return err
		}
		// Answers first, while the member exists: the totals triggers
		// adjust their rows on each delete, and those rows reference the
		// member. Deleting the member then cascades to the rest.
		if _, err := tx.Exec(ctx, `DELETE FROM answers WHERE member_id = $1`, id); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM members WHERE id = $1`, id)
		f.Members = tag.RowsAffected()
		return err
	})
	if err != nil {
		return bot.Forgotten{}, s.wrap(ctx, "forget member", err,
			meaning{missing: "No member " + key.Platform + ":" + key.Workspace + ":" + key.UserID + " is stored."})
	}
	return f, nil
}

// PruneHistory deletes old answers (their grades cascade, turns keep a
// null answer) and then old closed mock interviews, answers first so the
// count is of answers and the totals triggers see each one go.
func (s *Store) PruneHistory(ctx context.Context, before time.Time) (bot.Pruned, error) {
	var p bot.Pruned
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM answers WHERE created_at < $1
			AND (session_id IS NULL OR session_id NOT IN (SELECT id FROM mock_sessions WHERE state IN ('active', 'paused')))`, before)
		if err != nil {
			return err
		}
		p.Answers = tag.RowsAffected()
		tag, err = tx.Exec(ctx, `DELETE FROM mock_sessions WHERE updated_at < $1 AND state IN ('finished', 'expired')`, before)
		p.Sessions = tag.RowsAffected()
		return err
	})
	if err != nil {
		return bot.Pruned{}, s.wrap(ctx, "prune history", err, meaning{})
	}
	return p, nil
}

// PendingMigrations reports whether a migration embedded in the binary has
// not been applied to the store's schema.
func (s *Store) PendingMigrations(ctx context.Context) (bool, error) {
	var pending bool
	err := s.withProvider(ctx, false, func(p *goose.Provider) error {
		var err error
		pending, err = p.HasPending(ctx)
		return err
	})
	return pending, err
}

// UngradedAnswers returns counted daily answers in [from, to) whose current
// version has no grade, oldest first.
func (s *Store) UngradedAnswers(ctx context.Context, from, to time.Time, limit int) ([]int64, error) {
	if limit <= 0 {
		limit = 1 << 30
	}
	rows, err := s.pool.Query(ctx, `SELECT id FROM answers
		WHERE post_id IS NOT NULL AND NOT withdrawn AND graded_version < version AND created_at >= $1 AND created_at < $2
		ORDER BY created_at, id LIMIT $3`, from, to, limit)
	if err != nil {
		return nil, s.wrap(ctx, "ungraded answers", err, meaning{})
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, s.wrap(ctx, "ungraded answers", err, meaning{})
	}
	return ids, nil
}
