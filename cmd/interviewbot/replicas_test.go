package main

// Multi-process tests of `interviewbot serve` on PostgreSQL: three replicas
// on one database under a fast simulated clock, killed with SIGKILL at
// random and restarted, post every scheduled question and reveal exactly
// once; and a PostgreSQL restart while answers arrive over signed HTTP loses
// no answer a process acknowledged with 200.

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/postgres"
)

// replicaChannels are the channels of the kill test: zones from UTC-8 to
// UTC+13 (and a half-hour one), so local days turn over at many instants.
// Questions go out at 00:30 and are revealed at 12:00 local, every day.
var replicaChannels = []struct{ id, zone string }{
	{"C1", "UTC"}, {"C2", "America/Los_Angeles"}, {"C3", "America/New_York"},
	{"C4", "Asia/Kolkata"}, {"C5", "Asia/Shanghai"}, {"C6", "Pacific/Auckland"},
}

const (
	replicaSpeed = 1800 // simulated seconds per real second
	// replicaLeaderGap is the longest a crashed River leader leaves the
	// replicas without a leader (hence without the tick): its lease (5s
	// election interval + 10s padding) plus an election interval with
	// jitter. At replicaSpeed it is 10.5 simulated hours, less than the
	// 12-hour reveal catch-up and the 23.5 hours a question may be late, so
	// no post may legitimately be skipped.
	replicaLeaderGap = 21 * time.Second
)

// simClock is the one simulated clock every replica shares: each process
// is started with the simulated instant of its own start.
type simClock struct {
	start     time.Time
	realStart time.Time
	speed     float64
}

func (c simClock) now() time.Time {
	return c.start.Add(time.Duration(float64(time.Since(c.realStart)) * c.speed))
}

func (c simClock) env() string {
	return fmt.Sprintf("%s*%g", c.now().UTC().Format(time.RFC3339Nano), c.speed)
}

// replicaEnv is the environment of one replica started now.
func replicaEnv(t *testing.T, db serveDB, fake *fakeslack.Server, clk simClock, cfgFile string) []string {
	return e2eEnv(append([]string{
		EnvSlackBotToken + "=" + fake.BotToken, EnvSlackSecret + "=" + testSigningSecret, EnvSlackAPIURL + "=" + fake.APIURL(),
		EnvConfigFile + "=" + cfgFile, EnvTestClock + "=" + clk.env(), EnvTick + "=1s", EnvShutdownTimeout + "=5s",
		"INTERVIEWBOT_LANG=en",
	}, db.vars...)...)
}

