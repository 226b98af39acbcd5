package slack

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// manualClock is a clock that moves only when told: a pacer's sleep
// advances it, and a send may advance it to stand for the request's latency.
type manualClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func (c *manualClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *manualClock) sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.t = c.t.Add(d)
	return nil
}

func (c *manualClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

func TestPacerSpacesAChannelFromTheEndOfItsLastSend(t *testing.T) {
	clk := &manualClock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	p := newPacer(time.Second, 5*time.Second, clk.now, clk.sleep)
	ctx := context.Background()
	latency := 40 * time.Millisecond
	var sentAt []time.Time
	send := func() error { sentAt = append(sentAt, clk.now()); clk.advance(latency); return nil }

	steps := []struct {
		name      string
		channel   string
		before    time.Duration // clock moves this much before the call
		wantSleep time.Duration // 0: no wait
	}{
		{"first message of C1 goes at once", "C1", 0, 0},
		{"second message of C1 waits a second after the first came back", "C1", 0, time.Second},
		{"C2 does not wait for C1", "C2", 0, 0},
		{"C1 after part of the second has passed waits the rest", "C1", 300 * time.Millisecond, 700*time.Millisecond - latency},
		{"C1 after more than a second goes at once", "C1", 2 * time.Second, 0},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			clk.advance(s.before)
			n := len(clk.slept())
			if err := p.do(ctx, s.channel, send); err != nil {
				t.Fatalf("do: %v", err)
			}
			got := clk.slept()[n:]
			switch {
			case s.wantSleep == 0 && len(got) != 0:
				t.Errorf("slept %v, want no wait", got)
			case s.wantSleep != 0 && (len(got) != 1 || got[0] != s.wantSleep):
				t.Errorf("slept %v, want [%v]", got, s.wantSleep)
			}
		})
	}
}

func TestPacerConcurrentSendsToOneChannelAreSpacedOthersAreNot(t *testing.T) {
	clk := &manualClock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	p := newPacer(time.Second, 5*time.Second, clk.now, clk.sleep)
	ctx := context.Background()
	var mu sync.Mutex
	sent := map[string][]time.Time{}
	var inFlight, maxInFlight int
	send := func(ch string) func() error {
		return func() error {
			mu.Lock()
			sent[ch] = append(sent[ch], clk.now())
			if ch == "C1" {
				inFlight++
				maxInFlight = max(maxInFlight, inFlight)
			}
			mu.Unlock()
			clk.advance(10 * time.Millisecond)
			mu.Lock()
			if ch == "C1" {
				inFlight--
			}
			mu.Unlock()
			return nil
		}
	}
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if err := p.do(ctx, "C1", send("C1")); err != nil {
				t.Errorf("do C1: %v", err)
			}
		})
	}
	wg.Wait()
	if maxInFlight != 1 {
		t.Errorf("%d sends to C1 were in flight at once, want 1", maxInFlight)
	}
	if got := len(sent["C1"]); got != 5 {
		t.Fatalf("C1 got %d sends, want 5", got)
	}
	for i := 1; i < len(sent["C1"]); i++ {
		if gap := sent["C1"][i].Sub(sent["C1"][i-1]); gap < time.Second {
			t.Errorf("C1 sends %d and %d are %v apart, want at least 1s", i-1, i, gap)
		}
	}
	// Twenty other channels, one message each, right after C1's burst:
	// none of them waits.
	before := len(clk.slept())
	for i := range 20 {
		ch := fmt.Sprintf("C%02d", i+2)
		wg.Go(func() {
			if err := p.do(ctx, ch, send(ch)); err != nil {
				t.Errorf("do %s: %v", ch, err)
			}
		})
	}
	wg.Wait()
	if got := clk.slept()[before:]; len(got) != 0 {
		t.Errorf("first messages of other channels waited %v, want no wait", got)
	}
}

func TestPacerForgetsIdleChannels(t *testing.T) {
	clk := &manualClock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	p := newPacer(time.Second, 5*time.Second, clk.now, clk.sleep)
	ctx := context.Background()
	for i := range 100 {
		if err := p.do(ctx, fmt.Sprintf("C%03d", i), func() error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if got := p.size(); got != 100 {
		t.Fatalf("remembers %d channels, want 100", got)
	}
	clk.advance(10 * time.Second)
	if err := p.do(ctx, "CNEW", func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := p.size(); got != 1 {
		t.Errorf("after 10s idle remembers %d channels, want 1 (the new one)", got)
	}
}

func TestPacerStopsWaitingWhenTheContextEnds(t *testing.T) {
	p := newPacer(time.Second, 5*time.Second, time.Now, sleepCtx)
	hold := make(chan struct{})
	started := make(chan struct{})
	go p.do(context.Background(), "C1", func() error { close(started); <-hold; return nil })
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sent := false
	err := p.do(ctx, "C1", func() error { sent = true; return nil })
	close(hold)
	if err == nil || sent {
		t.Errorf("do with an ended context while C1 is busy: err %v, sent %v; want the context's error and no send", err, sent)
	}
}
