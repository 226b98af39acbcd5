package postgres

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/jackc/pgx/v5"
)

// Leaderboard ranks the channel's members over [fromDate, toDate). Boards
// of whole periods read running totals that the answers trigger keeps
// (migrations 00003 and 00004): an exact week (Monday to Monday) or
// calendar month reads period_totals, any other window holding every
// question post of the channel (the all-time board) reads member_totals;
// the top ten are the
// first ten entries of an index. Any other window sums the denormalised
// points of counted answers to its posts: an index range on posts, then an
// index-only read of each post's answers.
func (s *Store) Leaderboard(ctx context.Context, channelID int64, fromDate, toDate string, limit int) ([]bot.LeaderboardEntry, error) {
	// A whole week or month is exact in period_totals whether or not it
	// holds every post of the channel, so only other windows ask.
	period, isPeriod := bot.WholePeriod(fromDate, toDate)
	whole := false
	if !isPeriod {
		var err error
		if whole, err = s.windowHoldsAll(ctx, channelID, fromDate, toDate); err != nil {
			return nil, err
		}
	}
	var rows pgx.Rows
	var err error
	if isPeriod {
		rows, err = s.pool.Query(ctx, `
			SELECT m.id, m.platform, m.workspace, m.user_id, m.name, m.lang, t.points, t.answers,
				CASE WHEN t.graded > 0 THEN t.score_sum::float8 / t.graded ELSE 0 END
			FROM period_totals t JOIN members m ON m.id = t.member_id
			WHERE t.channel_id = $1 AND t.period = $2 AND t.start_date = $3 AND t.answers > 0
			ORDER BY t.points DESC, t.answers DESC, t.member_id
			LIMIT $4`, channelID, period, fromDate, sqlLimit(limit))
	} else if whole {
		rows, err = s.pool.Query(ctx, `
			SELECT m.id, m.platform, m.workspace, m.user_id, m.name, m.lang, t.points, t.answers,
				CASE WHEN t.graded > 0 THEN t.score_sum::float8 / t.graded ELSE 0 END
			FROM member_totals t JOIN members m ON m.id = t.member_id
			WHERE t.channel_id = $1 AND t.answers > 0
			ORDER BY t.points DESC, t.answers DESC, t.member_id
			LIMIT $2`, channelID, sqlLimit(limit))
	} else {
		rows, err = s.pool.Query(ctx, `
		WITH totals AS (
			SELECT a.member_id, sum(a.points) AS points, count(*) AS answers, avg(a.score) AS avg_score
			FROM posts p
			JOIN answers a ON a.post_id = p.id AND NOT a.withdrawn
			WHERE p.channel_id = $1 AND p.kind = 'question' AND p.local_date >= $2 AND p.local_date < $3
			GROUP BY a.member_id
			ORDER BY points DESC, answers DESC, a.member_id
			LIMIT $4
		)
		SELECT m.id, m.platform, m.workspace, m.user_id, m.name, m.lang,
			t.points, t.answers, coalesce(t.avg_score, 0)::float8
		FROM totals t JOIN members m ON m.id = t.member_id
		ORDER BY t.points DESC, t.answers DESC, t.member_id`, channelID, fromDate, toDate, sqlLimit(limit))
	}
	if err != nil {
		return nil, s.wrap(ctx, "leaderboard", err, meaning{})
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.LeaderboardEntry, error) {
		var e bot.LeaderboardEntry
		var lang string
		var points, answers int64
		err := r.Scan(&e.Member.ID, &e.Member.Key.Platform, &e.Member.Key.Workspace, &e.Member.Key.UserID,
			&e.Member.Name, &lang, &points, &answers, &e.AvgScore)
		e.Member.Lang, e.Points, e.Answers = bot.Lang(lang), int(points), int(answers)
		return e, err
	})
	if err != nil {
		return nil, s.wrap(ctx, "leaderboard", err, meaning{})
	}
	return append([]bot.LeaderboardEntry{}, out...), nil
}

// windowHoldsAll reports whether [fromDate, toDate) contains the local date
// of every question post of the channel, so the running totals are the
// board. Two index probes on posts_key; a channel without posts has an empty
// board either way.
func (s *Store) windowHoldsAll(ctx context.Context, channelID int64, fromDate, toDate string) (bool, error) {
	var first, last *string
	err := s.pool.QueryRow(ctx, `SELECT min(local_date), max(local_date) FROM posts
		WHERE channel_id = $1 AND kind = 'question'`, channelID).Scan(&first, &last)
	if err != nil {
		return false, s.wrap(ctx, "leaderboard span", err, meaning{})
	}
	return first != nil && fromDate <= *first && *last < toDate, nil
}

