package llm

import "sync"

// flights lets concurrent gradings of the same answer share one model call:
// a redelivery that arrives while the first delivery is still being graded
// waits for it and then reads the cache instead of paying again.
type flights struct {
	mu      sync.Mutex
	running map[cacheKey]*flight
}

type flight struct {
	done    chan struct{}
	waiters int
}

// start returns nil when the caller leads the grading of k (and must call
// finish), or the flight to wait for.
func (f *flights) start(k cacheKey) *flight {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl, ok := f.running[k]; ok {
		fl.waiters++
		return fl
	}
	if f.running == nil {
		f.running = map[cacheKey]*flight{}
	}
	f.running[k] = &flight{done: make(chan struct{})}
	return nil
}

func (f *flights) finish(k cacheKey) {
	f.mu.Lock()
	defer f.mu.Unlock()
	close(f.running[k].done)
	delete(f.running, k)
}

// waiting returns how many callers wait for k, for tests.
func (f *flights) waiting(k cacheKey) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl, ok := f.running[k]; ok {
		return fl.waiters
	}
	return 0
}
