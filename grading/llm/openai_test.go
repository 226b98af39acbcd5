package llm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/interviewbot/interviewbot/bot"
)

const (
	testKey   = "sk-test-SECRET-0123456789abcdefXYZ"
	gmpAnswer = "G is a goroutine, M is an OS thread and P is a logical processor. " +
		"GOMAXPROCS sets the number of Ps. Each P has a local run queue, and an idle P uses work stealing."
)

// step is one scripted reply of the fake OpenAI-compatible server.
type step func(t *testing.T, w http.ResponseWriter, r *http.Request, req openai.ChatCompletionRequest)

// scriptServer replays steps in order (the last one repeats) at
// /v1/chat/completions and records what it received.
type scriptServer struct {
	t     *testing.T
	steps []step

	mu    sync.Mutex
	calls int
	reqs  []openai.ChatCompletionRequest
	auth  []string
}

func newScriptServer(t *testing.T, steps ...step) (*scriptServer, *httptest.Server) {
	s := &scriptServer{t: t, steps: steps}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func (s *scriptServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		http.Error(w, "not found: "+r.URL.Path, http.StatusNotFound)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var req openai.ChatCompletionRequest
	if err := json.Unmarshal(body, &req); err != nil {
		s.t.Errorf("server: request body is not a chat request: %v", err)
	}
	s.mu.Lock()
	st := s.steps[min(s.calls, len(s.steps)-1)]
	s.calls++
	s.reqs = append(s.reqs, req)
	s.auth = append(s.auth, r.Header.Get("Authorization"))
	s.mu.Unlock()
	st(s.t, w, r, req)
}

func (s *scriptServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

func writeCompletion(w http.ResponseWriter, msg map[string]any, finish string) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "model": "test-model",
		"choices": []any{map[string]any{"index": 0, "message": msg, "finish_reason": finish}},
	})
}

func content(c string) step {
	return func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ openai.ChatCompletionRequest) {
		writeCompletion(w, map[string]any{"role": "assistant", "content": c}, "stop")
	}
}

// good answers with the honest verdict on the answer it was sent.
func good(q *bot.Question) step {
	return func(t *testing.T, w http.ResponseWriter, _ *http.Request, req openai.ChatCompletionRequest) {
		writeCompletion(w, map[string]any{"role": "assistant", "content": mustJSON(t, honestVerdict(q, answerIn(t, req)))}, "stop")
	}
}

// truncated sends the first half of a good verdict.
func truncated(q *bot.Question, finish string) step {
	return func(t *testing.T, w http.ResponseWriter, _ *http.Request, req openai.ChatCompletionRequest) {
		full := mustJSON(t, honestVerdict(q, answerIn(t, req)))
		writeCompletion(w, map[string]any{"role": "assistant", "content": full[:len(full)/2]}, finish)
	}
}