// Attendance lists the channel's sent question posts, newest first, with
// which of the members answered each before it closed.
func (s *Store) Attendance(ctx context.Context, channelID int64, memberIDs []int64, limit int) ([]bot.PostAttendance, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT p.id, p.local_date, p.closes_at,
			coalesce(array_agg(a.member_id ORDER BY a.member_id) FILTER (WHERE a.member_id IS NOT NULL), '{}')
		FROM (SELECT id, local_date, closes_at FROM posts
			WHERE channel_id = $1 AND kind = 'question' AND ref <> ''
			ORDER BY local_date DESC LIMIT $2) p
		LEFT JOIN answers a ON a.post_id = p.id AND NOT a.withdrawn AND a.member_id = ANY($3)
			AND (p.closes_at IS NULL OR a.created_at < p.closes_at)
		GROUP BY p.id, p.local_date, p.closes_at
		ORDER BY p.local_date DESC`, channelID, sqlLimit(limit), append([]int64{}, memberIDs...))
	if err != nil {
		return nil, s.wrap(ctx, "attendance", err, meaning{})
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.PostAttendance, error) {
		var p bot.PostAttendance
		var closes *time.Time
		err := r.Scan(&p.PostID, &p.LocalDate, &closes, &p.Answered)
		if closes != nil {
			p.ClosesAt = closes.UTC()
		}
		if len(p.Answered) == 0 {
			p.Answered = nil
		}
		return p, err
	})
	if err != nil {
		return nil, s.wrap(ctx, "attendance", err, meaning{})
	}
	return append([]bot.PostAttendance{}, out...), nil
}

// MemberTotals sums the member's counted daily answers.
func (s *Store) MemberTotals(ctx context.Context, memberID int64) (*bot.MemberTotals, error) {
	t := &bot.MemberTotals{QuestionScores: map[string]int{}}
	rows, err := s.pool.Query(ctx, `
		SELECT p.channel_id, a.question_id, a.points, a.score FROM answers a JOIN posts p ON p.id = a.post_id
		WHERE a.member_id = $1 AND NOT a.withdrawn ORDER BY a.id`, memberID)
	if err != nil {
		return nil, s.wrap(ctx, "member totals", err, meaning{})
	}
	defer rows.Close()
	var sum, graded int
	for rows.Next() {
		var ch int64
		var q string
		var points int32
		var score *int32
		if err := rows.Scan(&ch, &q, &points, &score); err != nil {
			return nil, s.wrap(ctx, "member totals", err, meaning{})
		}
		t.Answers++
		t.Points += int(points)
		if score != nil {
			sum += int(*score)
			graded++
			t.QuestionScores[q] = int(*score)
		}
		if !slices.Contains(t.Channels, ch) {
			t.Channels = append(t.Channels, ch)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(ctx, "member totals", err, meaning{})
	}
	if graded > 0 {
		t.AvgScore = float64(sum) / float64(graded)
	}
	slices.Sort(t.Channels)
	return t, nil
}

// MostImproved finds the member whose average score rose most from
// [prevFrom, fromDate) to [fromDate, toDate) in one query. The board's own
// question, a week or month against the one before, is the first entry of
// index period_totals_rise (migration 00005: each row carries the previous
// period's totals and the rise), plus a count of the members above them on
// the board for their rank. Other pairs of whole weeks or months group
// both periods' period_totals rows by member (no join, so no stale row
// estimate can turn it into a nested loop: one did, 44 s before
// period_totals was analysed); any other windows sum both windows' counted
// answers in one pass over their posts. Averages are float8 score_sum /
// graded, as Leaderboard computes them, so equal rises compare equal, and
// ties go, as on the board, to points, answers, member id.
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
	var row pgx.Row
	// Two whole periods of one kind, the second right after the first:
	// the totals' rise column answers it from one index entry.
	prevPeriod, prevWhole := bot.WholePeriod(prevFrom, fromDate)
	curPeriod, curWhole := bot.WholePeriod(fromDate, toDate)
	if prevWhole && curWhole && prevPeriod == curPeriod {
		row = s.pool.QueryRow(ctx, `
		WITH best AS (
			SELECT member_id, points, answers,
				CASE WHEN graded > 0 THEN score_sum::float8 / graded ELSE 0 END AS avg, rise
			FROM period_totals
			WHERE channel_id = $1 AND period = $2 AND start_date = $3 AND answers > 0 AND prev_answers > 0 AND rise > 0
			ORDER BY rise DESC, points DESC, answers DESC, member_id
			LIMIT 1
		)
		SELECT m.id, m.platform, m.workspace, m.user_id, m.name, m.lang, b.points, b.answers, b.avg, b.rise,
			1 + (SELECT count(*) FROM period_totals o
				WHERE o.channel_id = $1 AND o.period = $2 AND o.start_date = $3 AND o.answers > 0 AND o.points > b.points)
		FROM best b JOIN members m ON m.id = b.member_id`, channelID, curPeriod, fromDate)
	} else if prevWhole && curWhole {
		row = s.pool.QueryRow(ctx, `
		WITH sums AS (
			SELECT member_id,
				max(points) FILTER (WHERE period = $2 AND start_date = $3) AS points,
				max(answers) FILTER (WHERE period = $2 AND start_date = $3) AS answers,
				max(score_sum) FILTER (WHERE period = $2 AND start_date = $3) AS score_sum,
				max(graded) FILTER (WHERE period = $2 AND start_date = $3) AS graded,
				max(answers) FILTER (WHERE period = $4 AND start_date = $5) AS prev_answers,
				max(score_sum) FILTER (WHERE period = $4 AND start_date = $5) AS prev_score_sum,
				max(graded) FILTER (WHERE period = $4 AND start_date = $5) AS prev_graded
			FROM period_totals
			WHERE channel_id = $1 AND answers > 0 AND ((period = $2 AND start_date = $3) OR (period = $4 AND start_date = $5))
			GROUP BY member_id
		), both_windows AS (
			SELECT member_id, coalesce(points, 0) AS points, coalesce(answers, 0) AS answers,
				coalesce(prev_answers, 0) AS prev_answers,
				CASE WHEN graded > 0 THEN score_sum::float8 / graded ELSE 0 END AS avg,
				CASE WHEN prev_graded > 0 THEN prev_score_sum::float8 / prev_graded ELSE 0 END AS prev_avg
			FROM sums
		),`+pick, channelID, curPeriod, fromDate, prevPeriod, prevFrom)
	} else {
		row = s.pool.QueryRow(ctx, `
		WITH sums AS (
			SELECT a.member_id,
				coalesce(sum(a.points) FILTER (WHERE p.local_date >= $3), 0) AS points,
				count(*) FILTER (WHERE p.local_date >= $3) AS answers,
				sum(a.score) FILTER (WHERE p.local_date >= $3) AS score_sum,
				count(a.score) FILTER (WHERE p.local_date >= $3) AS graded,
				count(*) FILTER (WHERE p.local_date < $3) AS prev_answers,
				sum(a.score) FILTER (WHERE p.local_date < $3) AS prev_score_sum,
				count(a.score) FILTER (WHERE p.local_date < $3) AS prev_graded
			FROM posts p
			JOIN answers a ON a.post_id = p.id AND NOT a.withdrawn
			WHERE p.channel_id = $1 AND p.kind = 'question' AND p.local_date >= $2 AND p.local_date < $4
			GROUP BY a.member_id
		), both_windows AS (
			SELECT member_id, points, answers, prev_answers,
				CASE WHEN graded > 0 THEN score_sum::float8 / graded ELSE 0 END AS avg,
				CASE WHEN prev_graded > 0 THEN prev_score_sum::float8 / prev_graded ELSE 0 END AS prev_avg
			FROM sums
		),`+pick, channelID, prevFrom, fromDate, toDate)
	}
	var e bot.LeaderboardEntry
	var lang string
	var points, answers, rank int64
	var rise float64
	err := row.Scan(&e.Member.ID, &e.Member.Key.Platform, &e.Member.Key.Workspace, &e.Member.Key.UserID,
		&e.Member.Name, &lang, &points, &answers, &e.AvgScore, &rise, &rank)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, bot.Errorf(bot.ENOTFOUND, "Nobody improved their average score since the previous period.")
	}
	if err != nil {
		return nil, s.wrap(ctx, "most improved", err, meaning{})
	}
	e.Member.Lang, e.Points, e.Answers, e.Rank = bot.Lang(lang), int(points), int(answers), int(rank)
	return &bot.ImprovedMember{Entry: e, Rise: rise}, nil
}
