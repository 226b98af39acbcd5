// Package fanout measures the daily push to many Slack channels through the
// product's real path — River post jobs on PostgreSQL, bot.Daily, the Slack
// Messenger over HTTP — against a fake Slack that enforces chat.postMessage's
// one-message-per-second-per-channel limit with 429s. The figure that
// matters is how close the push comes to the limit's theoretical minimum,
// (most messages any channel receives − 1) seconds, with nothing lost and
// nothing posted twice.
//
//	go test -run '^$' -bench Fanout -benchtime 1x ./bench/fanout/
//
// FANOUT_CHANNELS (default 1000), FANOUT_POST_WORKERS (default
// jobs.DefaultPostWorkers, the workers of the posts queue) and
// FANOUT_WORKERS (default 10, the product's INTERVIEWBOT_WORKERS default,
// for the default queue) change the scale. Each run prints
// one "FANOUT|…" line per scenario, which scripts/bench/fanout.sh turns into
// a table.
package fanout

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/interviewbot/interviewbot/adapters/chart"
	slackad "github.com/interviewbot/interviewbot/adapters/slack"
	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/grading"
	"github.com/interviewbot/interviewbot/prompts"
	"github.com/interviewbot/interviewbot/storage/jobs"
	"github.com/interviewbot/interviewbot/storage/postgres"
)

// monday is the measured instant: 10:00 UTC on a Monday, when the default
// schedule posts the weekday question and the weekly leaderboard.
var monday = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// scenario is one push to measure.
type scenario struct {
	name string
	// schedule is every channel's schedule; the zone is UTC.
	schedule func(channelID int64) *bot.Schedule
	// warmup is an earlier instant whose posts must go out first (the
	// question the measured push reveals), or zero.
	warmup time.Time
}

var scenarios = []scenario{
	{
		// The default schedule: question and leaderboard at Monday 10:00.
		name:     "default",
		schedule: bot.DefaultSchedule,
	},
	{
		// A daily question revealed when the next one goes out: on Monday
		// 10:00 the question, Sunday's reveal (in its thread) and the weekly
		// leaderboard are all due.
		name: "reveal",
		schedule: func(id int64) *bot.Schedule {
			s := bot.DefaultSchedule(id)
			s.PostCron, s.RevealCron = "0 10 * * *", "0 10 * * *"
			return s
		},
		warmup: monday.AddDate(0, 0, -1),
	},
}

// result is what one run measured at the fake.
type result struct {
	channels, perChannel, workers int
	postWorkers                   int
	minimum, completion           time.Duration
	throttled, lost, duplicates   int
	files                         int
	firstDue                      time.Duration // due instant → first accepted message
	tick                          time.Duration // due instant → every due post enqueued
	// firstWave is due instant → the last channel's first message: how
	// long the push takes to reach every channel once.
	firstWave time.Duration
	// span is the longest time between a channel's first and last message;
	// at the limit it is (messages per channel − 1) s plus a round trip per
	// message, since the pacer waits from the previous answer.
	span time.Duration
	// queriesPerPost is the statements the product's store sent during
	// the push (the tick's two included; River's fetches and completions,
	// on their own pool, are not) per message posted.
	queriesPerPost float64
}

func (r result) ratio() float64 { return r.completion.Seconds() / r.minimum.Seconds() }

func BenchmarkFanout(b *testing.B) {
	channels := envInt(b, "FANOUT_CHANNELS", 1000)
	workers := envInt(b, "FANOUT_WORKERS", 10)
	postWorkers := envInt(b, "FANOUT_POST_WORKERS", jobs.DefaultPostWorkers)
	for _, sc := range scenarios {
		b.Run(sc.name, func(b *testing.B) {
			for range b.N {
				r := run(b, sc, channels, workers, postWorkers)
				b.ReportMetric(r.completion.Seconds(), "s/push")
				b.ReportMetric(r.ratio(), "x-minimum")
				b.ReportMetric(float64(r.throttled), "429s")
				b.ReportMetric(float64(r.lost), "lost")
				b.ReportMetric(float64(r.duplicates), "duplicates")
				b.ReportMetric(r.queriesPerPost, "queries/post")
				fmt.Printf("FANOUT|%s|%d|%d|%d|%.3f|%.3f|%.3f|%d|%d|%d|%d|%.3f|%.3f|%d|%.3f|%.3f|%.2f\n", sc.name, r.channels, r.perChannel,
					r.workers, r.minimum.Seconds(), r.completion.Seconds(), r.ratio(), r.throttled, r.lost, r.duplicates,
					r.files, r.firstDue.Seconds(), r.tick.Seconds(), r.postWorkers, r.firstWave.Seconds(), r.span.Seconds(), r.queriesPerPost)
			}
		})
	}
}

