package main

// Multi-process tests of `interviewbot serve` on PostgreSQL: three replicas
// on one database under a fast simulated clock, killed with SIGKILL at
// random and restarted, post every scheduled question and reveal exactly
// once.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
	"github.com/interviewbot/interviewbot/bot"
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
