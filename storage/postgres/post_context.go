package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// postContextSQL reads a scheduled post's context in one statement: the
// channel, its schedule, the post under the key, for a reveal the question
// post of its date, and for an unclaimed question the channel's asked
// questions (a CASE evaluates its subquery only when it is needed). Every
// part is a primary-key or posts_key lookup.
var postContextSQL = `
	SELECT ` + prefixCols("c.", channelCols) + `, ` + prefixCols("s.", scheduleCols) + `,
		` + prefixCols("p.", postCols) + `, ` + prefixCols("q.", postCols) + `,
		CASE WHEN $2::text = 'question' AND p.id IS NULL THEN ARRAY(
			SELECT a.question_id FROM posts a WHERE a.channel_id = c.id AND a.kind = 'question'
			ORDER BY a.local_date, a.id) END
	FROM channels c
	LEFT JOIN schedules s ON s.channel_id = c.id
	LEFT JOIN posts p ON p.channel_id = c.id AND p.kind = $2::text AND p.local_date = $3::text
	LEFT JOIN posts q ON $2::text = 'reveal' AND q.channel_id = c.id AND q.kind = 'question' AND q.local_date = $3::text
	WHERE c.id = $1`

// FindPostContext returns what a scheduled post reads before its claim, in
// one query.
func (s *Store) FindPostContext(ctx context.Context, channelID int64, kind bot.PostKind, localDate string) (*bot.PostContext, error) {
	var sc nullSchedule
	var p, q nullPost
	var asked []string
	c := &bot.Channel{}
	var lang string
	dest := []any{&c.ID, &c.Key.Platform, &c.Key.Workspace, &c.Key.ChannelID, &c.Name, &lang, &c.Timezone, &c.CreatedAt}
	dest = append(dest, sc.dest()...)
	dest = append(dest, p.dest()...)
	dest = append(dest, q.dest()...)
	dest = append(dest, &asked)
	err := s.pool.QueryRow(ctx, postContextSQL, channelID, string(kind), localDate).Scan(dest...)
	if err != nil {
		return nil, s.wrap(ctx, "find post context", err, meaning{missing: fmt.Sprintf("Channel %d not found.", channelID)})
	}
	c.Lang, c.CreatedAt = bot.Lang(lang), c.CreatedAt.UTC()
	pc := &bot.PostContext{Channel: c, Post: p.post(), Question: q.post()}
	if sc.channelID != nil {
		if pc.Schedule, err = sc.schedule(); err != nil {
			return nil, fmt.Errorf("find post context: %w", err)
		}
	}
	if kind == bot.PostQuestion && pc.Post == nil {
		pc.Asked = append([]string{}, asked...)
	}
	return pc, nil
}

// nullPost scans postCols of an outer join, where every column may be NULL.
type nullPost struct {
	id, channelID                    *int64
	kind, localDate, questionID, ref *string
	closes, created, claimed, sent   *time.Time
}

func (n *nullPost) dest() []any {
	return []any{&n.id, &n.channelID, &n.kind, &n.localDate, &n.questionID, &n.ref, &n.closes, &n.created, &n.claimed, &n.sent}
}

// post returns the scanned post, nil when the join found none.
func (n *nullPost) post() *bot.Post {
	if n.id == nil {
		return nil
	}
	return &bot.Post{ID: *n.id, ChannelID: *n.channelID, Kind: bot.PostKind(*n.kind), LocalDate: *n.localDate,
		QuestionID: *n.questionID, Ref: *n.ref, ClosesAt: timeOrZero(n.closes), CreatedAt: timeOrZero(n.created),
		ClaimedAt: timeOrZero(n.claimed), SentAt: timeOrZero(n.sent)}
}

// nullSchedule scans scheduleCols of an outer join.
type nullSchedule struct {
	channelID                                 *int64
	timezone, postCron, revealCron, boardCron *string
	skip, tracks, topics, diff                []byte
	paused                                    *bool
	updated                                   *time.Time
}

func (n *nullSchedule) dest() []any {
	return []any{&n.channelID, &n.timezone, &n.postCron, &n.revealCron, &n.boardCron,
		&n.skip, &n.tracks, &n.topics, &n.diff, &n.paused, &n.updated}
}

// schedule decodes the scanned schedule as scanSchedule does; the caller
// checks that the join found one (channelID not nil).
func (n *nullSchedule) schedule() (*bot.Schedule, error) {
	sc := &bot.Schedule{ChannelID: *n.channelID, Timezone: *n.timezone, PostCron: *n.postCron,
		RevealCron: *n.revealCron, LeaderboardCron: *n.boardCron, Paused: *n.paused, UpdatedAt: timeOrZero(n.updated)}
	var err error
	for _, c := range []struct {
		dst *[]string
		src []byte
	}{{&sc.SkipDates, n.skip}, {&sc.Tracks, n.tracks}, {&sc.Topics, n.topics}} {
		if *c.dst, err = decodeList(c.src); err != nil {
			return nil, fmt.Errorf("schedule of channel %d: %w", sc.ChannelID, err)
		}
	}
	if err := json.Unmarshal(n.diff, &sc.Difficulty); err != nil {
		return nil, fmt.Errorf("schedule of channel %d: decode difficulty: %w", sc.ChannelID, err)
	}
	if len(sc.Difficulty) == 0 {
		sc.Difficulty = nil
	}
	return sc, nil
}