func writeReplicaConfig(t *testing.T, post, reveal string, chans []struct{ id, zone string }) string {
	var b strings.Builder
	b.WriteString("channels:\n")
	for _, c := range chans {
		// Leaderboards on Sundays, which the simulated days never reach.
		fmt.Fprintf(&b, "  - {platform: slack, workspace: %s, channel: %s, name: %s, lang: en, timezone: %s, post: %q, reveal: %q, leaderboard: \"0 10 * * 0\"}\n",
			fakeslack.TeamID, c.id, strings.ToLower(c.id), c.zone, post, reveal)
	}
	path := filepath.Join(t.TempDir(), "interviewbot.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// dbVar returns the value of name in db.vars.
func dbVar(t *testing.T, db serveDB, name string) string {
	for _, kv := range db.vars {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return v
		}
	}
	t.Fatalf("%s is not among the database variables", name)
	return ""
}

// TestReplicasKill runs three replicas on one PostgreSQL schema through
// about a simulated day and a half (Monday evening to Wednesday morning
// somewhere, Tuesday to Thursday elsewhere) and SIGKILLs one at random every
// few seconds, restarting it at once. Afterwards every question due by the
// end of the killing and every reveal of a question that closed by then is
// posted, and nothing is posted twice: every bot message in Slack is the
// one recorded for its post.
//
// A kill waits until the replicas have a live River leader again, so a run
// never has two leader failovers back to back (see replicaLeaderGap).
func TestReplicasKill(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process test: about a minute; runs without -short")
	}
	db := MustPostgresDB(t)
	st := db.open(t)
	fake := fakeslack.New(t)
	cfgFile := writeReplicaConfig(t, "30 0 * * *", "0 12 * * *", replicaChannels)
	clk := simClock{start: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), realStart: time.Now(), speed: replicaSpeed}
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill schedule seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 9))

	procs := make([]*serveProc, 3)
	for i := range procs {
		procs[i] = startServe(t, replicaEnv(t, db, fake, clk, cfgFile))
	}
	leader := mustConnectRiver(t, db)
	killUntil := time.Now().Add(50 * time.Second)
	kills := 0
	for time.Now().Before(killUntil) {
		time.Sleep(time.Duration(1000+rng.IntN(3000)) * time.Millisecond)
		i := rng.IntN(len(procs))
		if err := procs[i].cmd.Process.Kill(); err != nil {
			t.Fatalf("kill replica %d: %v", i, err)
		}
		<-procs[i].done
		killed := time.Now()
		kills++
		procs[i] = startServe(t, replicaEnv(t, db, fake, clk, cfgFile))
		leader.waitRenewedAfter(t, killed)
		leader.waitTickAfter(t, killed)
	}
	end := clk.now()
	t.Logf("%d kills; simulated %s to %s", kills, clk.start.Format(time.DateTime), end.Format(time.DateTime))

	chans := replicaChannelIDs(t, st)
	want := expectedQuestions(t, clk.start, end)
	settle := time.Now().Add(40 * time.Second)
	for {
		missing := missingPosts(t, st, chans, want, end)
		if len(missing) == 0 {
			break
		}
		if time.Now().After(settle) {
			t.Fatalf("after the kills these posts never went out: %v\n%s", missing, leader.explain(t, st, chans, missing))
		}
		time.Sleep(250 * time.Millisecond)
	}
	for _, p := range procs {
		p.cmd.Process.Kill()
		<-p.done
	}
	checkNoDuplicates(t, st, fake, chans, clk.start, clk.now())
}

// riverLeader watches River's leader table.
type riverLeader struct {
	conn  *pgx.Conn
	table string
}

func mustConnectRiver(t *testing.T, db serveDB) *riverLeader {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dbVar(t, db, "DATABASE_URL"))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return &riverLeader{conn: conn, table: pgx.Identifier{dbVar(t, db, EnvJobsSchema), "river_leader"}.Sanitize()}
}

// waitRenewedAfter waits until a leader's lease was taken or renewed after
// the instant of a kill, that is until a live leader exists: a dead leader's
// lease ends at most 15s after its last renewal, a live one's is pushed
// forward every 5s.
func (l *riverLeader) waitRenewedAfter(t *testing.T, killed time.Time) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var expires *time.Time
		err := l.conn.QueryRow(context.Background(), "SELECT max(expires_at) FROM "+l.table).Scan(&expires)
		if err != nil {
			t.Fatalf("read River's leader: %v", err)
		}
		if expires != nil && expires.After(killed.Add(15*time.Second+time.Second)) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no River leader a minute after a kill (lease ends %v)", expires)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitTickAfter waits until a tick that began after the kill has run: the
