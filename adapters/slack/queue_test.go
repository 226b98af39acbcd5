package slack_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	slackad "github.com/interviewbot/interviewbot/adapters/slack"
	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
	"github.com/interviewbot/interviewbot/bot"
)

// heldDaily blocks Stats until released, so commands pile up behind it.
type heldDaily struct {
	slackad.Daily
	release chan struct{}
}

func (d heldDaily) Stats(ctx context.Context, m bot.MemberKey) (*bot.MemberStats, error) {
	<-d.release
	return d.Daily.Stats(ctx, m)
}

// TestCommandsQueueBehindBusyWorkers: commands beyond the workers wait in
// the queue and all run; only when the queue is full too is a command
// answered "busy", and that one never runs.
func TestCommandsQueueBehindBusyWorkers(t *testing.T) {
	release := make(chan struct{})
	h := MustHarness(t, func(c *slackad.Config, d *slackad.Deps) {
		c.Workers, c.Queue = 1, 2
		d.Daily = heldDaily{Daily: d.Daily, release: release}
	})
	var replies []string
	for i, user := range []string{"U1", "U2", "U3", "U4"} {
		code, body := h.command("/interview", "stats", user, "C1")
		if code != http.StatusOK {
			t.Fatalf("command %d: status %d, want 200 (busy or not, Slack gets an answer)", i, code)
		}
		replies = append(replies, body)
	}
	for i, body := range replies[:3] {
		if strings.Contains(body, "busy") {
			t.Errorf("command %d (one worker + two queued) answered busy: %s", i, body)
		}
	}
	if !strings.Contains(replies[3], "busy") {
		t.Errorf("the fourth command, with the worker and the queue full, got %q; want the busy reply", replies[3])
	}
	close(release)
	for _, user := range []string{"U1", "U2", "U3"} {
		h.fake.Wait(5*time.Second, "stats for "+user, func(s *fakeslack.Server) bool { return len(s.Messages(fakeslack.EphemeralTo(user))) == 1 })
	}
	if got := h.fake.Messages(fakeslack.EphemeralTo("U4")); len(got) != 0 {
		t.Errorf("U4, answered busy, still got %d private replies", len(got))
	}
}
