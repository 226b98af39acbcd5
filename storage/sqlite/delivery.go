package sqlite

import (
	"context"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// ClaimDelivery stores a delivery's idempotency key; the primary key makes
// the first insert the only one that counts.
func (s *Store) ClaimDelivery(ctx context.Context, platform, key string, at time.Time) (bool, error) {
	if platform == "" || key == "" {
		return false, bot.Errorf(bot.EINVALID, "A delivery needs a platform and a key.")
	}
	if err := checkText("delivery key", key, 1024); err != nil {
		return false, err
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO deliveries (platform, key, created_at) VALUES (?, ?, ?)
		ON CONFLICT (platform, key) DO NOTHING`, platform, key, formatTime(at))
	if err != nil {
		return false, wrap(ctx, "claim delivery", err, meaning{})
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, wrap(ctx, "claim delivery", err, meaning{})
	}
	return n == 1, nil
}

// PruneDeliveries forgets keys claimed before the given time.
func (s *Store) PruneDeliveries(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM deliveries WHERE created_at < ?`, formatTime(before))
	if err != nil {
		return 0, wrap(ctx, "prune deliveries", err, meaning{})
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, wrap(ctx, "prune deliveries", err, meaning{})
	}
	return n, nil
}
