package postgres_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/jackc/pgx/v5"
)

// history describes a channel's seeded past: members answering question
// posts on consecutive weekdays ending at Last.
type history struct {
	Members, Posts, PerPost int
	Last                    time.Time // the last post's local date
	Seed                    uint64
}

// seeded is what seedHistory stored, kept so tests can recompute boards.
type seeded struct {
	ChannelID int64
	Dates     []string // post local dates, oldest first
	Members   []int64  // member ids in creation order
	Answers   []seededAnswer
}

type seededAnswer struct {
	Member    int64
	Date      string
	Points    int
	Score     *int
	Withdrawn bool
}

// postDates returns n weekdays ending at last, oldest first.
func postDates(n int, last time.Time) []string {
	var out []string
	for d := last; len(out) < n; d = d.AddDate(0, 0, -1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			out = append(out, d.Format(time.DateOnly))
		}
	}
	slices.Reverse(out)
	return out
}

// seedHistory fills the schema behind conn with h through COPY (the
// answers with the totals trigger off, then member_totals_rebuild): one channel,
// its members, question posts and their answers. Members differ in skill, so
// the board has a shape; about 2% of answers are ungraded and 1% withdrawn
// (each followed by the member's counted reply, as a delete then a new
// answer would leave it). It is deterministic for a given h.Seed.
func seedHistory(tb testing.TB, conn *pgx.Conn, h history) *seeded {
	tb.Helper()
	ctx := context.Background()
	at := h.Last.UTC()
	out := &seeded{Dates: postDates(h.Posts, h.Last)}
	if err := conn.QueryRow(ctx, `INSERT INTO channels (platform, workspace, channel_id, name, lang, timezone, created_at, updated_at)
		VALUES ('slack', 'TBENCH', 'CBENCH', 'bench', 'en', 'America/New_York', $1, $1) RETURNING id`, at).Scan(&out.ChannelID); err != nil {
		tb.Fatalf("seed channel: %v", err)
	}
	mustCopy(tb, conn, "members", []string{"platform", "workspace", "user_id", "name", "lang", "created_at", "updated_at"},
		h.Members, func(i int) []any {
			return []any{"slack", "TBENCH", fmt.Sprintf("U%07d", i), fmt.Sprintf("member %d", i), "en", at, at}
		})
	mustCopy(tb, conn, "posts", []string{"channel_id", "kind", "local_date", "question_id", "ref", "closes_at", "created_at", "claimed_at", "sent_at"},
		len(out.Dates), func(i int) []any {
			return []any{out.ChannelID, "question", out.Dates[i], fmt.Sprintf("q%03d", i), fmt.Sprintf("ts%d", i), at, at, at, at}
		})
	out.Members = mustIDs(tb, conn, "SELECT id FROM members WHERE workspace = 'TBENCH' ORDER BY id")
	postIDs := mustIDs(tb, conn, "SELECT id FROM posts WHERE channel_id = $1 AND kind = 'question' ORDER BY local_date", out.ChannelID)

	rng := rand.New(rand.NewPCG(h.Seed, 1))
	skill := make([]int, h.Members)
	for i := range skill {
		skill[i] = 20 + rng.IntN(70)
	}
	type row struct {
		a    seededAnswer
		post int64
	}
	var rows []row
	for p := range postIDs {
		for _, m := range rng.Perm(h.Members)[:h.PerPost] {
			a := seededAnswer{Member: out.Members[m], Date: out.Dates[p]}
			if rng.IntN(100) == 0 {
				w := a
				w.Withdrawn = true
				score := skill[m]
				w.Score, w.Points = &score, bot.PointsFor(score)
				rows = append(rows, row{w, postIDs[p]})
			}
			if rng.IntN(50) != 0 {
				score := min(100, max(0, skill[m]+rng.IntN(21)-10))
				a.Score, a.Points = &score, bot.PointsFor(score)
			}
			rows = append(rows, row{a, postIDs[p]})
		}
	}
	// Row by row the totals trigger would make the load minutes long: load
	// with it off, then build the totals in one pass as the migration does.
	mustExec(tb, conn, "ALTER TABLE answers DISABLE TRIGGER answers_member_totals")
	mustCopy(tb, conn, "answers", []string{"member_id", "question_id", "post_id", "text", "lang", "created_at", "updated_at",
		"withdrawn", "message_ref", "version", "graded_version", "points", "score"},
		len(rows), func(i int) []any {
			r := rows[i]
			graded := 0
			var score any
			if r.a.Score != nil {
				graded, score = 1, int32(*r.a.Score)
			}
			return []any{r.a.Member, "q", r.post, "an answer", "en", at, at, r.a.Withdrawn, fmt.Sprintf("m%d", i), 1, graded, int32(r.a.Points), score}
		})
	mustExec(tb, conn, "ALTER TABLE answers ENABLE TRIGGER answers_member_totals")
	mustExec(tb, conn, "SELECT member_totals_rebuild()")
	for _, r := range rows {
		out.Answers = append(out.Answers, r.a)
	}
	return out
}

func mustCopy(tb testing.TB, conn *pgx.Conn, table string, cols []string, n int, row func(i int) []any) {
	tb.Helper()
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		i++
		return row(i - 1), nil
	})
	got, err := conn.CopyFrom(context.Background(), pgx.Identifier{table}, cols, src)
	if err != nil || got != int64(n) {
		tb.Fatalf("copy %d rows into %s: copied %d, %v", n, table, got, err)
	}
}

func mustExec(tb testing.TB, conn *pgx.Conn, sql string) {
	tb.Helper()
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
}

func mustIDs(tb testing.TB, conn *pgx.Conn, query string, args ...any) []int64 {
	tb.Helper()
	rows, err := conn.Query(context.Background(), query, args...)
	if err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return ids
}

// boardRow is what a leaderboard line sums, for comparisons.
type boardRow struct {
	Member          int64
	Points, Answers int
	Avg             float64
}

// recompute is the board of [from, to) computed from what was seeded.
func (s *seeded) recompute(from, to string, limit int) []boardRow {
	type acc struct {
		points, answers, sum, graded int
	}
	by := map[int64]*acc{}
	for _, a := range s.Answers {
		if a.Withdrawn || a.Date < from || a.Date >= to {
			continue
		}
		x := by[a.Member]
		if x == nil {
			x = &acc{}
			by[a.Member] = x
		}
		x.points += a.Points
		x.answers++
		if a.Score != nil {
			x.sum += *a.Score
			x.graded++
		}
	}
	var out []boardRow
	for m, x := range by {
		r := boardRow{Member: m, Points: x.points, Answers: x.answers}
		if x.graded > 0 {
			r.Avg = float64(x.sum) / float64(x.graded)
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b boardRow) int {
		if c := cmp.Compare(b.Points, a.Points); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Answers, a.Answers); c != 0 {
			return c
		}
		return cmp.Compare(a.Member, b.Member)
	})
	if limit > 0 {
		out = out[:min(limit, len(out))]
	}
	return out
}

func boardRows(es []bot.LeaderboardEntry) []boardRow {
	out := []boardRow{}
	for _, e := range es {
		out = append(out, boardRow{Member: e.Member.ID, Points: e.Points, Answers: e.Answers, Avg: e.AvgScore})
	}
	return out
}
