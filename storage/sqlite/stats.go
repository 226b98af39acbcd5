package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/interviewbot/interviewbot/bot"
)

// Leaderboard ranks the channel's members over [fromDate, toDate). Boards
// of whole periods read running totals the answers triggers keep
// (migrations 00003 and 00004): a window holding every question post of the
// channel (the all-time board) reads member_totals, an exact week or
// calendar month period_totals. Any other window sums the denormalised
// points of counted answers to the posts in it.
func (s *Store) Leaderboard(ctx context.Context, channelID int64, fromDate, toDate string, limit int) ([]bot.LeaderboardEntry, error) {
	whole, err := s.windowHoldsAll(ctx, channelID, fromDate, toDate)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	if period, ok := bot.WholePeriod(fromDate, toDate); ok && !whole {
		rows, err = s.db.QueryContext(ctx, `
			SELECT m.id, m.platform, m.workspace, m.user_id, m.name, m.lang, t.points, t.answers,
				CASE WHEN t.graded > 0 THEN CAST(t.score_sum AS REAL) / t.graded END
			FROM period_totals t JOIN members m ON m.id = t.member_id
			WHERE t.channel_id = ? AND t.period = ? AND t.start_date = ? AND t.answers > 0
			ORDER BY t.points DESC, t.answers DESC, t.member_id
			LIMIT ?`, channelID, period, fromDate, sqlLimit(limit))
	} else if whole {
		rows, err = s.db.QueryContext(ctx, `
			SELECT m.id, m.platform, m.workspace, m.user_id, m.name, m.lang, t.points, t.answers,
				CASE WHEN t.graded > 0 THEN CAST(t.score_sum AS REAL) / t.graded END
			FROM member_totals t JOIN members m ON m.id = t.member_id
			WHERE t.channel_id = ? AND t.answers > 0
			ORDER BY t.points DESC, t.answers DESC, t.member_id
			LIMIT ?`, channelID, sqlLimit(limit))
	} else {
		rows, err = s.db.QueryContext(ctx, `
		SELECT m.id, m.platform, m.workspace, m.user_id, m.name, m.lang,
			sum(a.points), count(*), avg(a.score)
		FROM posts p
		JOIN answers a ON a.post_id = p.id AND a.withdrawn = 0
		JOIN members m ON m.id = a.member_id
		WHERE p.channel_id = ? AND p.kind = 'question' AND p.local_date >= ? AND p.local_date < ?
		GROUP BY m.id
		ORDER BY sum(a.points) DESC, count(*) DESC, m.id
		LIMIT ?`, channelID, fromDate, toDate, sqlLimit(limit))
	}
	if err != nil {
		return nil, wrap(ctx, "leaderboard", err, meaning{})
	}
	defer rows.Close()
	out := []bot.LeaderboardEntry{}
	for rows.Next() {
		var e bot.LeaderboardEntry
		var avg sql.NullFloat64
		if err := rows.Scan(&e.Member.ID, &e.Member.Key.Platform, &e.Member.Key.Workspace, &e.Member.Key.UserID,
			&e.Member.Name, &e.Member.Lang, &e.Points, &e.Answers, &avg); err != nil {
			return nil, wrap(ctx, "leaderboard", err, meaning{})
		}
		e.AvgScore = avg.Float64
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(ctx, "leaderboard", err, meaning{})
	}
	return out, nil
}

