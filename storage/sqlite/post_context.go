package sqlite

import (
	"context"
	"fmt"

	"github.com/interviewbot/interviewbot/bot"
)

// FindPostContext returns what a scheduled post reads before its claim.
// The embedded engine has no round trips to save, so it asks the single
// reads in turn.
func (s *Store) FindPostContext(ctx context.Context, channelID int64, kind bot.PostKind, localDate string) (*bot.PostContext, error) {
	ch, err := s.FindChannel(ctx, channelID)
	if err != nil {
		return nil, err
	}
	pc := &bot.PostContext{Channel: ch}
	pc.Schedule, err = s.FindSchedule(ctx, channelID)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		pc.Schedule = nil
	} else if err != nil {
		return nil, fmt.Errorf("find post context: %w", err)
	}
	if err := s.findOptionalPost(ctx, &pc.Post, channelID, kind, localDate); err != nil {
		return nil, err
	}
	switch {
	case kind == bot.PostReveal:
		if err := s.findOptionalPost(ctx, &pc.Question, channelID, bot.PostQuestion, localDate); err != nil {
			return nil, err
		}
	case kind == bot.PostQuestion && pc.Post == nil:
		if pc.Asked, err = s.AskedQuestions(ctx, channelID); err != nil {
			return nil, err
		}
	}
	return pc, nil
}

// findOptionalPost sets *dst to the post under the key, leaving it nil
// when there is none.
func (s *Store) findOptionalPost(ctx context.Context, dst **bot.Post, channelID int64, kind bot.PostKind, localDate string) error {
	p, err := s.FindPostByKey(ctx, channelID, kind, localDate)
	switch {
	case bot.ErrorCode(err) == bot.ENOTFOUND:
		return nil
	case err != nil:
		return err
	}
	*dst = p
	return nil
}

// Board asks Leaderboard, then MostImproved when there is a previous
// window.
func (s *Store) Board(ctx context.Context, channelID int64, prevFrom, fromDate, toDate string, limit int) ([]bot.LeaderboardEntry, *bot.ImprovedMember, error) {
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