func status(code int, retryAfter, body string) step {
	return func(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ openai.ChatCompletionRequest) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

// hang answers only after the client gave up.
func hang(_ *testing.T, _ http.ResponseWriter, r *http.Request, _ openai.ChatCompletionRequest) {
	<-r.Context().Done()
}

func refusal(_ *testing.T, w http.ResponseWriter, _ *http.Request, _ openai.ChatCompletionRequest) {
	writeCompletion(w, map[string]any{"role": "assistant", "content": nil, "refusal": "I can't help with grading this."}, "stop")
}

// failureScripts are the scripted failure cases; the redaction test runs them all too.
func failureScripts(q *bot.Question) []struct {
	name                   string
	steps                  []step
	wantLLM                bool
	wantCalls, wantRetries int
	wantSlept              time.Duration // at least this long in total
} {
	keyEcho := fmt.Sprintf(`{"error":{"message":"Incorrect API key provided: %s. Bearer %s","type":"invalid_request_error"}}`, testKey, testKey)
	return []struct {
		name                   string
		steps                  []step
		wantLLM                bool
		wantCalls, wantRetries int
		wantSlept              time.Duration
	}{
		{"good JSON", []step{good(q)}, true, 1, 0, 0},
		{"junk then good", []step{content("Sure! The answer looks solid to me."), good(q)}, true, 2, 1, 0},
		{"junk always", []step{content("<html>502 Bad Gateway</html>")}, false, 3, 2, 0},
		{"truncated JSON always", []step{truncated(q, "stop")}, false, 3, 2, 0},
		{"cut at max tokens then good", []step{truncated(q, "length"), good(q)}, true, 2, 1, 0},
		{"429 with Retry-After then good", []step{status(429, "7", `{"error":{"message":"Rate limit reached","type":"requests"}}`), good(q)}, true, 2, 1, 7 * time.Second},
		{"429 asking for an hour", []step{status(429, "3600", `{"error":{"message":"Quota exceeded","type":"requests"}}`)}, false, 1, 0, 0},
		{"500 twice then good", []step{status(500, "", `upstream exploded`), status(500, "", `{"error":{"message":"boom","type":"server_error"}}`), good(q)}, true, 3, 2, 0},
		{"500 always", []step{status(500, "", `{"error":{"message":"internal error `+testKey+`","type":"server_error"}}`)}, false, 3, 2, 0},
		{"hang then good", []step{hang, good(q)}, true, 2, 1, 0},
		{"hang always", []step{hang}, false, 3, 2, 0},
		{"refusal always", []step{refusal}, false, 3, 2, 0},
		{"401 echoing the key", []step{status(401, "", keyEcho)}, false, 1, 0, 0},
		{"unknown key point ids", []step{content(`{"key_points":[{"id":"made-up","status":"covered","evidence":"goroutine"}],"misconceptions":[],"strengths":[],"gaps":[],"suggestions":[],"score":100}`)}, false, 3, 2, 0},
		{"score out of range", []step{content(`{"key_points":[],"misconceptions":[],"strengths":[],"gaps":[],"suggestions":[],"score":1000}`)}, false, 3, 2, 0},
	}
}

func testConfig(srv *httptest.Server) Config {
	return Config{BaseURL: srv.URL + "/v1", Model: "test-model", APIKey: testKey, Timeout: 500 * time.Millisecond, MaxRetries: 2}
}

// sleepRecorder returns a sleep that records waits instead of waiting.
func sleepRecorder() (Option, func() time.Duration) {
	var mu sync.Mutex
	var total time.Duration
	return withSleep(func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			total += d
			mu.Unlock()
			return ctx.Err()
		}), func() time.Duration {
			mu.Lock()
			defer mu.Unlock()
			return total
		}
}

func TestJudgeAgainstOpenAICompatibleServer(t *testing.T) {
	q := MustQuestion(t, "go-gmp-scheduler")
	for _, tt := range failureScripts(q) {
		t.Run(tt.name, func(t *testing.T) {
			s, srv := newScriptServer(t, tt.steps...)
			slept, total := sleepRecorder()
			j := MustJudge(t, testConfig(srv), nil, slept)
			g := MustGrade(t, j, q, gmpAnswer)

			wantLabel := FallbackLabel
			if tt.wantLLM {
				wantLabel = "llm:test-model+rubric"
			}
			if g.Grader != wantLabel {
				t.Errorf("Grader = %q, want %q", g.Grader, wantLabel)
			}
			if got := s.count(); got != tt.wantCalls {
				t.Errorf("server saw %d calls, want %d", got, tt.wantCalls)
			}
			st := j.Stats()
			if st.Calls != int64(tt.wantCalls) || st.Retries != int64(tt.wantRetries) {
				t.Errorf("Stats calls/retries = %d/%d, want %d/%d", st.Calls, st.Retries, tt.wantCalls, tt.wantRetries)
			}
			if got := total(); got < tt.wantSlept {
				t.Errorf("waited %v in total, want at least %v (Retry-After)", got, tt.wantSlept)
			}
			if g.Score < 0 || g.Score > 100 || g.Stars != bot.StarsFor(g.Score) {
				t.Errorf("Score/Stars = %d/%d, not a valid grade", g.Score, g.Stars)
			}
			unavailable := slices.Contains(g.Flags, FlagLLMUnavailable)
			if unavailable == tt.wantLLM {
				t.Errorf("Flags = %v: llm_unavailable present = %t, want %t", g.Flags, unavailable, !tt.wantLLM)
			}
			note := noteLLM("test-model").EN
			if !tt.wantLLM {
				note = noteFallback.EN
				if st.Fallbacks != 1 {
					t.Errorf("Stats.Fallbacks = %d, want 1", st.Fallbacks)
				}
			}
			if !strings.Contains(g.Review.Summary, note) {
				t.Errorf("Summary %q does not say who graded (%q)", g.Review.Summary, note)
			}
			if tt.wantLLM && !slices.Contains(g.Covered, "work-stealing") {
				t.Errorf("Covered = %v, want work-stealing among them", g.Covered)
			}
		})
	}
}