// run wires a fresh store, queue, Daily and Slack Messenger the way serve
// does, lets the warm-up posts go out, then moves the clock to Monday 10:00,
// runs the tick that finds the due posts and waits for the fake to have
// them all.
func run(b *testing.B, sc scenario, channels, workers, postWorkers int) result {
	b.StopTimer()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	dsn, schema := mustSchema(b)
	clk := &clock{}
	start := monday
	if !sc.warmup.IsZero() {
		start = sc.warmup
	}
	clk.set(start.Add(-time.Hour))

	store, err := postgres.Open(ctx, dsn, log)
	if err != nil {
		b.Fatalf("open store: %v", err)
	}
	defer store.Close()
	store.Now = clk.now
	queue, closeQ, err := jobs.OpenPostgres(ctx, dsn, schema+"_river", jobs.Config{Log: log, Workers: workers, PostWorkers: postWorkers, TickEvery: time.Hour})
	if err != nil {
		b.Fatalf("open queue: %v", err)
	}
	defer closeQ()

	fake := fakeslack.New(b)
	fake.LimitPostsPerChannel(time.Second)
	msg, err := slackad.NewMessenger(slackad.Config{BotToken: fake.BotToken, APIURL: fake.APIURL(), Lang: bot.LangEN}, log)
	if err != nil {
		b.Fatal(err)
	}
	msg.WithChart(chart.Render)
	qs, err := prompts.Load()
	if err != nil {
		b.Fatalf("load questions: %v", err)
	}
	bank, err := bot.NewBank(qs)
	if err != nil {
		b.Fatal(err)
	}
	daily, err := bot.NewDaily(bot.DailyConfig{Store: store, Bank: bank, Grader: grading.NewScorer(log),
		Messengers: map[string]bot.Messenger{bot.PlatformSlack: msg}, Jobs: queue, ParseCron: jobs.ParseCron,
		Now: clk.now, Log: log})
	if err != nil {
		b.Fatal(err)
	}
	slackIDs := mustChannels(b, store, daily, sc, channels)
	if err := queue.Start(ctx, daily); err != nil {
		b.Fatal(err)
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := queue.Stop(sctx); err != nil {
			b.Logf("stop queue: %v", err)
		}
	}()

	if !sc.warmup.IsZero() {
		clk.set(sc.warmup)
		if err := daily.Tick(ctx); err != nil {
			b.Fatalf("warm-up tick: %v", err)
		}
		waitFor(b, fake, len(slackIDs), 10*time.Minute, "the warm-up posts")
		// Let the last warm-up posts be marked sent and the limit's memory
		// of them run out.
		time.Sleep(2 * time.Second)
	}
	before := len(fake.Messages(nil))
	queriesBefore := store.Queries()

	b.StartTimer()
	due := time.Now()
	clk.set(monday)
	if err := daily.Tick(ctx); err != nil {
		b.Fatalf("tick: %v", err)
	}
	tick := time.Since(due)
	kinds := expectedKinds(b, sc)
	waitFor(b, fake, before+len(kinds)*len(slackIDs), 20*time.Minute, "the Monday push")
	b.StopTimer()
	time.Sleep(2 * time.Second) // anything posted twice would show up now
	r := measure(fake, slackIDs, kinds, workers, due, before)
	r.tick, r.postWorkers = tick, postWorkers
	r.queriesPerPost = float64(store.Queries()-queriesBefore) / float64(len(kinds)*len(slackIDs))
	return r
}

// expectedKinds is what one channel receives in the push, from what the
// schedule makes due at Monday 10:00 (every channel has the same).
func expectedKinds(b *testing.B, sc scenario) []string {
	var kinds []string
	s := sc.schedule(1)
	for _, c := range []struct{ kind, spec string }{{"question", s.PostCron}, {"leaderboard", s.LeaderboardCron}} {
		cs, err := jobs.ParseCron(c.spec, time.UTC)
		if err != nil {
			b.Fatal(err)
		}
		if cs.Next(monday.Add(-time.Nanosecond)).Equal(monday) {
			kinds = append(kinds, c.kind)
		}
	}
	if !sc.warmup.IsZero() {
		kinds = append(kinds, "reveal") // the warm-up question's, closed at Monday 10:00
	}
	return kinds
}

