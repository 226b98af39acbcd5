package wecom

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// flakyDaily fails SubmitAnswer with EUNAVAILABLE a set number of times,
// as the store does while PostgreSQL restarts, then passes calls through.
type flakyDaily struct {
	Daily
	mu    sync.Mutex
	fails int
	calls int
}

func (f *flakyDaily) SubmitAnswer(ctx context.Context, in bot.Incoming) (*bot.Answer, error) {
	f.mu.Lock()
	f.calls++
	fail := f.calls <= f.fails
	f.mu.Unlock()
	if fail {
		return nil, bot.Errorf(bot.EUNAVAILABLE, "The database cannot be reached right now.")
	}
	return f.Daily.SubmitAnswer(ctx, in)
}

// TestGroupAnswerSurvivesAnOutage: WeCom is answered 200 before the answer
// is stored, so an outage of the store must be waited out, not turned into
// a lost answer; and an outage longer than the backoff says so.
func TestGroupAnswerSurvivesAnOutage(t *testing.T) {
	tests := []struct {
		name      string
		fails     int
		wantStore bool
	}{
		{name: "two failed attempts", fails: 2, wantStore: true},
		{name: "outage outlasts the backoff", fails: 100, wantStore: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			w := newWorld(t, engines[0].open(t))
			if err := w.a.SyncGroups(ctx); err != nil {
				t.Fatalf("SyncGroups: %v", err)
			}
			ch := &bot.Channel{Key: w.a.channelKey(testChatID)}
			if err := w.store.UpsertChannel(ctx, ch); err != nil {
				t.Fatal(err)
			}
			shanghai, _ := time.LoadLocation("Asia/Shanghai")
			if _, err := w.daily.PostQuestion(ctx, ch.ID, bot.LocalDate(w.clock.now(), shanghai)); err != nil {
				t.Fatalf("PostQuestion: %v", err)
			}
			w.clock.advance(30 * time.Minute)
			flaky := &flakyDaily{Daily: w.daily, fails: tt.fails}
			w.a.deps.Daily = flaky

			MustStatus(t, w.groupSays("zhangsan", "goroutine 的栈初始很小，按需增长；调度由 GMP 模型完成。", "outage-1"), http.StatusOK)

			ack := w.api.messages("aibot/response", "rc-outage-1")
			jobs := w.jobs.take()
			if tt.wantStore {
				if flaky.calls != tt.fails+1 || len(jobs) != 1 {
					t.Errorf("SubmitAnswer calls = %d, grading jobs = %v; want %d calls and one job", flaky.calls, jobs, tt.fails+1)
				}
				if len(ack) != 1 || !strings.Contains(ack[0].Content, "zhangsan") {
					t.Errorf("group replies = %+v, want one acknowledgement naming zhangsan", ack)
				}
			} else {
				want := len(bot.UnavailableBackoff()) + 1
				if flaky.calls != want || len(jobs) != 0 {
					t.Errorf("SubmitAnswer calls = %d, grading jobs = %v; want %d calls and none", flaky.calls, jobs, want)
				}
				if len(ack) != 1 || !strings.Contains(ack[0].Content, msgFailed.In(bot.LangZH)) {
					t.Errorf("group replies = %+v, want one saying it failed", ack)
				}
			}
			var waited time.Duration
			for _, d := range w.recordedSleeps() {
				waited += d
			}
			if waited == 0 {
				t.Errorf("no wait between attempts recorded")
			}
		})
	}
}
