package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"text/template"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
	"github.com/sashabaranov/go-openai/jsonschema"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/prompts"
)

// Version identifies the judge's prompts and scoring rules on stored grades.
// Bump it whenever a change moves scores.
const Version = "1.0.0"

// FallbackLabel is Grade.Grader when the LLM could not grade and the rubric
// scorer's grade is returned alone.
const FallbackLabel = "rubric (LLM unavailable)"

// maxSentBytes is how much of an answer the model reads: as much as the
// rubric scorer grades, which also bounds the tokens one answer costs.
const maxSentBytes = 8 << 10

// temperature is as close to 0 as go-openai can send: the field is
// omitempty, so 0 would leave the provider's default (often 1) in force.
const temperature = 1e-4

// skipFlags are rubric guards that say there is nothing for a model to
// read: an empty, tiny, copied, foreign-language or noise answer. The rubric
// grade stands and no tokens are spent. (Values of grading's guard flags.)
var skipFlags = []string{"empty", "too_short", "copy_of_question", "gibberish", "wrong_language"}

// Judge grades with an LLM and the rubric scorer together. It is safe for
// concurrent use.
type Judge struct {
	cfg      Config
	client   Completer
	fallback bot.Grader
	log      *slog.Logger
	tmpl     *template.Template
	schema   *jsonschema.Definition
	limit    *limiter
	cache    *cache
	flights  flights
	red      redactor
	sleep    func(context.Context, time.Duration) error
	label    string
	stats    stats
}

var _ bot.Grader = (*Judge)(nil)

// Option changes how New builds a Judge.
type Option func(*Judge)

// WithCompleter replaces the go-openai client, for tests and for wrapping
// the client (metrics, tracing).
func WithCompleter(c Completer) Option { return func(j *Judge) { j.client = c } }

// WithHTTPClient sets the HTTP client go-openai uses (proxies, TLS).
func WithHTTPClient(d openai.HTTPDoer) Option {
	return func(j *Judge) { j.client = newClient(j.cfg, d) }
}

// withSleep replaces the wait between retries, so tests do not sleep.
func withSleep(f func(context.Context, time.Duration) error) Option {
	return func(j *Judge) { j.sleep = f }
}