// TestRequestShape checks what the real client puts on the wire: the model,
// a strict JSON schema, a non-zero temperature, the key as a bearer token
// and the answer inside the delimited block.
func TestRequestShape(t *testing.T) {
	q := MustQuestion(t, "go-gmp-scheduler")
	s, srv := newScriptServer(t, good(q))
	j := MustJudge(t, testConfig(srv), nil)
	MustGrade(t, j, q, gmpAnswer)
	if len(s.reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(s.reqs))
	}
	req := s.reqs[0]
	if req.Model != "test-model" {
		t.Errorf("model = %q, want test-model", req.Model)
	}
	if req.Temperature <= 0 || req.Temperature > 0.01 {
		t.Errorf("temperature = %v, want a tiny positive value", req.Temperature)
	}
	rf := req.ResponseFormat
	if rf == nil || rf.Type != openai.ChatCompletionResponseFormatTypeJSONSchema || rf.JSONSchema == nil || !rf.JSONSchema.Strict {
		t.Fatalf("response_format = %+v, want a strict json_schema", rf)
	}
	schema, _ := json.Marshal(rf.JSONSchema.Schema)
	for _, want := range []string{`"key_points"`, `"evidence"`, `"covered"`, `"additionalProperties":false`,
		`"enum":["three-entities","gomaxprocs","run-queues","work-stealing","handoff-syscall","preemption"]`, `"enum":["p-is-cpu","one-thread-per-goroutine"]`} {
		if !strings.Contains(string(schema), want) {
			t.Errorf("schema lacks %s: %s", want, schema)
		}
	}
	if s.auth[0] != "Bearer "+testKey {
		t.Errorf("Authorization header = %q, want the bearer key", s.auth[0])
	}
	if got := answerIn(t, req); got != gmpAnswer {
		t.Errorf("answer sent = %q, want %q", got, gmpAnswer)
	}
	if req.Messages[0].Role != openai.ChatMessageRoleSystem || strings.Contains(req.Messages[0].Content, gmpAnswer) {
		t.Errorf("the answer must travel only in the user message")
	}
}

// TestAzureRequest checks the Azure path: deployment in the URL, api-version
// in the query and the key in the api-key header.
func TestAzureRequest(t *testing.T) {
	q := MustQuestion(t, "go-gmp-scheduler")
	var gotPath, gotQuery, gotKey string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotQuery, gotKey = r.URL.Path, r.URL.RawQuery, r.Header.Get("api-key")
		var req openai.ChatCompletionRequest
		body, _ := io.ReadAll(r.Body)
		json.Unmarshal(body, &req)
		good(q)(t, w, r, req)
	}))
	defer srv.Close()
	cfg := Config{BaseURL: srv.URL, Model: "gpt-4o-mini", APIKey: testKey, AzureAPIVersion: "2024-10-21", AzureDeployment: "grader-prod"}
	j := MustJudge(t, cfg, nil)
	g := MustGrade(t, j, q, gmpAnswer)
	if g.Grader != "llm:gpt-4o-mini+rubric" {
		t.Errorf("Grader = %q, want the LLM label", g.Grader)
	}
	if gotPath != "/openai/deployments/grader-prod/chat/completions" || gotQuery != "api-version=2024-10-21" || gotKey != testKey {
		t.Errorf("Azure request path=%q query=%q api-key set=%t", gotPath, gotQuery, gotKey == testKey)
	}
}
