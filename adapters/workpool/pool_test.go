package workpool

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAdmission(t *testing.T) {
	tests := []struct {
		name           string
		workers, queue int
		want           int // how many Reserve calls succeed on a blocked pool
	}{
		{"one worker, no queue", 1, 0, 1},
		{"one worker, queue of two", 1, 2, 3},
		{"four workers, queue of four", 4, 4, 8},
		{"nonsense sizes fall back to one worker", 0, -3, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New("test", tt.workers, tt.queue, nil)
			block := make(chan struct{})
			got := 0
			for p.Reserve() {
				got++
				p.Run("block", func(context.Context) { <-block })
				if got > 100 {
					t.Fatal("Reserve never refused")
				}
			}
			if got != tt.want {
				t.Errorf("admitted %d, want %d", got, tt.want)
			}
			close(block)
			if err := p.Shutdown(context.Background()); err != nil {
				t.Fatalf("Shutdown: %v", err)
			}
		})
	}
}

func TestQueuedWorkRunsInOrder(t *testing.T) {
	p := New("test", 1, 10, nil)
	var mu sync.Mutex
	var order []int
	for i := range 10 {
		if !p.Reserve() {
			t.Fatalf("Reserve %d refused", i)
		}
		p.Run("n", func(context.Context) { mu.Lock(); order = append(order, i); mu.Unlock() })
	}
	p.Wait()
	for i, n := range order {
		if n != i {
			t.Fatalf("order = %v, want 0..9", order)
		}
	}
	if len(order) != 10 {
		t.Fatalf("ran %d, want 10", len(order))
	}
	_ = p.Shutdown(context.Background())
}

func TestShutdownWaitsForQueuedAndRunningWork(t *testing.T) {
	p := New("test", 1, 1, nil)
	release := make(chan struct{})
	var mu sync.Mutex
	ran := 0
	for range 2 {
		if !p.Reserve() {
			t.Fatal("Reserve refused")
		}
		p.Run("w", func(context.Context) { <-release; mu.Lock(); ran++; mu.Unlock() })
	}
	if p.Reserve() {
		t.Fatal("a pool of one worker and one queued should take no more")
	}
	done := make(chan error, 1)
	go func() { done <- p.Shutdown(context.Background()) }()
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if p.Reserve() {
		t.Error("Reserve succeeded after Shutdown, on an empty pool")
	}
	mu.Lock()
	defer mu.Unlock()
	if ran != 2 {
		t.Errorf("Shutdown returned with %d of 2 pieces of work done", ran)
	}
}

func TestShutdownCancelsWorkWhenItsContextEnds(t *testing.T) {
	p := New("test", 1, 0, nil)
	p.Reserve()
	p.Run("stuck", func(ctx context.Context) { <-ctx.Done() })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.Shutdown(ctx); err != context.Canceled {
		t.Errorf("Shutdown = %v, want context.Canceled after cancelling the stuck work", err)
	}
	if p.Context().Err() == nil {
		t.Error("the work context is still live after Shutdown gave up")
	}
}

func TestPanicIsLoggedAndFreesTheSlot(t *testing.T) {
	var logs bytes.Buffer
	var mu sync.Mutex
	log := slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))
	p := New("Slack", 1, 0, log)
	p.Reserve()
	p.Run("boom", func(context.Context) { panic("bad delivery") })
	p.Wait()
	if !p.Reserve() {
		t.Fatal("the slot of the panicking work was not given back")
	}
	p.Release()
	mu.Lock()
	got := logs.String()
	mu.Unlock()
	if !strings.Contains(got, "panic in Slack work") || !strings.Contains(got, "bad delivery") {
		t.Errorf("log = %q, want the panic with its work", got)
	}
	_ = p.Shutdown(context.Background())
}

func TestReserveWait(t *testing.T) {
	p := New("test", 1, 0, nil)
	release := make(chan struct{})
	p.Reserve()
	p.Run("hold", func(context.Context) { <-release })

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if p.ReserveWait(ctx) {
		t.Fatal("ReserveWait admitted work to a full pool")
	}
	got := make(chan bool, 1)
	go func() { got <- p.ReserveWait(context.Background()) }()
	close(release)
	if !<-got {
		t.Fatal("ReserveWait did not get the slot freed by the finished work")
	}
	p.Release()
	_ = p.Shutdown(context.Background())
	if p.ReserveWait(context.Background()) {
		t.Error("ReserveWait admitted work after Shutdown")
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