// measure reads the fake: the push's messages per channel and kind, the
// time of the last one, 429s and files.
func measure(fake *fakeslack.Server, slackIDs, kinds []string, workers int, due time.Time, before int) result {
	msgs := fake.Messages(nil)[before:]
	perChannel := len(kinds)
	r := result{channels: len(slackIDs), perChannel: perChannel, workers: workers,
		minimum: time.Duration(perChannel-1) * time.Second, throttled: fake.Throttled(), files: len(fake.Files())}
	got := map[string]map[string]int{}
	first, last := time.Time{}, due
	chFirst, chLast := map[string]time.Time{}, map[string]time.Time{}
	for _, m := range msgs {
		if m.Author != fakeslack.BotUserID || m.Ephemeral {
			continue
		}
		if got[m.Channel] == nil {
			got[m.Channel] = map[string]int{}
		}
		got[m.Channel][kindOf(m)]++
		if t, ok := chFirst[m.Channel]; !ok || m.At.Before(t) {
			chFirst[m.Channel] = m.At
		}
		if m.At.After(chLast[m.Channel]) {
			chLast[m.Channel] = m.At
		}
		if m.At.After(last) {
			last = m.At
		}
		if first.IsZero() || m.At.Before(first) {
			first = m.At
		}
	}
	for _, ch := range slackIDs {
		for _, k := range kinds {
			n := got[ch][k]
			r.lost += max(0, 1-n)
			r.duplicates += max(0, n-1)
		}
		for k, n := range got[ch] {
			if !contains(kinds, k) {
				r.duplicates += n // nothing else may appear
			}
		}
	}
	r.completion = last.Sub(due)
	r.firstDue = first.Sub(due)
	for ch, t := range chFirst {
		r.firstWave = max(r.firstWave, t.Sub(due))
		r.span = max(r.span, chLast[ch].Sub(t))
	}
	return r
}

func kindOf(m fakeslack.Message) string {
	switch {
	case m.ThreadTS != "":
		return "reveal"
	case strings.Contains(m.Text, "Question of the day"):
		return "question"
	default:
		return "leaderboard"
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// waitFor waits until the fake accepted n posts, or fails after timeout.
// It polls a counter: the arrival times, not this loop, are the figures.
func waitFor(b *testing.B, fake *fakeslack.Server, n int, timeout time.Duration, what string) {
	b.Helper()
	deadline := time.Now().Add(timeout)
	for fake.Posted() < n {
		if time.Now().After(deadline) {
			b.Fatalf("waited %v for %s: %d of %d messages arrived", timeout, what, fake.Posted(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// mustChannels stores the channels with the scenario's schedule and
// returns their Slack ids.
func mustChannels(b *testing.B, store *postgres.Store, daily *bot.Daily, sc scenario, n int) []string {
	ctx := context.Background()
	ids := make([]string, n)
	for i := range n {
		ids[i] = fmt.Sprintf("C%05d", i)
		ch := &bot.Channel{Key: bot.ChannelKey{Platform: bot.PlatformSlack, Workspace: fakeslack.TeamID, ChannelID: ids[i]},
			Name: strings.ToLower(ids[i]), Lang: bot.LangEN, Timezone: "UTC"}
		if err := store.UpsertChannel(ctx, ch); err != nil {
			b.Fatalf("channel %s: %v", ids[i], err)
		}
		if err := daily.SaveSchedule(ctx, sc.schedule(ch.ID)); err != nil {
			b.Fatalf("schedule of %s: %v", ids[i], err)
		}
	}
	return ids
}

// mustSchema makes a fresh schema on TEST_DATABASE_URL (its River tables go
// to schema_river) and drops both when the benchmark ends.
func mustSchema(b *testing.B) (dsn, schema string) {
	b.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		b.Fatal("TEST_DATABASE_URL is not set: run scripts/bench/fanout.sh, which starts a throwaway PostgreSQL, " +
			"or export TEST_DATABASE_URL=postgres://user@host:port/db?sslmode=disable")
	}
	raw := make([]byte, 5)
	rand.Read(raw)
	schema = "fanout_" + hex.EncodeToString(raw)
	admin, err := pgx.Connect(context.Background(), base)
	if err != nil {
		b.Fatalf("connect: %v", err)
	}
	if _, err := admin.Exec(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		b.Fatalf("create schema: %v", err)
	}
	b.Cleanup(func() {
		for _, s := range []string{schema, schema + "_river"} {
			if _, err := admin.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+s+" CASCADE"); err != nil {
				b.Errorf("drop schema %s: %v", s, err)
			}
		}
		admin.Close(context.Background())
	})
	u, err := url.Parse(base)
	if err != nil {
		b.Fatalf("TEST_DATABASE_URL does not parse: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), schema
}

func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

// clock is the process clock of the run: it runs at real speed from the
// instant it was last set, so the measured push starts exactly at Monday
// 10:00 and real seconds are Slack's seconds.
type clock struct {
	mu           sync.Mutex
	base, anchor time.Time
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.base, c.anchor = t, time.Now()
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base.Add(time.Since(c.anchor))
}
