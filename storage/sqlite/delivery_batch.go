package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// DeliveryClaim is one delivery key to claim in a batch.
type DeliveryClaim struct {
	Platform, Key string
	At            time.Time
}

// ClaimDeliveriesTx claims many delivery keys in tx with one statement: the
// same table and rule as ClaimDelivery, for the job queue's inbox, which
// stores the keys and their jobs in one transaction of its own on the same
// file. It reports for each claim whether its key was new; a key repeated
// within the batch is new at most once, at its first place. The caller
// checks the keys (ClaimDelivery's rules) and commits or rolls back tx.
func ClaimDeliveriesTx(ctx context.Context, tx *sql.Tx, claims []DeliveryClaim) ([]bool, error) {
	type pk struct{ platform, key string }
	first := make([]bool, len(claims))
	seen := make(map[pk]int, len(claims)) // the first place of each key
	var q strings.Builder
	q.WriteString(`INSERT INTO deliveries (platform, key, created_at) VALUES `)
	args := make([]any, 0, 3*len(claims))
	for i, c := range claims {
		k := pk{c.Platform, c.Key}
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = i
		if len(args) > 0 {
			q.WriteByte(',')
		}
		q.WriteString("(?, ?, ?)")
		args = append(args, c.Platform, c.Key, formatTime(c.At))
	}
	if len(args) == 0 {
		return first, nil
	}
	q.WriteString(` ON CONFLICT (platform, key) DO NOTHING RETURNING platform, key`)
	rows, err := tx.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("claim %d deliveries: %w", len(seen), err)
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
		return nil, fmt.Errorf("claim %d deliveries: %w", len(seen), err)
	}
	return first, nil
}
