package slack_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	slackad "github.com/interviewbot/interviewbot/adapters/slack"
	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
	"github.com/interviewbot/interviewbot/bot"
)

// mustLimitedMessenger is a real Messenger (real waits) on a fake Slack
// that enforces one post per second per channel.
func mustLimitedMessenger(tb testing.TB, fake *fakeslack.Server) *slackad.Messenger {
	tb.Helper()
	m, err := slackad.NewMessenger(slackad.Config{BotToken: fake.BotToken, APIURL: fake.APIURL(), Lang: bot.LangEN},
		slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func slackChannel(id string) *bot.Channel {
	return &bot.Channel{Key: bot.ChannelKey{Platform: bot.PlatformSlack, Workspace: fakeslack.TeamID, ChannelID: id}, Lang: bot.LangEN}
}

// postNumbered posts question n to ch; its text says which one it is.
func postNumbered(ctx context.Context, m *slackad.Messenger, ch *bot.Channel, n int) (string, error) {
	q := &bot.Question{ID: fmt.Sprintf("q%d", n), Topic: "go-runtime", Difficulty: 1,
		Text: bot.Text{EN: fmt.Sprintf("message %d of %s", n, ch.Key.ChannelID)}}
	return m.PostQuestion(ctx, ch, &bot.Post{LocalDate: "2026-03-02"}, q)
}

// checkOncePerChannel checks that every channel got exactly n messages,
// each once, and that no two arrived less than a second apart.
func checkOncePerChannel(t *testing.T, fake *fakeslack.Server, channels []string, n int) {
	t.Helper()
	for _, ch := range channels {
		msgs := fake.Messages(fakeslack.PostedIn(ch))
		seen := map[string]int{}
		for i, m := range msgs {
			_, body, _ := strings.Cut(m.Text, ": ")
			seen[body]++
			if i > 0 {
				if gap := m.At.Sub(msgs[i-1].At); gap < time.Second {
					t.Errorf("%s: messages %d and %d arrived %v apart, want at least 1s", ch, i-1, i, gap)
				}
			}
		}
		for k := range n {
			text := fmt.Sprintf("message %d of %s", k, ch)
			if seen[text] != 1 {
				t.Errorf("%s: %q arrived %d times, want once", ch, text, seen[text])
			}
		}
		if len(msgs) != n {
			t.Errorf("%s: %d messages, want %d", ch, len(msgs), n)
		}
	}
}

// TestMessengerPacesEachChannel sends three messages to each of twenty
// channels at once through one Messenger: every message arrives once, a
// second apart per channel, and the fake never has to refuse one.
func TestMessengerPacesEachChannel(t *testing.T) {
	t.Parallel()
	fake := fakeslack.New(t)
	fake.LimitPostsPerChannel(time.Second)
	m := mustLimitedMessenger(t, fake)
	ctx := context.Background()
	const channels, perChannel = 20, 3
	var ids []string
	var wg sync.WaitGroup
	for c := range channels {
		id := fmt.Sprintf("C%03d", c)
		ids = append(ids, id)
		for n := range perChannel {
			wg.Go(func() {
				if _, err := postNumbered(ctx, m, slackChannel(id), n); err != nil {
					t.Errorf("post %d to %s: %v", n, id, err)
				}
			})
		}
	}
	wg.Wait()
	if got := fake.Throttled(); got != 0 {
		t.Errorf("the fake answered 429 %d times, want 0: the pacer should keep under the limit", got)
	}
	checkOncePerChannel(t, fake, ids, perChannel)
}

// TestMessengerRetriesA429Once: two replicas (two Messengers, two pacers)
// post to one channel at the same moment. Slack refuses the second with 429
// and Retry-After: 1; it is sent again after the wait and arrives once.
func TestMessengerRetriesA429Once(t *testing.T) {
	t.Parallel()
	fake := fakeslack.New(t)
	fake.LimitPostsPerChannel(time.Second)
	a, b := mustLimitedMessenger(t, fake), mustLimitedMessenger(t, fake)
	ctx := context.Background()
	ch := slackChannel("C1")
	if _, err := postNumbered(ctx, a, ch, 0); err != nil {
		t.Fatalf("first post: %v", err)
	}
	start := time.Now()
	ts, err := postNumbered(ctx, b, ch, 1)
	if err != nil || ts == "" {
		t.Fatalf("second post = %q, %v; want it posted after the 429", ts, err)
	}
	if waited := time.Since(start); waited < time.Second/2 {
		t.Errorf("second post returned after %v; want it to have waited out Retry-After", waited)
	}
	if got, want := fake.Throttled(), 1; got != want {
		t.Errorf("429s = %d, want %d", got, want)
	}
	if got, want := fake.Calls("chat.postMessage"), 3; got != want {
		t.Errorf("chat.postMessage calls = %d, want %d (two posts and one retry)", got, want)
	}
	checkOncePerChannel(t, fake, []string{"C1"}, 2)
}
