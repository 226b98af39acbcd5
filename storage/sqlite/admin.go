package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

var _ bot.AdminStore = (*Store)(nil)

// historySelect flattens an answer, its member and its latest grade for
// export; the WHERE clause is added by the caller.
const historySelect = `SELECT m.platform, m.workspace, m.user_id, m.name, a.id, a.question_id,
	a.post_id, a.session_id, a.text, a.lang, a.withdrawn, a.created_at,
	g.id IS NOT NULL, coalesce(g.score, 0), coalesce(g.stars, 0), coalesce(g.grader, ''), a.points
	FROM answers a JOIN members m ON m.id = a.member_id ` + latestGradeJoin

// ExportHistory returns the answers, oldest first, of everyone or of member.
func (s *Store) ExportHistory(ctx context.Context, member *bot.MemberKey) ([]bot.HistoryRow, error) {
	q, args := historySelect+` ORDER BY a.created_at, a.id`, []any{}
	if member != nil {
		q = historySelect + ` WHERE m.platform = ? AND m.workspace = ? AND m.user_id = ? ORDER BY a.created_at, a.id`
		args = []any{member.Platform, member.Workspace, member.UserID}
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap(ctx, "export history", err, meaning{})
	}
	defer rows.Close()
	out := []bot.HistoryRow{}
	for rows.Next() {
		var r bot.HistoryRow
		var post, session sql.NullInt64
		var created string
		if err := rows.Scan(&r.Member.Platform, &r.Member.Workspace, &r.Member.UserID, &r.MemberName, &r.AnswerID,
			&r.QuestionID, &post, &session, &r.Text, &r.Lang, &r.Withdrawn, &created,
			&r.Graded, &r.Score, &r.Stars, &r.Grader, &r.Points); err != nil {
			return nil, wrap(ctx, "export history", err, meaning{})
		}
		if r.CreatedAt, err = parseTime(created); err != nil {
			return nil, wrap(ctx, "export history", err, meaning{})
		}
		r.PostID, r.SessionID, r.Source = post.Int64, session.Int64, "mock"
		if post.Valid {
			r.Source = "daily"
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(ctx, "export history", err, meaning{})
	}
	return out, nil
}

// ForgetMember deletes the member row; the schema's ON DELETE CASCADE takes
// answers, grades, sessions and turns with it in the same transaction. The
// counts are taken first so the operator sees what went.
func (s *Store) ForgetMember(ctx context.Context, key bot.MemberKey) (bot.Forgotten, error) {
	var f bot.Forgotten
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return f, wrap(ctx, "forget member", err, meaning{})
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM members WHERE platform = ? AND workspace = ? AND user_id = ?`,
		key.Platform, key.Workspace, key.UserID).Scan(&id)
	if err != nil {
		return f, wrap(ctx, "forget member", err, meaning{missing: "No member " + key.Platform + ":" + key.Workspace + ":" + key.UserID + " is stored."})
	}
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM answers WHERE member_id = ?),
		(SELECT count(*) FROM mock_sessions WHERE member_id = ?)`, id, id).Scan(&f.Answers, &f.Sessions); err != nil {
		return f, wrap(ctx, "forget member", err, meaning{})
	}
	// Answers first, while the member exists: the totals triggers adjust
	// their rows on each delete, and those rows reference the member.
	// Deleting the member then cascades to the rest.
	if _, err := tx.ExecContext(ctx, `DELETE FROM answers WHERE member_id = ?`, id); err != nil {
		return f, wrap(ctx, "forget member", err, meaning{})
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM members WHERE id = ?`, id)
	if err != nil {
		return f, wrap(ctx, "forget member", err, meaning{})
	}
	if f.Members, err = res.RowsAffected(); err != nil {
		return f, wrap(ctx, "forget member", err, meaning{})
	}
	if err := tx.Commit(); err != nil {
		return f, wrap(ctx, "forget member", err, meaning{})
	}
	return f, nil
}

// PruneHistory deletes old answers (their grades cascade, turns keep a
// null answer) and then old closed mock interviews, answers first so the
// count is of answers and the totals triggers see each one go.
func (s *Store) PruneHistory(ctx context.Context, before time.Time) (bot.Pruned, error) {
	var p bot.Pruned
	cut := formatTime(before)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return p, wrap(ctx, "prune history", err, meaning{})
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM answers WHERE created_at < ?
		AND (session_id IS NULL OR session_id NOT IN (SELECT id FROM mock_sessions WHERE state IN ('active', 'paused')))`, cut)
	if err != nil {
		return p, wrap(ctx, "prune answers", err, meaning{})
	}
	if p.Answers, err = res.RowsAffected(); err != nil {
		return p, wrap(ctx, "prune answers", err, meaning{})
	}
	res, err = tx.ExecContext(ctx, `DELETE FROM mock_sessions WHERE updated_at < ? AND state IN ('finished', 'expired')`, cut)
	if err != nil {
		return p, wrap(ctx, "prune sessions", err, meaning{})
	}
	if p.Sessions, err = res.RowsAffected(); err != nil {
		return p, wrap(ctx, "prune sessions", err, meaning{})
	}
	if err := tx.Commit(); err != nil {
		return p, wrap(ctx, "prune history", err, meaning{})
	}
	return p, nil
}

// PendingMigrations reports whether a migration embedded in the binary has
// not been applied.
func (s *Store) PendingMigrations(ctx context.Context) (bool, error) {
	p, err := s.provider()
	if err != nil {
		return false, err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, wrap(ctx, "sqlite pending migrations", err, meaning{})
	}
	return pending, nil
}

// UngradedAnswers returns counted daily answers in [from, to) whose current
// version has no grade, oldest first.
func (s *Store) UngradedAnswers(ctx context.Context, from, to time.Time, limit int) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM answers
		WHERE post_id IS NOT NULL AND NOT withdrawn AND graded_version < version AND created_at >= ? AND created_at < ?
		ORDER BY created_at, id LIMIT ?`, formatTime(from), formatTime(to), sqlLimit(limit))
	if err != nil {
		return nil, wrap(ctx, "ungraded answers", err, meaning{})
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, wrap(ctx, "ungraded answers", err, meaning{})
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(ctx, "ungraded answers", err, meaning{})
	}
	return ids, nil
}
