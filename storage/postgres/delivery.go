package postgres

import (
	"context"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// ClaimDelivery stores a delivery's idempotency key; the primary key makes
// the first insert the only one that counts, across replicas.
func (s *Store) ClaimDelivery(ctx context.Context, platform, key string, at time.Time) (bool, error) {
	if platform == "" || key == "" {
		return false, bot.Errorf(bot.EINVALID, "A delivery needs a platform and a key.")
	}
	if err := checkText("delivery key", key, 1024); err != nil {
		return false, err
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO deliveries (platform, key, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (platform, key) DO NOTHING`, platform, key, at.UTC())
	if err != nil {
		return false, s.wrap(ctx, "claim delivery", err, meaning{})
	}
	return tag.RowsAffected() == 1, nil
}

// PruneDeliveries forgets keys claimed before the given time.
func (s *Store) PruneDeliveries(ctx context.Context, before time.Time) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM deliveries WHERE created_at < $1`, before.UTC())
	if err != nil {
		return 0, s.wrap(ctx, "prune deliveries", err, meaning{})
	}
	return tag.RowsAffected(), nil
}
