package sqlite

import (
	"context"
	"fmt"

	"github.com/interviewbot/interviewbot/bot"
)

// UpsertMember finds the member by Key or creates it in one statement, so
// concurrent first messages from the same person yield one member. Empty Name
// and Lang keep the stored values; m is filled with what is stored.
func (s *Store) UpsertMember(ctx context.Context, m *bot.Member) error {
	if err := checkKey(m.Key); err != nil {
		return err
	}
	now := formatTime(s.now())
	var (
		id                  int64
		name, lang, created string
	)
	err := s.db.QueryRowContext(ctx, `
		INSERT INTO members (platform, workspace, user_id, name, lang, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (platform, workspace, user_id) DO UPDATE SET
			name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE members.name END,
			lang = CASE WHEN excluded.lang <> '' THEN excluded.lang ELSE members.lang END,
			updated_at = excluded.updated_at
		RETURNING id, name, lang, created_at`,
		m.Key.Platform, m.Key.Workspace, m.Key.UserID, m.Name, string(m.Lang), now, now,
	).Scan(&id, &name, &lang, &created)
	if err != nil {
		return wrap(ctx, "upsert member", err, meaning{})
	}
	at, err := parseTime(created)
	if err != nil {
		return fmt.Errorf("upsert member: %w", err)
	}
	m.ID, m.Name, m.Lang, m.CreatedAt = id, name, bot.Lang(lang), at
	return nil
}

// FindMember returns the member with the given id.
func (s *Store) FindMember(ctx context.Context, id int64) (*bot.Member, error) {
	m := &bot.Member{}
	var created string
	err := s.db.QueryRowContext(ctx, `
		SELECT id, platform, workspace, user_id, name, lang, created_at
		FROM members WHERE id = ?`, id,
	).Scan(&m.ID, &m.Key.Platform, &m.Key.Workspace, &m.Key.UserID, &m.Name, &m.Lang, &created)
	if err != nil {
		return nil, wrap(ctx, "find member", err, meaning{missing: fmt.Sprintf("Member %d not found.", id)})
	}
	if m.CreatedAt, err = parseTime(created); err != nil {
		return nil, fmt.Errorf("find member: %w", err)
	}
	return m, nil
}

func checkKey(k bot.MemberKey) error {
	if k.Platform == "" || k.Workspace == "" || k.UserID == "" {
		return bot.Errorf(bot.EINVALID, "A member needs a platform, a workspace and a user id (got %q, %q, %q).",
			k.Platform, k.Workspace, k.UserID)
	}
	return nil
}
