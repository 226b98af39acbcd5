package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/interviewbot/interviewbot/bot"
)

// TestKeyNeverLeaks runs every scripted failure (several echo the key in
// their bodies) with a logger capturing everything at debug level, and
// checks neither the logs nor any error string shows the key.
func TestKeyNeverLeaks(t *testing.T) {
	q := MustQuestion(t, "go-gmp-scheduler")
	log, buf := bufferLog()
	var errs []string
	for _, tt := range failureScripts(q) {
		_, srv := newScriptServer(t, tt.steps...)
		j := MustJudge(t, testConfig(srv), log)
		g := MustGrade(t, j, q, gmpAnswer)
		errs = append(errs, fmt.Sprintf("%+v", g))
		_, _, err := j.ask(context.Background(), j.log, 0, q, bot.LangEN, gmpAnswer)
		if err != nil {
			errs = append(errs, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		}
	}
	_, err := New(Config{Model: "m", BaseURL: "ftp://" + testKey, APIKey: testKey}, Scorer(t), log)
	if err == nil {
		t.Fatalf("New with an ftp URL: got nil error")
	}
	errs = append(errs, err.Error())
	logs := buf.String()
	if !strings.Contains(logs, "llm attempt failed") || !strings.Contains(logs, "status\":401") {
		t.Fatalf("logs lack the failures they should record:\n%s", logs)
	}
	for _, s := range append(errs, logs) {
		for _, secret := range []string{testKey, "SECRET-0123", "Bearer sk-"} {
			if strings.Contains(s, secret) {
				t.Errorf("key material %q leaked in:\n%s", secret, s)
			}
		}
	}
}

func TestClassify(t *testing.T) {
	ctx := context.Background()
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name      string
		ctx       context.Context
		err       error
		kind      string
		retryable bool
	}{
		{"429", ctx, &openai.APIError{HTTPStatusCode: 429}, failRateLimit, true},
		{"503 request error", ctx, &openai.RequestError{HTTPStatusCode: 503}, failServer, true},
		{"401", ctx, fmt.Errorf("wrapped: %w", &openai.APIError{HTTPStatusCode: 401}), failClient, false},
		{"timeout", ctx, fmt.Errorf("post: %w", context.DeadlineExceeded), failTimeout, true},
		{"malformed", ctx, fmt.Errorf("%w: x", errMalformed), failMalformed, true},
		{"refusal", ctx, errRefusal, failRefusal, true},
		{"caller gone", canceled, errors.New("anything"), failCanceled, false},
		{"network", ctx, errors.New("connection reset by peer"), failNetwork, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := classify(tt.ctx, tt.err)
			if f.kind != tt.kind || f.retryable != tt.retryable {
				t.Errorf("classify = %s/%t, want %s/%t", f.kind, f.retryable, tt.kind, tt.retryable)
			}
		})
	}
}

func TestCacheRedeliveredAnswerCostsNothing(t *testing.T) {
	q := MustQuestion(t, "go-gmp-scheduler")
	var calls int
	var mu sync.Mutex
	model := completerFunc(func(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		return honestModel(t, q).CreateChatCompletion(ctx, req)
	})
	j := MustJudge(t, Config{}, nil, WithCompleter(model))
	first := MustGrade(t, j, q, gmpAnswer)
	first.ID, first.Covered[0] = 99, "edited by the caller"
	second := MustGrade(t, j, q, gmpAnswer)
	if calls != 1 || j.Stats().CacheHits != 1 {
		t.Errorf("model calls = %d, cache hits = %d; want 1 and 1", calls, j.Stats().CacheHits)
	}
	if second.ID != 0 || second.Covered[0] == "edited by the caller" {
		t.Errorf("cached grade shares memory with a returned one: %+v", second)
	}
	other := *q
	other.Rubric.Version = "changed"
	MustGrade(t, j, &other, gmpAnswer)
	MustGrade(t, j, q, gmpAnswer+" ")
	if calls != 3 {
		t.Errorf("model calls = %d after a new rubric version and a new answer, want 3", calls)
	}
}

func TestFallbackIsNotCached(t *testing.T) {
	q := MustQuestion(t, "go-gmp-scheduler")
	down := completerFunc(func(context.Context, openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
		return openai.ChatCompletionResponse{}, &openai.APIError{HTTPStatusCode: 503, Message: "overloaded"}
	})
	j := MustJudge(t, Config{MaxRetries: 1}, nil, WithCompleter(down))
	for range 2 {
		if g := MustGrade(t, j, q, gmpAnswer); g.Grader != FallbackLabel {
			t.Errorf("Grader = %q, want %q", g.Grader, FallbackLabel)
		}
	}
	if st := j.Stats(); st.Calls != 4 || st.CacheHits != 0 || st.Fallbacks != 2 {
		t.Errorf("Stats = %+v, want 4 calls, 0 cache hits, 2 fallbacks", st)
	}
}

