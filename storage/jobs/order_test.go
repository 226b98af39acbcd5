package jobs

import (
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

// TestPostPriorityInterleavesChannels: questions are fetched before
// reveals, reveals before leaderboards, so a channel's messages are spread
// over the whole push instead of queued back to back.
func TestPostPriorityInterleavesChannels(t *testing.T) {
	order := []bot.PostKind{bot.PostQuestion, bot.PostReveal, bot.PostLeaderboard}
	for i, kind := range order {
		got := postArgs{Kind_: string(kind)}.InsertOpts().Priority
		if got < 1 || got > 4 {
			t.Errorf("%s: priority %d, River takes 1 to 4", kind, got)
		}
		if i > 0 {
			if prev := (postArgs{Kind_: string(order[i-1])}).InsertOpts().Priority; got <= prev {
				t.Errorf("%s: priority %d, want it fetched after %s (%d)", kind, got, order[i-1], prev)
			}
		}
	}
	if got := (postArgs{Kind_: string(bot.PostQuestion)}).InsertOpts().Priority; got != 1 {
		t.Errorf("question priority %d, want 1 (River's default, shared with grading)", got)
	}
}
