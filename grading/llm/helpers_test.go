package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/grading"
	"github.com/interviewbot/interviewbot/prompts"
)

var (
	bankOnce sync.Once
	bank     map[string]*bot.Question
	bankErr  error

	scorerOnce sync.Once
	scorer     *grading.Scorer
)

// MustQuestion returns a question of the embedded bank by id.
func MustQuestion(tb testing.TB, id string) *bot.Question {
	tb.Helper()
	bankOnce.Do(func() {
		qs, err := prompts.Load()
		bank, bankErr = map[string]*bot.Question{}, err
		for _, q := range qs {
			bank[q.ID] = q
		}
	})
	if bankErr != nil {
		tb.Fatalf("load bank: %v", bankErr)
	}
	q, ok := bank[id]
	if !ok {
		tb.Fatalf("no question %q in the bank", id)
	}
	return q
}

// Scorer returns the real rubric scorer, shared by all tests: its Chinese
// dictionary is expensive to load.
func Scorer(tb testing.TB) *grading.Scorer {
	tb.Helper()
	scorerOnce.Do(func() { scorer = grading.NewScorer(nil) })
	return scorer
}

// MustJudge returns a Judge on cfg with the real rubric scorer as fallback
// and no sleeping between retries.
func MustJudge(tb testing.TB, cfg Config, log *slog.Logger, opts ...Option) *Judge {
	tb.Helper()
	if cfg.Model == "" {
		cfg.Model = "test-model"
	}
	opts = append([]Option{withSleep(func(context.Context, time.Duration) error { return nil })}, opts...)
	g, err := New(cfg, Scorer(tb), log, opts...)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	j, ok := g.(*Judge)
	if !ok {
		tb.Fatalf("New returned %T, want *Judge", g)
	}
	return j
}

// MustGrade grades answer to q and fails the test on error.
func MustGrade(tb testing.TB, g bot.Grader, q *bot.Question, answer string) *bot.Grade {
	tb.Helper()
	got, err := g.Grade(context.Background(), bot.GradeRequest{Question: q, Answer: answer})
	if err != nil {
		tb.Fatalf("Grade: %v", err)
	}
	if got == nil {
		tb.Fatalf("Grade returned a nil grade")
	}
	return got
}

// bufferLog returns a logger writing JSON lines at debug level into a buffer.
func bufferLog() (*slog.Logger, *syncBuffer) {
	b := &syncBuffer{}
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// completerFunc adapts a function to Completer.
type completerFunc func(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error)

func (f completerFunc) CreateChatCompletion(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	return f(ctx, req)
}

// reply wraps content as a chat completion that finished normally.
func reply(content string) openai.ChatCompletionResponse {
	return openai.ChatCompletionResponse{Choices: []openai.ChatCompletionChoice{{
		Message:      openai.ChatCompletionMessage{Role: openai.ChatMessageRoleAssistant, Content: content},
		FinishReason: openai.FinishReasonStop,
	}}}
}

var answerBlock = regexp.MustCompile(`(?s)<answer-([0-9a-f]{24})>\n(.*)\n</answer-([0-9a-f]{24})>`)

// answerIn extracts the answer the judge sent from the user message.
func answerIn(tb testing.TB, req openai.ChatCompletionRequest) string {
	tb.Helper()
	if len(req.Messages) != 2 {
		tb.Fatalf("request has %d messages, want 2", len(req.Messages))
	}
	m := answerBlock.FindStringSubmatch(req.Messages[1].Content)
	if m == nil || m[1] != m[3] {
		tb.Fatalf("user message has no delimited answer block:\n%s", req.Messages[1].Content)
	}
	return m[2]
}

// honestVerdict is what a fair model says: a key point is covered when one
// of its phrases occurs in the answer, quoted from it; misconceptions the
// same way.
func honestVerdict(q *bot.Question, answer string) verdict {
	v := verdict{Strengths: []string{"Clear structure."}, Gaps: []string{}, Suggestions: []string{"Add an example."}}
	lower := strings.ToLower(answer)
	quote := func(phrases []string) string {
		for _, p := range phrases {
			if i := strings.Index(lower, strings.ToLower(p)); i >= 0 && len([]rune(p)) >= minEvidenceRunes {
				return answer[i : i+len(p)]
			}
		}
		return ""
	}
	covered := 0
	for _, kp := range q.Rubric.KeyPoints {
		pv := pointVerdict{ID: kp.ID, Status: statusMissing}
		if e := quote(kp.Phrases); e != "" {
			pv.Status, pv.Evidence = statusCovered, e
			covered++
		}
		v.KeyPoints = append(v.KeyPoints, pv)
	}
	v.Misconceptions = []misVerdict{}
	for _, m := range q.Rubric.Misconceptions {
		if e := quote(m.Phrases); e != "" {
			v.Misconceptions = append(v.Misconceptions, misVerdict{ID: m.ID, Evidence: e})
		}
	}
	v.Score = 100 * covered / len(q.Rubric.KeyPoints)
	return v
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatalf("marshal: %v", err)
	}
	return string(b)
}

// honestModel is a Completer that answers like honestVerdict.
func honestModel(tb testing.TB, q *bot.Question) Completer {
	return completerFunc(func(_ context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
		return reply(mustJSON(tb, honestVerdict(q, answerIn(tb, req)))), nil
	})
}
