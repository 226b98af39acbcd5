package bot

import (
	"context"
	"testing"
	"time"
)

func TestRetryUnavailable(t *testing.T) {
	down := Errorf(EUNAVAILABLE, "The database is unavailable.")
	bad := Errorf(EINVALID, "Bad input.")
	tests := []struct {
		name      string
		fails     []error // what the calls return, in order; nil after
		sleepErr  error
		wantCalls int
		wantWaits int
		wantCode  string
	}{
		{name: "first try works", wantCalls: 1},
		{name: "two outages then success", fails: []error{down, down}, wantCalls: 3, wantWaits: 2},
		{name: "other errors are not retried", fails: []error{bad}, wantCalls: 1, wantCode: EINVALID},
		{name: "outage outlasts the backoff", fails: []error{down, down, down, down}, wantCalls: 3, wantWaits: 2, wantCode: EUNAVAILABLE},
		{name: "cancelled while waiting", fails: []error{down}, sleepErr: context.Canceled, wantCalls: 1, wantWaits: 1, wantCode: EUNAVAILABLE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			backoff := []time.Duration{time.Second, 2 * time.Second}
			calls, retries := 0, 0
			var waits []time.Duration
			sleep := func(_ context.Context, d time.Duration) error {
				waits = append(waits, d)
				return tt.sleepErr
			}
			err := RetryUnavailable(context.Background(), backoff, sleep, func(int, error) { retries++ }, func() error {
				calls++
				if calls <= len(tt.fails) {
					return tt.fails[calls-1]
				}
				return nil
			})
			if calls != tt.wantCalls || len(waits) != tt.wantWaits || retries != tt.wantWaits {
				t.Errorf("calls, waits, retries = %d, %v, %d; want %d, %d waits", calls, waits, retries, tt.wantCalls, tt.wantWaits)
			}
			if got := ErrorCode(err); got != tt.wantCode {
				t.Errorf("error code = %q (%v), want %q", got, err, tt.wantCode)
			}
			for i, w := range waits {
				if w != backoff[i] {
					t.Errorf("wait %d = %v, want %v", i, w, backoff[i])
				}
			}
			if tt.wantCode == "" && err != nil {
				t.Errorf("err = %v, want nil", err)
			}
		})
	}
}
