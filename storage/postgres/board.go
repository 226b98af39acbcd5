package postgres

import (
	"context"

	"github.com/interviewbot/interviewbot/bot"
)

// boardSQL is Leaderboard's and MostImproved's period_totals queries in
// one statement, for the board a scheduled post shows: a whole week or
// month against the one before. The first rows are the top of the board
// (index period_totals_rank), the last one, flagged, the most improved
// member (index period_totals_rise) with their rank on the full board.
const boardSQL = `
	WITH top AS (
		SELECT member_id, points, answers,
			CASE WHEN graded > 0 THEN score_sum::float8 / graded ELSE 0 END AS avg
		FROM period_totals
		WHERE channel_id = $1 AND period = $2 AND start_date = $3 AND answers > 0
		ORDER BY points DESC, answers DESC, member_id
		LIMIT $4
	), best AS (
		SELECT member_id, points, answers,
			CASE WHEN graded > 0 THEN score_sum::float8 / graded ELSE 0 END AS avg, rise
		FROM period_totals
		WHERE channel_id = $1 AND period = $2 AND start_date = $3 AND answers > 0 AND prev_answers > 0 AND rise > 0
		ORDER BY rise DESC, points DESC, answers DESC, member_id
		LIMIT 1
	)
	SELECT false AS improved, m.id, m.platform, m.workspace, m.user_id, m.name, m.lang,
		t.points, t.answers::bigint AS answers, t.avg, 0::float8, 0::bigint
	FROM top t JOIN members m ON m.id = t.member_id
	UNION ALL
	SELECT true, m.id, m.platform, m.workspace, m.user_id, m.name, m.lang, b.points, b.answers::bigint, b.avg, b.rise,
		1 + (SELECT count(*) FROM period_totals o
			WHERE o.channel_id = $1 AND o.period = $2 AND o.start_date = $3 AND o.answers > 0 AND o.points > b.points)
	FROM best b JOIN members m ON m.id = b.member_id
	ORDER BY improved, points DESC, answers DESC, id`

// Board returns the top of the board and the most improved member. A
// whole week or month against the one before is one query on
// period_totals; other windows ask Leaderboard and MostImproved.
func (s *Store) Board(ctx context.Context, channelID int64, prevFrom, fromDate, toDate string, limit int) ([]bot.LeaderboardEntry, *bot.ImprovedMember, error) {
	prevPeriod, prevWhole := bot.WholePeriod(prevFrom, fromDate)
	curPeriod, curWhole := bot.WholePeriod(fromDate, toDate)
	if !prevWhole || !curWhole || prevPeriod != curPeriod {
		return s.boardApart(ctx, channelID, prevFrom, fromDate, toDate, limit)
	}
	rows, err := s.pool.Query(ctx, boardSQL, channelID, curPeriod, fromDate, sqlLimit(limit))
	if err != nil {
		return nil, nil, s.wrap(ctx, "board", err, meaning{})
	}
	defer rows.Close()
	top := []bot.LeaderboardEntry{}
	var mi *bot.ImprovedMember
	for rows.Next() {
		var improved bool
		var e bot.LeaderboardEntry
		var lang string
		var points, answers, rank int64
		var rise float64
		if err := rows.Scan(&improved, &e.Member.ID, &e.Member.Key.Platform, &e.Member.Key.Workspace, &e.Member.Key.UserID,
			&e.Member.Name, &lang, &points, &answers, &e.AvgScore, &rise, &rank); err != nil {
			return nil, nil, s.wrap(ctx, "board", err, meaning{})
		}
		e.Member.Lang, e.Points, e.Answers = bot.Lang(lang), int(points), int(answers)
		if improved {
			e.Rank = int(rank)
			mi = &bot.ImprovedMember{Entry: e, Rise: rise}
			continue
		}
		top = append(top, e)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, s.wrap(ctx, "board", err, meaning{})
	}
	return top, mi, nil
}

// boardApart asks Leaderboard, then MostImproved when there is a previous
// window.
func (s *Store) boardApart(ctx context.Context, channelID int64, prevFrom, fromDate, toDate string, limit int) ([]bot.LeaderboardEntry, *bot.ImprovedMember, error) {
	top, err := s.Leaderboard(ctx, channelID, fromDate, toDate, limit)
	if err != nil || prevFrom == "" {
		return top, nil, err
	}
	mi, err := s.MostImproved(ctx, channelID, prevFrom, fromDate, toDate)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		return top, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return top, mi, nil
}
