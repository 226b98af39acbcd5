package sqlite

import (
	"context"
	"fmt"

	"github.com/interviewbot/interviewbot/bot"
)

// ClaimPost claims the post's key like CreatePost, or fills p with the
// post that holds it. The embedded engine has no round trip to save, so it
// reads after a conflict.
func (s *Store) ClaimPost(ctx context.Context, p *bot.Post) (bool, error) {
	err := s.CreatePost(ctx, p)
	if bot.ErrorCode(err) != bot.ECONFLICT {
		return err == nil, err
	}
	existing, err := s.FindPostByKey(ctx, p.ChannelID, p.Kind, p.LocalDate)
	if err != nil {
		return false, fmt.Errorf("claim post: %w", err)
	}
	*p = *existing
	return false, nil
}