// New returns the grader to use: fallback itself when cfg does not enable the
// judge, otherwise a *Judge that grades with the LLM and falls back to
// fallback (the rubric scorer) whenever the LLM fails. log may be nil.
func New(cfg Config, fallback bot.Grader, log *slog.Logger, opts ...Option) (bot.Grader, error) {
	if fallback == nil {
		return nil, errors.New("llm judge: a fallback grader is required")
	}
	if !cfg.Enabled() {
		return fallback, nil
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	tmpl, err := prompts.LLMTemplates()
	if err != nil {
		return nil, err
	}
	schema, err := verdictSchema()
	if err != nil {
		return nil, err
	}
	j := &Judge{
		cfg:      cfg,
		fallback: fallback,
		log:      log.With("grader", "llm", "model", cfg.Model),
		tmpl:     tmpl,
		schema:   schema,
		limit:    newLimiter(cfg.Concurrency, cfg.PerMember),
		cache:    newCache(cfg.CacheSize),
		red:      redactor{key: cfg.APIKey.reveal()},
		sleep:    sleep,
		label:    "llm:" + cfg.Model + "+rubric",
	}
	j.client = newClient(cfg, &http.Client{})
	for _, o := range opts {
		o(j)
	}
	return j, nil
}

// Grade grades req with the LLM and the rubric scorer, or with the rubric
// scorer alone when the LLM fails. It returns an error only when the rubric
// scorer does or ctx ends while another grading of the same answer runs.
func (j *Judge) Grade(ctx context.Context, req bot.GradeRequest) (*bot.Grade, error) {
	if req.Question == nil {
		return j.fallback.Grade(ctx, req)
	}
	key := keyFor(req)
	log := j.log.With("question_id", req.Question.ID, "rubric_version", req.Question.Rubric.Version, "answer_sha", key.short())
	if g, ok := j.cache.get(key); ok {
		j.stats.cacheHits.Add(1)
		log.Debug("llm grade from cache")
		return g, nil
	}
	if fl := j.flights.start(key); fl != nil {
		select {
		case <-fl.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if g, ok := j.cache.get(key); ok {
			j.stats.cacheHits.Add(1)
			log.Debug("llm grade from a concurrent grading")
			return g, nil
		}
		// The first grading fell back; try the model again.
	} else {
		defer j.flights.finish(key)
	}
	return j.grade(ctx, log, key, req)
}

// grade does the work of Grade once the cache missed.
func (j *Judge) grade(ctx context.Context, log *slog.Logger, key cacheKey, req bot.GradeRequest) (*bot.Grade, error) {
	graded := req
	graded.Answer = truncateUTF8(req.Answer, maxSentBytes)
	in := scanInjection(graded.Answer)
	var original *bot.Grade // the rubric's grade of the answer as written, when it was cleaned
	if in.found() {
		j.stats.injections.Add(1)
		log.Warn("answer tries to instruct the grader", "kinds", in.kinds)
		graded.Answer = in.clean
		g, err := j.fallback.Grade(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("grade answer as written: %w", err)
		}
		original = g
	}
	rub, err := j.fallback.Grade(ctx, graded)
	if err != nil {
		return nil, err
	}
	lang := rub.Review.Lang
	if lang == "" {
		lang = bot.LangEN
	}
	if slices.ContainsFunc(rub.Flags, func(f string) bool { return slices.Contains(skipFlags, f) }) {
		return guardInjection(rub, original, lang), nil
	}
	v, attempts, err := j.ask(ctx, log, req.MemberID, req.Question, lang, graded.Answer)
	if err != nil {
		j.stats.fallbacks.Add(1)
		log.Warn("llm judge unavailable, using the rubric grade", "attempts", attempts, "error", err.Error())
		return guardInjection(fallbackGrade(rub, lang), original, lang), nil
	}
	g := guardInjection(j.judged(log, req.Question, lang, rub, v, graded.Answer, !in.found()), original, lang)
	log.Info("llm graded", "attempts", attempts, "score", g.Score, "rubric_score", rub.Score, "flags", g.Flags)
	j.cache.put(key, g)
	return g, nil
}

// judged combines a validated verdict with the rubric grade and records a
// large disagreement between them for admins.
func (j *Judge) judged(log *slog.Logger, q *bot.Question, lang bot.Lang, rub *bot.Grade, v *verdict, answer string, trustText bool) *bot.Grade {
	c := v.verify(answer)
	cm := combine(q.Rubric, rub, c)
	g := hybridGrade(q, lang, rub, cm, v, j.label, Version+"+"+rub.GraderVersion, trustText)
	g.Review.Summary += " " + noteLLM(j.cfg.Model).In(lang)
	attrs := []any{"rubric_score", rub.Score, "llm_score", cm.llm, "model_score", v.Score, "final_score", g.Score,
		"rubric_covered", rub.Covered, "llm_credit", c.credit, "evidence_dropped", c.dropped}
	if gap := cm.llm - rub.Score; gap >= j.cfg.DisagreeAt || -gap >= j.cfg.DisagreeAt {
		j.stats.disagreements.Add(1)
		g.Flags = append(g.Flags, FlagDisagreement)
		log.Warn("llm and rubric disagree", attrs...)
	} else {
		log.Debug("llm verdict", attrs...)
	}
	return g
}

// fallbackGrade labels the rubric grade as the fallback it is.
func fallbackGrade(rub *bot.Grade, lang bot.Lang) *bot.Grade {
	g := cloneGrade(rub)
	g.Grader = FallbackLabel
	g.Flags = append(g.Flags, FlagLLMUnavailable)
	g.Review.Summary += " " + noteFallback.In(lang)
	return g
}

// guardInjection applies the injection rule when original is not nil (the
// answer was modified before grading): the grade may not exceed the rubric
// score of the answer as written, misconceptions stated in removed
// sentences still count, and the grade is flagged. g was computed on the
// cleaned answer, which caps it at what the answer without the injection
// earns.
func guardInjection(g *bot.Grade, original *bot.Grade, lang bot.Lang) *bot.Grade {
	if original == nil {
		return g
	}
	g = cloneGrade(g)
	if original.Score < g.Score {
		g.Score = original.Score
		g.Stars = bot.StarsFor(g.Score)
		g.Review.Summary = summary(lang, g.Score, g.Stars)
	}
	for _, id := range original.Misconceptions {
		if !slices.Contains(g.Misconceptions, id) {
			g.Misconceptions = append(g.Misconceptions, id)
		}
	}
	g.Flags = append(g.Flags, FlagInjection)
	g.Review.Summary += " " + noteInjection.In(lang)
	return g
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
