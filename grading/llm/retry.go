package llm

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Failure kinds, logged on every failed attempt and counted in metrics.
const (
	failTimeout   = "timeout"
	failRateLimit = "rate_limited"
	failServer    = "server_error"
	failClient    = "client_error" // 400, 401, 403, 404: retrying will not help
	failNetwork   = "network"
	failMalformed = "malformed"
	failTruncated = "truncated"
	failRefusal   = "refusal"
	failCanceled  = "canceled"
)

var (
	errTruncated = errors.New("reply cut off at the token limit")
	errRefusal   = errors.New("model refused to grade")
	errNoChoice  = errors.New("reply has no choices")
)

// failure is one classified attempt error.
type failure struct {
	kind      string
	status    int  // HTTP status, 0 when there was no response
	retryable bool // another attempt may succeed
}

// classify sorts an attempt error. parent is the caller's context: when it
// is done, nothing is retried.
func classify(parent context.Context, err error) failure {
	if parent.Err() != nil {
		return failure{kind: failCanceled}
	}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	status := 0
	switch {
	case errors.As(err, &apiErr):
		status = apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		status = reqErr.HTTPStatusCode
	}
	switch {
	case status == http.StatusTooManyRequests:
		return failure{kind: failRateLimit, status: status, retryable: true}
	case status >= 500:
		return failure{kind: failServer, status: status, retryable: true}
	case status == http.StatusRequestTimeout || status == http.StatusConflict:
		return failure{kind: failServer, status: status, retryable: true}
	case status >= 400:
		return failure{kind: failClient, status: status}
	case errors.Is(err, context.DeadlineExceeded):
		return failure{kind: failTimeout, retryable: true}
	case errors.Is(err, errMalformed):
		return failure{kind: failMalformed, status: status, retryable: true}
	case errors.Is(err, errTruncated):
		return failure{kind: failTruncated, status: status, retryable: true}
	case errors.Is(err, errRefusal):
		return failure{kind: failRefusal, status: status, retryable: true}
	case errors.Is(err, errNoChoice):
		return failure{kind: failMalformed, status: status, retryable: true}
	}
	return failure{kind: failNetwork, status: status, retryable: true}
}

// backoff is the wait before retry n (1-based): exponential from 500 ms,
// capped at 8 s, with ±25% jitter so many graders do not retry in step.
// A server's Retry-After wins when it is longer.
func backoff(n int, retryAfter time.Duration) time.Duration {
	d := 500 * time.Millisecond << min(n-1, 4)
	d = time.Duration(float64(d) * (0.75 + rand.Float64()/2))
	return max(d, retryAfter)
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
