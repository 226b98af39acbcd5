package llm

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Completer is the one call the judge needs from a chat model.
// *openai.Client satisfies it; tests pass fakes.
type Completer interface {
	CreateChatCompletion(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error)
}

// newClient returns a go-openai client for cfg. Azure is used when a
// deployment is configured: the client then addresses
// <base>/openai/deployments/<deployment>/chat/completions?api-version=...
// with an api-key header.
func newClient(cfg Config, doer openai.HTTPDoer) *openai.Client {
	var cc openai.ClientConfig
	if cfg.AzureDeployment != "" {
		cc = openai.DefaultAzureConfig(cfg.APIKey.reveal(), cfg.BaseURL)
		cc.APIVersion = cfg.AzureAPIVersion
		deployment := cfg.AzureDeployment
		cc.AzureModelMapperFunc = func(string) string { return deployment }
	} else {
		cc = openai.DefaultConfig(cfg.APIKey.reveal())
		cc.BaseURL = cfg.BaseURL
	}
	cc.HTTPClient = retryAfterDoer{next: doer}
	return openai.NewClientWithConfig(cc)
}

// retryAfterDoer records a response's Retry-After header in the request's
// context. go-openai turns a 429 into an *openai.APIError without headers;
// this is how the judge still learns how long the server asked it to wait.
type retryAfterDoer struct{ next openai.HTTPDoer }

func (d retryAfterDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.next.Do(req)
	if err == nil {
		if h, ok := req.Context().Value(retryAfterKey{}).(*retryAfter); ok {
			h.set(parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()))
		}
	}
	return resp, err
}

type retryAfterKey struct{}

// retryAfter holds the wait a server asked for on one attempt.
type retryAfter struct {
	mu sync.Mutex
	d  time.Duration
}

func (r *retryAfter) set(d time.Duration) {
	r.mu.Lock()
	r.d = d
	r.mu.Unlock()
}

func (r *retryAfter) get() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.d
}

// parseRetryAfter reads a Retry-After value in seconds or as an HTTP date;
// 0 when absent or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