// failover is over only once a leader has looked for due posts again. A
// lease alone is not enough: on a loaded machine the next kill could take
// the new leader down before its first tick, and two failovers back to back
// (each up to replicaLeaderGap, 10.5 simulated hours) would outlast a
// reveal's window and skip it legitimately.
func (l *riverLeader) waitTickAfter(t *testing.T, killed time.Time) {
	t.Helper()
	jobs := strings.Replace(l.table, "river_leader", "river_job", 1)
	deadline := time.Now().Add(60 * time.Second)
	for {
		var n int
		err := l.conn.QueryRow(context.Background(), "SELECT count(*) FROM "+jobs+
			" WHERE kind = 'tick' AND state = 'completed' AND attempted_at > $1", killed).Scan(&n)
		if err != nil {
			t.Fatalf("read River's ticks: %v", err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no tick ran in the minute after a kill")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// explain says what the database knows about missing posts: the post row
// and River's jobs for its key.
func (l *riverLeader) explain(t *testing.T, st adminStore, chans map[string]*bot.Channel, missing []postKey) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	jobs := strings.Replace(l.table, "river_leader", "river_job", 1)
	for _, k := range missing {
		ch := chans[k.channel]
		p, err := st.FindPostByKey(ctx, ch.ID, k.kind, k.date)
		fmt.Fprintf(&b, "%v: post %+v (%v)\n", k, p, err)
		rows, err := l.conn.Query(ctx, `SELECT id, state, attempt, attempted_at, finalized_at, errors::text FROM `+jobs+`
			WHERE kind = 'post' AND args->>'kind' = $1 AND args->>'local_date' = $2 AND (args->>'channel_id')::bigint = $3`,
			string(k.kind), k.date, ch.ID)
		if err != nil {
			fmt.Fprintf(&b, "  river jobs: %v\n", err)
			continue
		}
		for rows.Next() {
			var id int64
			var state string
			var attempt int
			var attempted, finalized *time.Time
			var errs *string
			if err := rows.Scan(&id, &state, &attempt, &attempted, &finalized, &errs); err != nil {
				fmt.Fprintf(&b, "  scan: %v\n", err)
				break
			}
			fmt.Fprintf(&b, "  river job %d: %s, attempt %d, attempted %v, finalized %v, errors %v\n", id, state, attempt, attempted, finalized, errs)
		}
		rows.Close()
	}
	var leader string
	var elected, expires time.Time
	err := l.conn.QueryRow(ctx, "SELECT leader_id, elected_at, expires_at FROM "+l.table).Scan(&leader, &elected, &expires)
	fmt.Fprintf(&b, "River leader %s elected %v, lease until %v (now %v, err %v)\n", leader, elected, expires, time.Now().UTC(), err)
	rows, err := l.conn.Query(ctx, "SELECT kind, state::text, count(*), min(created_at), max(created_at) FROM "+jobs+" GROUP BY 1, 2 ORDER BY 1, 2")
	if err == nil {
		for rows.Next() {
			var kind, state string
			var n int
			var first, last time.Time
			if rows.Scan(&kind, &state, &n, &first, &last) == nil {
				fmt.Fprintf(&b, "  jobs %s %s: %d, created %s to %s\n", kind, state, n, first.Format("15:04:05.000"), last.Format("15:04:05.000"))
			}
		}
		rows.Close()
	}
	return b.String()
}

func replicaChannelIDs(t *testing.T, st adminStore) map[string]*bot.Channel {
	t.Helper()
	list, err := st.ListChannels(context.Background())
	if err != nil {
		t.Fatalf("list channels: %v", err)
	}
	out := map[string]*bot.Channel{}
	for _, c := range list {
		out[c.Key.ChannelID] = c
	}
	if len(out) != len(replicaChannels) {
		t.Fatalf("%d channels stored, want %d", len(out), len(replicaChannels))
	}
	return out
}

// postKey names one post.
type postKey struct {
	channel string
	kind    bot.PostKind
	date    string
}

// expectedQuestions lists the question of every channel for each local
// date whose 00:30 came during the run, by end. (A question whose time had
// passed before the run may still go out the same day, but its window is
// only what is left of that day, which a leader failover can outlast: it is
// checked for duplicates, not required.)
func expectedQuestions(t *testing.T, start, end time.Time) []postKey {
	t.Helper()
	var out []postKey
	for _, c := range replicaChannels {
		loc, err := time.LoadLocation(c.zone)
		if err != nil {
			t.Fatal(err)
		}
		s := start.In(loc)
		for d := time.Date(s.Year(), s.Month(), s.Day(), 0, 30, 0, 0, loc); !d.After(end); d = d.AddDate(0, 0, 1) {
			if d.Before(start) {
				continue
			}
			out = append(out, postKey{c.id, bot.PostQuestion, d.Format(time.DateOnly)})
		}
	}
	return out
}

// missingPosts returns the expected questions not sent and, for sent
// questions that closed on their own day by end, the reveals not sent.
// (A question caught up after its day's reveal time closes the next day,
// after the next question: its reveal is legitimately never due.)
func missingPosts(t *testing.T, st adminStore, chans map[string]*bot.Channel, want []postKey, end time.Time) []postKey {
	t.Helper()
	ctx := context.Background()
	var missing []postKey
	for _, k := range want {
		ch := chans[k.channel]
		q, err := st.FindPostByKey(ctx, ch.ID, bot.PostQuestion, k.date)
		if bot.ErrorCode(err) == bot.ENOTFOUND || (err == nil && !q.Sent()) {
			missing = append(missing, k)
			continue
		}
		if err != nil {
			t.Fatalf("find %v: %v", k, err)
		}
		loc, _ := time.LoadLocation(ch.Timezone)
		if q.ClosesAt.After(end) || q.ClosesAt.In(loc).Format(time.DateOnly) != k.date {
			continue
		}
		r, err := st.FindPostByKey(ctx, ch.ID, bot.PostReveal, k.date)
		if bot.ErrorCode(err) == bot.ENOTFOUND || (err == nil && !r.Sent()) {
			missing = append(missing, postKey{k.channel, bot.PostReveal, k.date})
		} else if err != nil {
			t.Fatalf("find reveal of %v: %v", k, err)
		}
	}
	return missing
}

// checkNoDuplicates compares what Slack shows with the posts the database
// recorded: every top-level bot message in a channel is a recorded
// question, every bot reply in a question's thread its recorded reveal, and
// no post has a second message.
func checkNoDuplicates(t *testing.T, st adminStore, fake *fakeslack.Server, chans map[string]*bot.Channel, from, to time.Time) {
	t.Helper()
	ctx := context.Background()
	for id, ch := range chans {
		refs := map[string]postKey{}
		for d := from.AddDate(0, 0, -1); !d.After(to.AddDate(0, 0, 1)); d = d.AddDate(0, 0, 1) {
			date := d.Format(time.DateOnly)
			for _, kind := range []bot.PostKind{bot.PostQuestion, bot.PostReveal, bot.PostLeaderboard} {
				p, err := st.FindPostByKey(ctx, ch.ID, kind, date)
				if bot.ErrorCode(err) == bot.ENOTFOUND {
					continue
				} else if err != nil {
					t.Fatalf("find %s %s of %s: %v", kind, date, id, err)
				}
				if p.Sent() {
					refs[p.Ref] = postKey{id, kind, date}
				}
			}
		}
		questions, reveals := 0, 0
		for _, m := range fake.Messages(fakeslack.InChannel(id)) {
			k, ok := refs[m.TS]
			switch {
			case !ok:
				t.Errorf("%s: message %s (%.40q) is no recorded post: a duplicate send", id, m.TS, m.Text)
			case k.kind != bot.PostQuestion:
				t.Errorf("%s: top-level message %s is the %s post of %s, want only questions", id, m.TS, k.kind, k.date)
			default:
				questions++
				var replies []string
				for _, r := range fake.Messages(fakeslack.InThread(id, m.TS)) {
					if r.Author == fakeslack.BotUserID {
						replies = append(replies, r.TS)
					}
				}
				reveals += len(replies)
				if len(replies) > 1 {
					t.Errorf("%s: the question of %s has %d bot replies, want one reveal", id, k.date, len(replies))
				}
				for _, r := range replies {
					if rk, ok := refs[r]; !ok || rk != (postKey{id, bot.PostReveal, k.date}) {
						t.Errorf("%s: reply %s under the question of %s is not its recorded reveal (%v)", id, r, k.date, rk)
					}
				}
			}
		}
		if questions == 0 {
			t.Errorf("%s: no question was posted at all", id)
		}
		t.Logf("%s (%s): %d questions, %d reveals", id, ch.Timezone, questions, reveals)
	}
}

// TestReplicasPostgresRestart restarts PostgreSQL twice (its own throwaway
// cluster, started by scripts/postgres.sh) while people answer the day's
// question: answers go as signed Events API callbacks from eight senders,
// alternately to two replicas, and each is retried the way Slack retries
// until it gets a 200. Every answer acknowledged with 200 must end up
// stored and graded.
func TestReplicasPostgresRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process test: about half a minute; runs without -short")
	}
	pg := mustCluster(t)
	db := pg.serveDB()
	st := db.open(t)
	fake := fakeslack.New(t)
	cfgFile := writeReplicaConfig(t, "0 10 * * *", "0 18 * * *", replicaChannels[:1])
	clk := simClock{start: time.Date(2026, 3, 3, 9, 59, 0, 0, time.UTC), realStart: time.Now(), speed: 60}
	procs := []*serveProc{startServe(t, replicaEnv(t, db, fake, clk, cfgFile)), startServe(t, replicaEnv(t, db, fake, clk, cfgFile))}
	fake.Wait(time.Minute, "the question in C1", func(s *fakeslack.Server) bool {
		return len(s.Messages(fakeslack.InChannel("C1"))) == 1
	})
	question := fake.Messages(fakeslack.InChannel("C1"))[0]
	// Slack has the message a moment before the bot records its ts; a reply
	// in that moment is not matched to the question (as in real Slack, where
	// nobody is that fast), so answers start once the post is recorded.
	waitFor(t, procs[0], "the question post recorded as sent", func() bool {
		chans, err := st.ListChannels(context.Background())
		if err != nil || len(chans) != 1 {
			return false
		}
		p, err := st.LatestPost(context.Background(), chans[0].ID, bot.PostQuestion)
		return err == nil && p.Sent() && p.Ref == question.TS
	})

	// Eight senders answer back to back, so several answers are in flight
	// whenever the server stops; it stops twice.
	const people, senders = 320, 8
	restarted := make(chan error, 1)
	go func() {
		time.Sleep(250 * time.Millisecond)
		if err := pg.restart(time.Second); err != nil {
			restarted <- err
			return
		}
		time.Sleep(300 * time.Millisecond)
		restarted <- pg.restart(time.Second)
	}()
	var mu sync.Mutex
	acked := map[string]bool{}
	var wg sync.WaitGroup
	for w := range senders {
		wg.Go(func() {
			for i := w; i < people; i += senders {
				user := fmt.Sprintf("U%03d", i)
				_, ev := fake.UserMessage("C1", "channel", user, "Goroutines are multiplexed onto OS threads by the runtime scheduler.", question.TS)
				if deliverUntilAcked(t, procs[i%2], fmt.Sprintf("Ev-restart-%03d", i), ev) {
					mu.Lock()
					acked[user] = true
					mu.Unlock()
				}
				time.Sleep(30 * time.Millisecond)
			}
		})
	}
	wg.Wait()
	if err := <-restarted; err != nil {
		t.Fatalf("restart PostgreSQL: %v", err)
	}
	if len(acked) != people {
		t.Errorf("%d of %d answers were never acknowledged despite retries", people-len(acked), people)
	}
	var stored, graded map[string]bool
	deadline := time.Now().Add(30 * time.Second)
	for {
		stored, graded = answersOf(t, st)
		if len(lost(acked, graded)) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if l := lost(acked, stored); len(l) > 0 {
		t.Errorf("%d acknowledged answers are not stored after the restart: %v", len(l), l)
		for _, p := range procs {
			for _, u := range l {
				t.Logf("logs about %s:\n%s", u, grepContaining(p.Logs(), "-"+u[1:]+`"`))
			}
		}
	}
	if l := lost(acked, graded); len(l) > 0 {
		t.Errorf("%d acknowledged answers are never graded after the restart: %v", len(l), l)
	}
	if t.Failed() {
		for i, p := range procs {
			t.Logf("replica %d, warnings and errors:\n%s", i, grepContaining(p.Logs(), `"level":"`+"WARN"+`"`)+"\n"+grepContaining(p.Logs(), `"level":"ERROR"`))
		}
	}
	for _, p := range procs {
		p.cmd.Process.Kill()
		<-p.done
	}
}

// deliverUntilAcked posts a signed event callback and retries it (same
// event id, with Slack's retry headers) until a 200, for up to 15s.
func deliverUntilAcked(t *testing.T, p *serveProc, eventID string, inner map[string]any) bool {
	t.Helper()
	body := fakeslack.EventCallback(eventID, inner)
	client := &http.Client{Timeout: 5 * time.Second}
	for attempt := 0; attempt < 50; attempt++ {
		req := fakeslack.SignedRequest(p.base+"/slack/events", testSigningSecret, time.Now(), fakeslack.ContentJSON, body)
		if attempt > 0 {
			req.Header.Set("X-Slack-Retry-Num", fmt.Sprint(attempt))
			req.Header.Set("X-Slack-Retry-Reason", "http_error")
		}
		res, err := client.Do(req)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return true
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	return false
}

// answersOf returns the Slack users with a stored answer and those with a
// graded one.
func answersOf(t *testing.T, st adminStore) (stored, graded map[string]bool) {
	t.Helper()
	rows, err := st.ExportHistory(context.Background(), nil)
	if err != nil {
		// The store's pool may meet a connection the restart closed; the
		// next call gets a fresh one.
		return map[string]bool{}, map[string]bool{}
	}
	stored, graded = map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		if r.Source == "daily" && !r.Withdrawn {
			stored[r.Member.UserID] = true
			if r.Graded {
				graded[r.Member.UserID] = true
			}
		}
	}
	return stored, graded
}

func lost(acked, have map[string]bool) []string {
	var out []string
	for u := range acked {
		if !have[u] {
			out = append(out, u)
		}
	}
	slices.Sort(out)
	return out
}

// grepContaining returns the lines of s that contain sub.
func grepContaining(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// serveDB is the cluster's own database as serve's: the bot in public,
// River in its default schema; the whole cluster goes when the test ends.
func (c *cluster) serveDB() serveDB {
	return serveDB{vars: []string{"DATABASE_URL=" + c.url}, open: func(tb testing.TB) adminStore {
		s, err := postgres.Open(context.Background(), c.url, slog.New(slog.DiscardHandler))
		if err != nil {
			tb.Fatalf("open postgres: %v", err)
		}
		tb.Cleanup(func() { s.Close() })
		return s
	}}
}

// cluster is a throwaway PostgreSQL server of this test alone, so
// restarting it disturbs no other test.
type cluster struct {
	url, dir, bin, port string
}

// mustCluster starts one with scripts/postgres.sh and stops it at the end.
func mustCluster(t *testing.T) *cluster {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "postgres.sh"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("bash", script, "start").Output()
	if err != nil {
		t.Fatalf("scripts/postgres.sh start: %v (is PostgreSQL installed? bash scripts/postgres.sh check says how)", err)
	}
	c := &cluster{}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "export TEST_DATABASE_URL="); ok {
			c.url = strings.Trim(v, "'")
		}
		if v, ok := strings.CutPrefix(line, "export PGTEST_DIR="); ok {
			c.dir = strings.Trim(v, "'")
		}
	}
	if c.url == "" || c.dir == "" {
		t.Fatalf("scripts/postgres.sh start printed no URL or directory:\n%s", out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("bash", script, "stop", c.dir).CombinedOutput(); err != nil {
			t.Errorf("scripts/postgres.sh stop: %v\n%s", err, out)
		}
	})
	u, err := url.Parse(c.url)
	if err != nil {
		t.Fatal(err)
	}
	c.port = u.Port()
	pgctl, err := os.ReadFile(filepath.Join(c.dir, "data", "postmaster.opts"))
	if err != nil {
		t.Fatalf("read postmaster.opts: %v", err)
	}
	// "/usr/lib/postgresql/15/bin/postgres" "-D" ...: the server binary's directory.
	c.bin = filepath.Dir(strings.Trim(strings.Fields(string(pgctl))[0], `"`))
	return c
}

// restart stops the server with a fast shutdown (connections are cut, the
// WAL is flushed: what a service restart does), keeps it down for down and
// starts it again on the same port.
func (c *cluster) restart(down time.Duration) error {
	if err := c.pgctl("stop", "-m", "fast"); err != nil {
		return err
	}
	time.Sleep(down)
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %s -c unix_socket_directories=%s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", c.port, c.dir)
	return c.pgctl("start", "-l", filepath.Join(c.dir, "server.log"), "-o", opts)
}

func (c *cluster) pgctl(args ...string) error {
	args = append([]string{filepath.Join(c.bin, "pg_ctl"), "-D", filepath.Join(c.dir, "data"), "-w", "-t", "60"}, args...)
	var cmd *exec.Cmd
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--"}, args...)...)
	} else {
		cmd = exec.Command(args[0], args[1:]...)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pg_ctl %s: %v\n%s", strings.Join(args[6:], " "), err, out)
	}
	return nil
}