func TestCacheEvictsLeastRecent(t *testing.T) {
	c := newCache(2)
	k := func(s string) cacheKey { return keyFor(bot.GradeRequest{Question: &bot.Question{ID: "q"}, Answer: s}) }
	c.put(k("a"), &bot.Grade{Score: 1})
	c.put(k("b"), &bot.Grade{Score: 2})
	c.get(k("a"))
	c.put(k("c"), &bot.Grade{Score: 3})
	if _, ok := c.get(k("b")); ok {
		t.Errorf("b should have been evicted")
	}
	for _, s := range []string{"a", "c"} {
		if _, ok := c.get(k(s)); !ok {
			t.Errorf("%s was evicted, want kept", s)
		}
	}
	if c.len() != 2 {
		t.Errorf("len = %d, want 2", c.len())
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter(2, 1)
	done, cancel := context.WithCancel(context.Background())
	cancel()
	relA, err := l.acquire(context.Background(), "alice")
	if err != nil {
		t.Fatalf("first acquire: %v", err)
	}
	if _, err := l.acquire(done, "alice"); err == nil {
		t.Errorf("alice got a second slot with PerMember 1")
	}
	relB, err := l.acquire(context.Background(), "bob")
	if err != nil {
		t.Fatalf("bob: %v", err)
	}
	if _, err := l.acquire(done, ""); err == nil {
		t.Errorf("a third call got a slot with Concurrency 2")
	}
	if got := l.inFlight(); got != 2 {
		t.Errorf("inFlight = %d, want 2", got)
	}
	relA()
	relA2, err := l.acquire(context.Background(), "alice")
	if err != nil {
		t.Fatalf("alice after release: %v", err)
	}
	relA2()
	relB()
	if l.inFlight() != 0 || len(l.members) != 0 {
		t.Errorf("after all releases: inFlight %d, members %d; want 0, 0", l.inFlight(), len(l.members))
	}
}

// TestConcurrencyBounds grades many answers from two members at once and
// checks the model never saw more calls in flight than the limits allow.
func TestConcurrencyBounds(t *testing.T) {
	q := MustQuestion(t, "go-gmp-scheduler")
	var mu sync.Mutex
	inFlight, peak := map[string]int{}, map[string]int{}
	model := completerFunc(func(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
		m := answerIn(t, req)[:1] // answers start with the member's letter
		mu.Lock()
		inFlight[m]++
		inFlight["all"]++
		peak[m] = max(peak[m], inFlight[m])
		peak["all"] = max(peak["all"], inFlight["all"])
		mu.Unlock()
		defer func() {
			mu.Lock()
			inFlight[m]--
			inFlight["all"]--
			mu.Unlock()
		}()
		return honestModel(t, q).CreateChatCompletion(ctx, req)
	})
	j := MustJudge(t, Config{Concurrency: 2, PerMember: 1}, nil, WithCompleter(model))
	var wg sync.WaitGroup
	for i := range 24 {
		member := []string{"A", "B", "C"}[i%3]
		wg.Go(func() {
			answer := fmt.Sprintf("%s%d: G is a goroutine and each P has a local run queue.", member, i)
			g, err := j.Grade(context.Background(), bot.GradeRequest{Question: q, Answer: answer, MemberID: int64(i%3 + 1)})
			if err != nil || !strings.HasPrefix(g.Grader, "llm:") {
				t.Errorf("Grade: %v %v", g, err)
			}
		})
	}
	wg.Wait()
	for m, p := range peak {
		if limit := map[bool]int{true: 2, false: 1}[m == "all"]; p > limit {
			t.Errorf("peak in flight for %s = %d, limit %d", m, p, limit)
		}
	}
}

// TestDisagreementRecorded: the model credits paraphrases the rubric scorer
// cannot match, with real quotes; the grade is flagged and a structured log
// line records both scores.
func TestDisagreementRecorded(t *testing.T) {
	q := MustQuestion(t, "go-gmp-scheduler")
	answer := "Three kinds of objects cooperate: the lightweight task, the kernel worker that executes it, and a token that grants permission to run user code. " +
		"Tokens equal the configured parallelism. Tasks wait in per-token lists, idle tokens borrow from busy ones, blocked workers release their token, and long runners get interrupted."
	quotes := []string{"the lightweight task, the kernel worker", "Tokens equal the configured parallelism", "per-token lists",
		"idle tokens borrow from busy ones", "blocked workers release their token", "long runners get interrupted"}
	model := completerFunc(func(_ context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
		v := verdict{Misconceptions: []misVerdict{}, Strengths: []string{}, Gaps: []string{}, Suggestions: []string{}, Score: 95}
		for i, kp := range q.Rubric.KeyPoints {
			v.KeyPoints = append(v.KeyPoints, pointVerdict{ID: kp.ID, Status: statusCovered, Evidence: quotes[i%len(quotes)]})
		}
		return reply(mustJSON(t, v)), nil
	})
	log, buf := bufferLog()
	j := MustJudge(t, Config{}, log, WithCompleter(model))
	rub := MustGrade(t, Scorer(t), q, answer)
	g := MustGrade(t, j, q, answer)
	if !slices.Contains(g.Flags, FlagDisagreement) {
		t.Fatalf("Flags = %v (rubric %d, final %d), want %s", g.Flags, rub.Score, g.Score, FlagDisagreement)
	}
	if g.Score <= rub.Score || g.Score > rub.Score+maxRaise {
		t.Errorf("Score = %d, want above the rubric's %d by at most %d", g.Score, rub.Score, maxRaise)
	}
	var line map[string]any
	for _, l := range strings.Split(buf.String(), "\n") {
		if strings.Contains(l, "llm and rubric disagree") {
			if err := json.Unmarshal([]byte(l), &line); err != nil {
				t.Fatalf("log line is not JSON: %v", err)
			}
		}
	}
	if line == nil {
		t.Fatalf("no disagreement log line in:\n%s", buf.String())
	}
	for _, k := range []string{"question_id", "rubric_version", "answer_sha", "rubric_score", "llm_score", "model_score", "final_score"} {
		if _, ok := line[k]; !ok {
			t.Errorf("disagreement log lacks %s: %v", k, line)
		}
	}
	if strings.Contains(buf.String(), "lightweight task") {
		t.Errorf("the answer text was logged")
	}
}

func TestModelFeedbackIsCleaned(t *testing.T) {
	got := modelText([]string{"  good\u200b  point\n", "", "x\u202e", "a", "b", "c"})
	want := []string{"good point", "x", "a"}
	if !slices.Equal(got, want) {
		t.Errorf("modelText = %q, want %q", got, want)
	}
}

func TestSkipsGuardedAnswers(t *testing.T) {
	q := MustQuestion(t, "go-gmp-scheduler")
	called := false
	model := completerFunc(func(context.Context, openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
		called = true
		return openai.ChatCompletionResponse{}, errors.New("unreachable")
	})
	j := MustJudge(t, Config{}, nil, WithCompleter(model))
	g := MustGrade(t, j, q, "")
	if called || g.Grader != "rubric" || g.Score != 0 {
		t.Errorf("empty answer: model called %t, grader %q, score %d; want no call, rubric, 0", called, g.Grader, g.Score)
	}
}

// TestConcurrentRedeliveryCostsOneCall: a second delivery of the same answer
// that arrives while the first is with the model waits and reuses its grade.
func TestConcurrentRedeliveryCostsOneCall(t *testing.T) {
	q := MustQuestion(t, "go-gmp-scheduler")
	entered, release := make(chan struct{}), make(chan struct{})
	var calls int
	var mu sync.Mutex
	model := completerFunc(func(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		close(entered)
		<-release
		return honestModel(t, q).CreateChatCompletion(ctx, req)
	})
	j := MustJudge(t, Config{}, nil, WithCompleter(model))
	grades := make(chan *bot.Grade, 2)
	grade := func() { grades <- MustGrade(t, j, q, gmpAnswer) }
	go grade()
	<-entered
	go grade()
	key := keyFor(bot.GradeRequest{Question: q, Answer: gmpAnswer})
	for j.flights.waiting(key) == 0 {
		runtime.Gosched()
	}
	close(release)
	a, b := <-grades, <-grades
	if calls != 1 {
		t.Errorf("model calls = %d, want 1", calls)
	}
	if a.Score != b.Score || a.Grader != b.Grader {
		t.Errorf("the two deliveries got different grades: %d %q / %d %q", a.Score, a.Grader, b.Score, b.Grader)
	}
}

func TestLongAnswerIsCutBeforeSending(t *testing.T) {
	q := MustQuestion(t, "go-gmp-scheduler")
	var sent string
	model := completerFunc(func(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
		sent = answerIn(t, req)
		return honestModel(t, q).CreateChatCompletion(ctx, req)
	})
	j := MustJudge(t, Config{}, nil, WithCompleter(model))
	long := gmpAnswer + strings.Repeat(" 本地队列和全局队列。", 2000)
	MustGrade(t, j, q, long)
	if len(sent) > maxSentBytes || !strings.HasPrefix(long, sent) {
		t.Errorf("sent %d bytes, want a prefix of at most %d", len(sent), maxSentBytes)
	}
}
