package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// DeliveryClaim is one delivery key to claim in a batch.
type DeliveryClaim struct {
	Platform, Key string
	At            time.Time
}

// ClaimDeliveriesTx claims many delivery keys in tx with one statement: the
// same table and rule as ClaimDelivery, for the job queue's inbox, which
// stores the keys and their jobs in one transaction of its own. It reports
// for each claim whether its key was new; a key repeated within the batch
// is new at most once, at its first place. The caller checks the keys
// (ClaimDelivery's rules) and commits or rolls back tx; the deliveries
// table is found through tx's search_path, like the store's.
func ClaimDeliveriesTx(ctx context.Context, tx pgx.Tx, claims []DeliveryClaim) ([]bool, error) {
	type pk struct{ platform, key string }
	first := make([]bool, len(claims))
	platforms, keys := make([]string, 0, len(claims)), make([]string, 0, len(claims))
	ats := make([]time.Time, 0, len(claims))
	seen := make(map[pk]int, len(claims)) // the first place of each key
	for i, c := range claims {
		k := pk{c.Platform, c.Key}
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = i
		platforms, keys, ats = append(platforms, c.Platform), append(keys, c.Key), append(ats, c.At.UTC())
	}
	rows, err := tx.Query(ctx, `INSERT INTO deliveries (platform, key, created_at)
		SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
		ON CONFLICT (platform, key) DO NOTHING RETURNING platform, key`, platforms, keys, ats)
	if err != nil {
		return nil, fmt.Errorf("claim %d deliveries: %w", len(keys), err)
	}
	defer rows.Close()
	for rows.Next() {
		var k pk
		if err := rows.Scan(&k.platform, &k.key); err != nil {
			return nil, fmt.Errorf("claim deliveries: %w", err)
		}
		if i, ok := seen[k]; ok {
			first[i] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim %d deliveries: %w", len(keys), err)
	}
	return first, nil
}
