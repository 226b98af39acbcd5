package wecom

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/robfig/cron/v3"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/grading"
	"github.com/interviewbot/interviewbot/prompts"
	"github.com/interviewbot/interviewbot/storage/postgres"
	"github.com/interviewbot/interviewbot/storage/sqlite"
)

// store is what the end-to-end tests need from a real engine.
type store interface {
	bot.DailyStore
}

// MustSQLite opens the embedded store on a file in the test's temp dir.
func MustSQLite(tb testing.TB) store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "bot.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatalf("open sqlite: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// MustPostgres opens the PostgreSQL store on a fresh schema of
// TEST_DATABASE_URL, dropped when the test ends. Without TEST_DATABASE_URL
// the test fails: PostgreSQL is a supported engine, so it never skips.
func MustPostgres(tb testing.TB) store {
	tb.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		tb.Fatal("TEST_DATABASE_URL is not set: this test needs a PostgreSQL database it may create schemas in.\n" +
			"Run `make test` (it starts a throwaway server), or: eval \"$(bash scripts/postgres.sh start)\"")
	}
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "wecom_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("connect to TEST_DATABASE_URL: %v", err)
	}
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("TEST_DATABASE_URL does not parse: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := postgres.Open(ctx, u.String(), slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatalf("open postgres: %v", err)
	}
	tb.Cleanup(func() {
		s.Close()
		if _, err := admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema: %v", err)
		}
		admin.Close(context.Background())
	})
	return s
}

// engines are the stores every end-to-end test runs on.
var engines = []struct {
	name string
	open func(testing.TB) store
}{{"sqlite", MustSQLite}, {"postgres", MustPostgres}}

// MustBank loads the real question bank.
func MustBank(tb testing.TB) *bot.Bank {
	tb.Helper()
	qs, err := prompts.Load()
	if err != nil {
		tb.Fatalf("load questions: %v", err)
	}
	b, err := bot.NewBank(qs)
	if err != nil {
		tb.Fatalf("bank: %v", err)
	}
	return b
}

// fakeJobs records grading jobs; the test runs them, as a worker would.
type fakeJobs struct {
	mu     sync.Mutex
	grades []int64
}

func (f *fakeJobs) EnqueueGrade(_ context.Context, id int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.grades = append(f.grades, id)
	return nil
}

func (f *fakeJobs) EnqueuePost(context.Context, int64, bot.PostKind, string) error { return nil }

func (f *fakeJobs) EnqueuePosts(context.Context, []bot.DueJob) error { return nil }

func (f *fakeJobs) take() []int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	ids := f.grades
	f.grades = nil
	return ids
}

func parseCron(spec string, loc *time.Location) (bot.CronSpec, error) {
	return cron.ParseStandard("CRON_TZ=" + loc.String() + " " + spec)
}

// world is the adapter wired to the real use cases on a real store.
type world struct {
	*harness
	store store
	daily *bot.Daily
	jobs  *fakeJobs
}

