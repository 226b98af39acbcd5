package postgres_test

import (
	"context"
	"math"
	"net/url"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/storage/postgres"
)

// boardWindows are the windows the benchmark and its small twin query: the
// week of the history's last post and the full month before it (read from
// period totals), all time as bot.PeriodWindow gives it (all-time totals),
// and the last 30 days, a window no totals cover (summed from the answers).
var boardWindows = []struct {
	name     string
	from, to string
}{
	{"week", "2026-11-16", "2026-11-23"},
	{"month", "2026-10-01", "2026-11-01"},
	{"all", "1970-01-01", "2026-11-21"},
	{"30days", "2026-10-22", "2026-11-21"},
}

// improvedWindows are the window pairs the most-improved benchmark and its
// twin ask for: the week of the history's last post against the week
// before, and the month before it against its previous month (period
// totals), and the last 30 days against the 30 before (the answers).
var improvedWindows = []struct {
	name               string
	prevFrom, from, to string
}{
	{"week", "2026-11-09", "2026-11-16", "2026-11-23"},
	{"month", "2026-09-01", "2026-10-01", "2026-11-01"},
	{"30days", "2026-09-22", "2026-10-22", "2026-11-21"},
}

var historyEnd = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) // a Friday

// BenchmarkLeaderboard measures Leaderboard on a channel with 1M answers by
// 10k members to 250 question posts (a year of weekdays, 4,000 answers a
// post), seeded once with COPY into its own schema before any timing. Each
// window runs with limit 10 (the posted top ten) and limit 0 (every member:
// what bot.Daily asked for to find the most improved before MostImproved).
// MostImproved runs on the window pairs of improvedWindows: with it, a
// posted board is a top ten plus one most-improved query. Besides ns/op it
// reports the p50 and p99 latency of single calls in milliseconds. Figures
// and the machine they came from: docs/benchmarks.md.
//
//	go test -run '^$' -bench Leaderboard -benchtime 400x ./storage/postgres/
func BenchmarkLeaderboard(b *testing.B) {
	u, _ := MustSchema(b)
	s := mustOpenURL(b, u)
	conn := mustConnect(b, withoutPoolParams(b, u))
	start := time.Now()
	h := seedHistory(b, conn, history{Members: 10_000, Posts: 250, PerPost: 4_000, Last: historyEnd, Seed: 1})
	// Autovacuum would get there on its own; without the visibility map the
	// covering index cannot answer alone.
	if _, err := conn.Exec(context.Background(), "VACUUM (ANALYZE) answers, posts, members, member_totals, period_totals"); err != nil {
		b.Fatalf("vacuum: %v", err)
	}
	b.Logf("seeded 1M answers in %v", time.Since(start).Round(time.Millisecond))
	for _, w := range boardWindows {
		for _, limit := range []int{10, 0} {
			name := w.name + "/top10"
			if limit == 0 {
				name = w.name + "/everyone"
			}
			b.Run(name, func(b *testing.B) { benchBoard(b, s, h.ChannelID, w.from, w.to, limit) })
		}
	}
	for _, w := range improvedWindows {
		b.Run(w.name+"/improved", func(b *testing.B) { benchImproved(b, s, h.ChannelID, w.prevFrom, w.from, w.to) })
	}
}

func benchImproved(b *testing.B, s *postgres.Store, channelID int64, prevFrom, from, to string) {
	ctx := context.Background()
	var lat []time.Duration
	for b.Loop() {
		t := time.Now()
		mi, err := s.MostImproved(ctx, channelID, prevFrom, from, to)
		lat = append(lat, time.Since(t))
		if err != nil {
			b.Fatalf("MostImproved = %+v, %v", mi, err)
		}
	}
	slices.Sort(lat)
	b.ReportMetric(ms(quantile(lat, 0.50)), "p50-ms")
	b.ReportMetric(ms(quantile(lat, 0.99)), "p99-ms")
}

func benchBoard(b *testing.B, s *postgres.Store, channelID int64, from, to string, limit int) {
	ctx := context.Background()
	var lat []time.Duration
	for b.Loop() {
		t := time.Now()
		es, err := s.Leaderboard(ctx, channelID, from, to, limit)
		lat = append(lat, time.Since(t))
		if err != nil || len(es) == 0 {
			b.Fatalf("Leaderboard = %d entries, %v", len(es), err)
		}
	}
	slices.Sort(lat)
	b.ReportMetric(ms(quantile(lat, 0.50)), "p50-ms")
	b.ReportMetric(ms(quantile(lat, 0.99)), "p99-ms")
}

// quantile returns the q-quantile of sorted latencies (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// TestLeaderboardSeeded is the benchmark's small twin, run with every test:
// the same seeder and windows on 60 members, every board equal to the one
// recomputed from the seeded rows, including the all-time board.
func TestLeaderboardSeeded(t *testing.T) {
	u, _ := MustSchema(t)
	s := mustOpenURL(t, u)
	conn := mustConnect(t, withoutPoolParams(t, u))
	h := seedHistory(t, conn, history{Members: 60, Posts: 250, PerPost: 25, Last: historyEnd, Seed: 7})
	for _, w := range boardWindows {
		for _, limit := range []int{10, 0} {
			es, err := s.Leaderboard(context.Background(), h.ChannelID, w.from, w.to, limit)
			if err != nil {
				t.Fatalf("Leaderboard %s limit %d: %v", w.name, limit, err)
			}
			got, want := boardRows(es), h.recompute(w.from, w.to, limit)
			if !sameBoard(got, want) {
				t.Errorf("Leaderboard %s limit %d:\n got %v\nwant %v", w.name, limit, got, want)
			}
		}
	}
	for _, w := range improvedWindows {
		mi, err := s.MostImproved(context.Background(), h.ChannelID, w.prevFrom, w.from, w.to)
		if err != nil {
			t.Fatalf("MostImproved %s: %v", w.name, err)
		}
		wantID, wantRise := improvedFrom(h.recompute(w.from, w.to, 0), h.recompute(w.prevFrom, w.from, 0))
		if mi.Entry.Member.ID != wantID || math.Abs(mi.Rise-wantRise) > 1e-9 {
			t.Errorf("MostImproved %s = member %d rise %v, want member %d rise %v", w.name, mi.Entry.Member.ID, mi.Rise, wantID, wantRise)
		}
	}
}

// improvedFrom is the most improved member of two recomputed boards: the
// first, in board order, of the largest rises in average among members on
// both; 0 when nobody rose.
func improvedFrom(cur, prev []boardRow) (int64, float64) {
	before := map[int64]float64{}
	for _, r := range prev {
		before[r.Member] = r.Avg
	}
	var best int64
	var rise float64
	for _, r := range cur {
		if p, ok := before[r.Member]; ok && r.Avg-p > rise {
			best, rise = r.Member, r.Avg-p
		}
	}
	return best, rise
}

// withoutPoolParams drops the pool settings from a MustSchema URL, which a
// plain connection would send to the server as unknown parameters.
func withoutPoolParams(tb testing.TB, dbURL string) string {
	tb.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		tb.Fatalf("parse schema URL: %v", err)
	}
	q := u.Query()
	q.Del("pool_max_conns")
	u.RawQuery = q.Encode()
	return u.String()
}

// sameBoard compares boards, averages within rounding.
func sameBoard(got, want []boardRow) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if math.Abs(g.Avg-w.Avg) > 1e-9 {
			return false
		}
		g.Avg = w.Avg
		if !reflect.DeepEqual(g, w) {
			return false
		}
	}
	return true
}
