package fakeslack_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
)

// TestLimitPostsPerChannel: with the limit on, a second message to a
// channel within the second gets 429 with Retry-After in whole seconds
// (which slack-go turns into *slack.RateLimitedError) and is not stored;
// another channel is not affected; once the second has passed the channel
// accepts again. Arrival times come from the fake's clock.
func TestLimitPostsPerChannel(t *testing.T) {
	fake := fakeslack.New(t)
	var mu sync.Mutex
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	fake.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	fake.LimitPostsPerChannel(time.Second)
	c := slack.New(fake.BotToken, slack.OptionAPIURL(fake.APIURL()))
	post := func(ch, text string) error {
		_, _, err := c.PostMessage(ch, slack.MsgOptionText(text, false))
		return err
	}
	steps := []struct {
		name       string
		advance    time.Duration
		channel    string
		text       string
		retryAfter time.Duration // 0: accepted
	}{
		{"first message to C1", 0, "C1", "one", 0},
		{"C1 again at once", 0, "C1", "two", time.Second},
		{"C2 is not limited by C1", 0, "C2", "other", 0},
		{"C1 a tenth of a second short of the second", 900 * time.Millisecond, "C1", "three", time.Second},
		{"C1 a second after its last message", 100 * time.Millisecond, "C1", "four", 0},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			advance(s.advance)
			err := post(s.channel, s.text)
			var rl *slack.RateLimitedError
			switch {
			case s.retryAfter == 0 && err != nil:
				t.Fatalf("post = %v, want accepted", err)
			case s.retryAfter != 0 && !errors.As(err, &rl):
				t.Fatalf("post = %v, want *slack.RateLimitedError", err)
			case s.retryAfter != 0 && rl.RetryAfter != s.retryAfter:
				t.Fatalf("Retry-After = %v, want %v", rl.RetryAfter, s.retryAfter)
			}
		})
	}
	var got []string
	for _, m := range fake.Messages(fakeslack.PostedIn("C1")) {
		got = append(got, m.Text+"@"+m.At.Format("05.000"))
	}
	if want := []string{"one@00.000", "four@01.000"}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("C1 holds %v, want %v", got, want)
	}
	if got, want := fake.Throttled(), 2; got != want {
		t.Errorf("Throttled = %d, want %d", got, want)
	}
	if got := len(fake.Messages(fakeslack.PostedIn("C2"))); got != 1 {
		t.Errorf("C2 holds %d messages, want 1", got)
	}
}
