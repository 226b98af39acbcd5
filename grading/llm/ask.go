package llm

import (
	"context"
	"log/slog"
	"time"

	openai "github.com/sashabaranov/go-openai"
	"github.com/sashabaranov/go-openai/jsonschema"

	"github.com/interviewbot/interviewbot/bot"
)

// ask gets a validated verdict from the model: bounded attempts, each with
// its own timeout, backoff between them (a server's Retry-After honoured up
// to MaxRetryAfter), nothing after the caller's context ends. It returns the
// number of attempts made; its error is redacted.
func (j *Judge) ask(ctx context.Context, log *slog.Logger, memberID int64, q *bot.Question, lang bot.Lang, answer string) (*verdict, int, error) {
	release, err := j.limit.acquire(ctx, memberKeyOf(memberID))
	if err != nil {
		return nil, 0, j.red.err(err)
	}
	defer release()
	p, err := render(j.tmpl, q, lang, answer)
	if err != nil {
		return nil, 0, err
	}
	points, miscons := rubricIDs(q.Rubric)
	req := j.request(p, schemaFor(j.schema, points, miscons))
	attempt := 0
	for {
		attempt++
		v, wait, err := j.once(ctx, req, points, miscons)
		if err == nil {
			return v, attempt, nil
		}
		f := classify(ctx, err)
		log.Warn("llm attempt failed", "attempt", attempt, "kind", f.kind, "status", f.status, "retry_after", wait, "error", j.red.text(err.Error()))
		switch {
		case !f.retryable || attempt > j.cfg.MaxRetries:
			return nil, attempt, j.red.err(err)
		case wait > j.cfg.MaxRetryAfter:
			return nil, attempt, j.red.err(err) // the server wants a pause longer than a grade should wait
		}
		d := backoff(attempt, wait)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
			return nil, attempt, j.red.err(err)
		}
		j.stats.retries.Add(1)
		if err := j.sleep(ctx, d); err != nil {
			return nil, attempt, j.red.err(err)
		}
	}
}

// once makes one attempt. It returns the Retry-After the server sent, if any.
func (j *Judge) once(ctx context.Context, req openai.ChatCompletionRequest, points, miscons []string) (*verdict, time.Duration, error) {
	actx, cancel := context.WithTimeout(ctx, j.cfg.Timeout)
	defer cancel()
	ra := &retryAfter{}
	actx = context.WithValue(actx, retryAfterKey{}, ra)
	j.stats.calls.Add(1)
	resp, err := j.client.CreateChatCompletion(actx, req)
	if err != nil {
		return nil, ra.get(), err
	}
	if len(resp.Choices) == 0 {
		return nil, 0, errNoChoice
	}
	ch := resp.Choices[0]
	switch {
	case ch.Message.Refusal != "" || ch.FinishReason == openai.FinishReasonContentFilter:
		return nil, 0, errRefusal
	case ch.FinishReason == openai.FinishReasonLength:
		return nil, 0, errTruncated
	}
	v, err := parseVerdict(ch.Message.Content)
	if err != nil {
		return nil, 0, err
	}
	if err := v.validate(points, miscons); err != nil {
		return nil, 0, err
	}
	return v, 0, nil
}

// request builds the chat request for one grading; every attempt reuses it.
func (j *Judge) request(p prompt, schema *jsonschema.Definition) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{
		Model: j.cfg.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: p.system},
			{Role: openai.ChatMessageRoleUser, Content: p.user},
		},
		MaxTokens:   j.cfg.MaxTokens,
		Temperature: temperature,
	}
	switch j.cfg.JSONMode {
	case JSONSchema:
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name: "answer_grade", Schema: schema, Strict: true,
			},
		}
	case JSONObject:
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	}
	return req
}

func rubricIDs(r bot.Rubric) (points, miscons []string) {
	for _, kp := range r.KeyPoints {
		points = append(points, kp.ID)
	}
	for _, m := range r.Misconceptions {
		miscons = append(miscons, m.ID)
	}
	return points, miscons
}
