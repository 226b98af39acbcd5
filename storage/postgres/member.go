package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// UpsertMember finds the member by Key or creates it in one statement, so
// concurrent first messages from the same person yield one member. Empty Name
// and Lang keep the stored values; m is filled with what is stored.
func (s *Store) UpsertMember(ctx context.Context, m *bot.Member) error {
	if err := checkKey(m.Key); err != nil {
		return err
	}
	var (
		id         int64
		name, lang string
		created    time.Time
	)
	err := s.pool.QueryRow(ctx, `
		INSERT INTO members (platform, workspace, user_id, name, lang, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)
		ON CONFLICT (platform, workspace, user_id) DO UPDATE SET
			name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE members.name END,
			lang = CASE WHEN excluded.lang <> '' THEN excluded.lang ELSE members.lang END,
			updated_at = excluded.updated_at
		RETURNING id, name, lang, created_at`,
		m.Key.Platform, m.Key.Workspace, m.Key.UserID, m.Name, string(m.Lang), s.now(),
	).Scan(&id, &name, &lang, &created)
	if err != nil {
		return s.wrap(ctx, "upsert member", err, meaning{})
	}
	m.ID, m.Name, m.Lang, m.CreatedAt = id, name, bot.Lang(lang), created.UTC()
	return nil
}

// FindMember returns the member with the given id.
func (s *Store) FindMember(ctx context.Context, id int64) (*bot.Member, error) {
	m := &bot.Member{}
	var lang string
	err := s.pool.QueryRow(ctx, `
		SELECT id, platform, workspace, user_id, name, lang, created_at
		FROM members WHERE id = $1`, id,
	).Scan(&m.ID, &m.Key.Platform, &m.Key.Workspace, &m.Key.UserID, &m.Name, &lang, &m.CreatedAt)
	if err != nil {
		return nil, s.wrap(ctx, "find member", err, meaning{missing: fmt.Sprintf("Member %d not found.", id)})
	}
	m.Lang, m.CreatedAt = bot.Lang(lang), m.CreatedAt.UTC()
	return m, nil
}

func checkKey(k bot.MemberKey) error {
	if k.Platform == "" || k.Workspace == "" || k.UserID == "" {
		return bot.Errorf(bot.EINVALID, "A member needs a platform, a workspace and a user id (got %q, %q, %q).",
			k.Platform, k.Workspace, k.UserID)
	}
	return nil
}