// windowHoldsAll reports whether [fromDate, toDate) contains the local date
// of every question post of the channel, so the running totals are the
// board.
func (s *Store) windowHoldsAll(ctx context.Context, channelID int64, fromDate, toDate string) (bool, error) {
	var first, last sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT min(local_date), max(local_date) FROM posts
		WHERE channel_id = ? AND kind = 'question'`, channelID).Scan(&first, &last)
	if err != nil {
		return false, wrap(ctx, "leaderboard span", err, meaning{})
	}
	return first.Valid && fromDate <= first.String && last.String < toDate, nil
}

// Attendance lists the channel's sent question posts, newest first, with
// which of the members answered each before it closed.
func (s *Store) Attendance(ctx context.Context, channelID int64, memberIDs []int64, limit int) ([]bot.PostAttendance, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, local_date, closes_at FROM posts
		WHERE channel_id = ? AND kind = 'question' AND ref <> '' ORDER BY local_date DESC LIMIT ?`,
		channelID, sqlLimit(limit))
	if err != nil {
		return nil, wrap(ctx, "attendance", err, meaning{})
	}
	posts := []bot.PostAttendance{}
	index := map[int64]int{}
	for rows.Next() {
		var p bot.PostAttendance
		var closes sql.NullString
		if err := rows.Scan(&p.PostID, &p.LocalDate, &closes); err != nil {
			rows.Close()
			return nil, wrap(ctx, "attendance", err, meaning{})
		}
		if p.ClosesAt, err = parseNullTime(closes); err != nil {
			rows.Close()
			return nil, fmt.Errorf("attendance: %w", err)
		}
		index[p.PostID] = len(posts)
		posts = append(posts, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(ctx, "attendance", err, meaning{})
	}
	if len(memberIDs) == 0 || len(posts) == 0 {
		return posts, nil
	}
	args := []any{channelID}
	for _, id := range memberIDs {
		args = append(args, id)
	}
	rows, err = s.db.QueryContext(ctx, `
		SELECT a.post_id, a.member_id FROM answers a JOIN posts p ON p.id = a.post_id
		WHERE p.channel_id = ? AND p.kind = 'question' AND a.withdrawn = 0
			AND a.member_id IN (?`+strings.Repeat(", ?", len(memberIDs)-1)+`)
			AND (p.closes_at IS NULL OR a.created_at < p.closes_at)
		ORDER BY a.post_id, a.member_id`, args...)
	if err != nil {
		return nil, wrap(ctx, "attendance", err, meaning{})
	}
	defer rows.Close()
	for rows.Next() {
		var postID, memberID int64
		if err := rows.Scan(&postID, &memberID); err != nil {
			return nil, wrap(ctx, "attendance", err, meaning{})
		}
		if i, ok := index[postID]; ok {
			posts[i].Answered = append(posts[i].Answered, memberID)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(ctx, "attendance", err, meaning{})
	}
	return posts, nil
}

// MemberTotals sums the member's counted daily answers.
func (s *Store) MemberTotals(ctx context.Context, memberID int64) (*bot.MemberTotals, error) {
	t := &bot.MemberTotals{QuestionScores: map[string]int{}}
	rows, err := s.db.QueryContext(ctx, `
		SELECT p.channel_id, a.question_id, a.points, a.score FROM answers a JOIN posts p ON p.id = a.post_id
		WHERE a.member_id = ? AND a.withdrawn = 0 ORDER BY a.id`, memberID)
	if err != nil {
		return nil, wrap(ctx, "member totals", err, meaning{})
	}
	defer rows.Close()
	var sum, graded int
	for rows.Next() {
		var ch int64
		var q string
		var points int
		var score sql.NullInt64
		if err := rows.Scan(&ch, &q, &points, &score); err != nil {
			return nil, wrap(ctx, "member totals", err, meaning{})
		}
		t.Answers++
		t.Points += points
		if score.Valid {
			sum += int(score.Int64)
			graded++
			t.QuestionScores[q] = int(score.Int64)
		}
		if !slices.Contains(t.Channels, ch) {
			t.Channels = append(t.Channels, ch)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(ctx, "member totals", err, meaning{})
	}
	if graded > 0 {
		t.AvgScore = float64(sum) / float64(graded)
	}
	slices.Sort(t.Channels)
	return t, nil
}

// MostImproved finds the member whose average score rose most from
// [prevFrom, fromDate) to [fromDate, toDate) in one query. A week or month
// against the one before (the board's own question) is the first entry of
// index period_totals_rise (migration 00005: each row carries the previous
// period's totals and the rise) plus a count of the members above them for
// their rank; other pairs of whole weeks or months group both periods'
// period_totals rows by member; any other windows sum both windows'
// counted answers in one pass over their posts. Averages are REAL
// score_sum / graded, as Leaderboard computes them, so equal rises compare
// equal and ties go, as on the board, to points, answers, member id.
func (s *Store) MostImproved(ctx context.Context, channelID int64, prevFrom, fromDate, toDate string) (*bot.ImprovedMember, error) {
	const pick = `
		best AS (
			SELECT member_id, points, answers, avg, avg - prev_avg AS rise FROM both_windows
			WHERE answers > 0 AND prev_answers > 0 AND avg - prev_avg > 0
			ORDER BY rise DESC, points DESC, answers DESC, member_id
			LIMIT 1
		)
		SELECT m.id, m.platform, m.workspace, m.user_id, m.name, m.lang, b.points, b.answers, b.avg, b.rise,
			1 + (SELECT count(*) FROM both_windows o WHERE o.answers > 0 AND o.points > b.points)
		FROM best b JOIN members m ON m.id = b.member_id`
	var row *sql.Row
	// Two whole periods of one kind, the second right after the first:
	// the totals' rise column answers it from one index entry.
	prevPeriod, prevWhole := bot.WholePeriod(prevFrom, fromDate)
	curPeriod, curWhole := bot.WholePeriod(fromDate, toDate)
	if prevWhole && curWhole && prevPeriod == curPeriod {
		row = s.db.QueryRowContext(ctx, `
		WITH best AS (
			SELECT member_id, points, answers,
				CASE WHEN graded > 0 THEN CAST(score_sum AS REAL) / graded ELSE 0.0 END AS avg, rise
			FROM period_totals
			WHERE channel_id = ?1 AND period = ?2 AND start_date = ?3 AND answers > 0 AND prev_answers > 0 AND rise > 0
			ORDER BY rise DESC, points DESC, answers DESC, member_id
			LIMIT 1
		)
		SELECT m.id, m.platform, m.workspace, m.user_id, m.name, m.lang, b.points, b.answers, b.avg, b.rise,
			1 + (SELECT count(*) FROM period_totals o
				WHERE o.channel_id = ?1 AND o.period = ?2 AND o.start_date = ?3 AND o.answers > 0 AND o.points > b.points)
		FROM best b JOIN members m ON m.id = b.member_id`, channelID, curPeriod, fromDate)
	} else if prevWhole && curWhole {
		row = s.db.QueryRowContext(ctx, `
		WITH sums AS (
			SELECT member_id,
				max(points) FILTER (WHERE period = ?2 AND start_date = ?3) AS points,
				max(answers) FILTER (WHERE period = ?2 AND start_date = ?3) AS answers,
				max(score_sum) FILTER (WHERE period = ?2 AND start_date = ?3) AS score_sum,
				max(graded) FILTER (WHERE period = ?2 AND start_date = ?3) AS graded,
				max(answers) FILTER (WHERE period = ?4 AND start_date = ?5) AS prev_answers,
				max(score_sum) FILTER (WHERE period = ?4 AND start_date = ?5) AS prev_score_sum,
				max(graded) FILTER (WHERE period = ?4 AND start_date = ?5) AS prev_graded
			FROM period_totals
			WHERE channel_id = ?1 AND answers > 0 AND ((period = ?2 AND start_date = ?3) OR (period = ?4 AND start_date = ?5))
			GROUP BY member_id
		), both_windows AS (
			SELECT member_id, coalesce(points, 0) AS points, coalesce(answers, 0) AS answers,
				coalesce(prev_answers, 0) AS prev_answers,
				CASE WHEN graded > 0 THEN CAST(score_sum AS REAL) / graded ELSE 0.0 END AS avg,
				CASE WHEN prev_graded > 0 THEN CAST(prev_score_sum AS REAL) / prev_graded ELSE 0.0 END AS prev_avg
			FROM sums
		),`+pick, channelID, curPeriod, fromDate, prevPeriod, prevFrom)
	} else {
		row = s.db.QueryRowContext(ctx, `
		WITH sums AS (
			SELECT a.member_id,
				coalesce(sum(a.points) FILTER (WHERE p.local_date >= ?3), 0) AS points,
				count(*) FILTER (WHERE p.local_date >= ?3) AS answers,
				sum(a.score) FILTER (WHERE p.local_date >= ?3) AS score_sum,
				count(a.score) FILTER (WHERE p.local_date >= ?3) AS graded,
				count(*) FILTER (WHERE p.local_date < ?3) AS prev_answers,
				sum(a.score) FILTER (WHERE p.local_date < ?3) AS prev_score_sum,
				count(a.score) FILTER (WHERE p.local_date < ?3) AS prev_graded
			FROM posts p
			JOIN answers a ON a.post_id = p.id AND a.withdrawn = 0
			WHERE p.channel_id = ?1 AND p.kind = 'question' AND p.local_date >= ?2 AND p.local_date < ?4
			GROUP BY a.member_id
		), both_windows AS (
			SELECT member_id, points, answers, prev_answers,
				CASE WHEN graded > 0 THEN CAST(score_sum AS REAL) / graded ELSE 0.0 END AS avg,
				CASE WHEN prev_graded > 0 THEN CAST(prev_score_sum AS REAL) / prev_graded ELSE 0.0 END AS prev_avg
			FROM sums
		),`+pick, channelID, prevFrom, fromDate, toDate)
	}
	var e bot.LeaderboardEntry
	var rise float64
	err := row.Scan(&e.Member.ID, &e.Member.Key.Platform, &e.Member.Key.Workspace, &e.Member.Key.UserID,
		&e.Member.Name, &e.Member.Lang, &e.Points, &e.Answers, &e.AvgScore, &rise, &e.Rank)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bot.Errorf(bot.ENOTFOUND, "Nobody improved their average score since the previous period.")
	}
	if err != nil {
		return nil, wrap(ctx, "most improved", err, meaning{})
	}
	return &bot.ImprovedMember{Entry: e, Rise: rise}, nil
}
