package jobs_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// BenchmarkInboxAccept measures the durable part of event ingestion on
// PostgreSQL: concurrent Accept calls with unique keys, each storing its key
// and a River job before it returns, committed in shared batches. It
// reports accepted deliveries per second and the 99th percentile latency
// of one Accept. Run it with, for 50 concurrent callers on 2 CPUs:
//
//	go test -run '^$' -bench BenchmarkInboxAccept -benchtime 20000x -cpu 2 ./storage/jobs
//
// (RunParallel starts 25 goroutines per CPU here.)
func BenchmarkInboxAccept(b *testing.B) {
	env, _ := MustPostgresInbox(b, true)
	q := env.queue
	prefix := make([]byte, 4)
	rand.Read(prefix)
	run := hex.EncodeToString(prefix)
	// About the size of a Slack message event.
	payload := []byte(`{"token":"x","team_id":"T1","api_app_id":"A1","type":"event_callback","event":{"type":"message","channel":"C1","user":"U1","text":"` +
		strings.Repeat("an answer about channels and mutexes ", 20) + `","ts":"1700000000.000100","thread_ts":"1700000000.000001"}}`)
	var (
		seq     atomic.Int64
		mu      sync.Mutex
		lat     []time.Duration
		refused atomic.Int64
	)
	ctx := context.Background()
	b.SetParallelism(25)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		local := make([]time.Duration, 0, 1024)
		for pb.Next() {
			d := bot.Delivery{Platform: bot.PlatformSlack, Key: fmt.Sprintf("event:Ev%s-%d", run, seq.Add(1)), Kind: "slack_event", Payload: payload, At: time.Now()}
			t0 := time.Now()
			ok, err := q.Accept(ctx, d)
			local = append(local, time.Since(t0))
			if err != nil || !ok {
				refused.Add(1)
			}
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if n := refused.Load(); n > 0 {
		b.Fatalf("%d of %d unique deliveries were not accepted", n, b.N)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "accepted/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}