func newWorld(t *testing.T, st store) *world {
	t.Helper()
	bank := MustBank(t)
	grader := grading.NewScorer(nil)
	w := &world{store: st, jobs: &fakeJobs{}}
	clock := &testClock{t: testStart}
	iv, err := bot.NewInterviews(bot.InterviewsConfig{Store: st, Grader: grader, Bank: bank, Now: clock.now})
	if err != nil {
		t.Fatal(err)
	}
	w.harness = newHarnessAt(t, Deps{Interviews: iv, Members: st, Deliveries: st, Channels: st}, clock)
	w.daily, err = bot.NewDaily(bot.DailyConfig{Store: st, Bank: bank, Grader: grader, Jobs: w.jobs, ParseCron: parseCron,
		Messengers: map[string]bot.Messenger{bot.PlatformWeCom: w.a.Messenger()}, Now: w.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	w.a.deps.Daily = w.daily // built after the adapter because it needs its Messenger
	return w
}

// TestDailyScenario: the daily question is pushed to a group; two members
// answer with an @-reply; each gets private feedback; /leaderboard in the
// group shows both. On SQLite and PostgreSQL.
func TestDailyScenario(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			ctx := context.Background()
			w := newWorld(t, eng.open(t))
			if err := w.a.SyncGroups(ctx); err != nil {
				t.Fatalf("SyncGroups: %v", err)
			}
			ch := &bot.Channel{Key: w.a.channelKey(testChatID)}
			if err := w.store.UpsertChannel(ctx, ch); err != nil {
				t.Fatal(err)
			}
			shanghai, _ := time.LoadLocation("Asia/Shanghai")
			post, err := w.daily.PostQuestion(ctx, ch.ID, bot.LocalDate(w.clock.now(), shanghai))
			if err != nil {
				t.Fatalf("PostQuestion: %v", err)
			}
			pushed := w.api.messages("webhook/send", testWebhook)
			if len(pushed) != 1 || !strings.Contains(pushed[0].Content, "每日一题") || !strings.Contains(pushed[0].Content, post.QuestionID) {
				t.Fatalf("group pushes = %+v, want one daily question naming %s", pushed, post.QuestionID)
			}
			if pushed[0].MsgType != "markdown" || post.Ref == "" {
				t.Errorf("push type %q, post ref %q: want markdown and a ref", pushed[0].MsgType, post.Ref)
			}

			w.clock.advance(90 * time.Minute) // 10:30, inside the window
			answers := map[string]string{
				"zhangsan": "我的理解：先说明核心概念和原理，再讲实现细节、适用场景、常见坑和性能取舍，最后结合项目里遇到的问题举例。",
				"lisi":     "I would explain the mechanism first, then the trade-offs, failure modes and how I measured it in production.",
			}
			for i, user := range []string{"zhangsan", "lisi"} {
				MustStatus(t, w.groupSays(user, answers[user], fmt.Sprintf("group-msg-%d", i)), http.StatusOK)
				ack := w.api.messages("aibot/response", fmt.Sprintf("rc-group-msg-%d", i))
				if len(ack) != 1 || !strings.Contains(ack[0].Content, user) {
					t.Errorf("group reply to %s = %+v, want one acknowledgement naming them", user, ack)
				}
				if strings.Contains(contentsOf(ack), answers[user][:12]) {
					t.Errorf("the group acknowledgement repeats %s's answer", user)
				}
			}
			// WeCom redelivers the first answer: nothing happens again.
			MustStatus(t, w.groupSays("zhangsan", answers["zhangsan"], "group-msg-0"), http.StatusOK)

			ids := w.jobs.take()
			if len(ids) != 2 {
				t.Fatalf("grading jobs = %v, want two", ids)
			}
			for _, id := range ids {
				if err := w.daily.GradeAnswer(ctx, id); err != nil {
					t.Fatalf("GradeAnswer(%d): %v", id, err)
				}
			}
			for _, user := range []string{"zhangsan", "lisi"} {
				fb := w.api.messages("message/send", user)
				if len(fb) != 1 || !strings.Contains(fb[0].Content, post.QuestionID) || !strings.Contains(fb[0].Content, "/100") {
					t.Errorf("private feedback to %s = %+v, want one graded review of %s", user, fb, post.QuestionID)
				}
			}

			MustStatus(t, w.groupSays("wangwu", "排行榜", "group-msg-lb"), http.StatusOK)
			board := w.api.messages("aibot/response", "rc-group-msg-lb")
			if len(board) != 1 {
				t.Fatalf("leaderboard replies = %d, want 1", len(board))
			}
			for _, user := range []string{"zhangsan", "lisi"} {
				if !strings.Contains(board[0].Content, user) {
					t.Errorf("leaderboard lacks %s:\n%s", user, board[0].Content)
				}
			}
			if strings.Contains(board[0].Content, "wangwu") {
				t.Errorf("leaderboard lists wangwu, who did not answer:\n%s", board[0].Content)
			}

			// /stats from the group goes to the member privately.
			MustStatus(t, w.groupSays("lisi", "我的成绩", "group-msg-stats"), http.StatusOK)
			if got := w.api.messages("message/send", "lisi"); len(got) != 2 || !strings.Contains(got[1].Content, "作答 1 次") {
				t.Errorf("lisi's private messages = %+v, want the feedback and then stats with one answer", got)
			}
		})
	}
}

// TestMockInterviewDirectChat: a mock interview in the app's direct chat,
// from 模拟面试 through a hint, a skip and answers to the report, every
// step sent privately as app markdown within WeCom's limit.
func TestMockInterviewDirectChat(t *testing.T) {
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			w := newWorld(t, eng.open(t))
			n := 0
			say := func(text string) []sentMessage {
				t.Helper()
				before := len(w.api.messages("message/send", "zhaoliu"))
				n++
				MustStatus(t, w.appSays("zhaoliu", text, fmt.Sprintf("7100000000000000%03d", n)), http.StatusOK)
				w.clock.advance(time.Minute)
				return w.api.messages("message/send", "zhaoliu")[before:]
			}
			first := say("模拟面试")
			if len(first) == 0 || !strings.Contains(first[0].Content, "模拟面试 #") || !strings.Contains(first[0].Content, "问题 1/") {
				t.Fatalf("first step = %+v, want the start banner and question 1", first)
			}
			if hint := contentsOf(say("提示")); !strings.Contains(hint, "💡") {
				t.Errorf("hint step = %q, want a hint", hint)
			}
			if skip := contentsOf(say("跳过")); !strings.Contains(skip, "已跳过") || !strings.Contains(skip, "问题 2/") {
				t.Errorf("skip step = %q, want the skip and question 2", skip)
			}
			var last []sentMessage
			for range bot.MaxQuestions + 1 {
				last = say("我会先讲清楚原理，再说明实现、复杂度和边界情况，并结合线上排障经验给出取舍与监控指标。")
				if strings.Contains(contentsOf(last), "模拟面试报告") {
					break
				}
			}
			report := contentsOf(last)
			for _, want := range []string{"模拟面试报告", "综合评分", "面试结果", "成长建议", "面试官点评"} {
				if !strings.Contains(report, want) {
					t.Errorf("final step lacks %q:\n%s", want, report)
				}
			}
			if len(last) < 2 {
				t.Errorf("the final step came as %d message(s) (%d bytes); want it split into several", len(last), len(report))
			}
			for i, m := range last {
				if m.MsgType != "markdown" || len(m.Content) > maxAppMarkdown {
					t.Errorf("part %d: %s of %d bytes, want markdown within %d", i, m.MsgType, len(m.Content), maxAppMarkdown)
				}
			}
			if got := contentsOf(say("继续说点别的")); !strings.Contains(got, "没有进行中的模拟面试") {
				t.Errorf("after the report, an answer gets %q; want the no-interview notice", got)
			}
		})
	}
}
