package main

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/grading/llm"
	"github.com/interviewbot/interviewbot/storage/jobs"
)

// metrics are serve's Prometheus series, on a registry of their own so
// nothing a library registers globally leaks into /metrics and two servers
// in one test process do not collide.
type metrics struct {
	reg          *prometheus.Registry
	received     *prometheus.CounterVec   // platform
	deduplicated *prometheus.CounterVec   // platform
	refused      *prometheus.CounterVec   // platform
	grading      *prometheus.HistogramVec // grader
	llmErrors    prometheus.CounterFunc
	queued       *prometheus.CounterVec // kind
	failed       *prometheus.CounterVec // kind
	posts        *prometheus.CounterVec // platform, kind
	requests     *prometheus.CounterVec // code
}

// newMetrics registers the series; judge, when the LLM judge is on, feeds
// the LLM error counter.
func newMetrics(judge *llm.Judge) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		received: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "interviewbot_events_received_total",
			Help: "Inbound platform deliveries (Slack events, WeCom messages) offered for processing."}, []string{"platform"}),
		deduplicated: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "interviewbot_events_deduplicated_total",
			Help: "Inbound deliveries dropped because the same delivery key was already processed."}, []string{"platform"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "interviewbot_events_refused_total",
			Help: "Inbound deliveries the durable inbox could not store (answered with an error, so the platform retries)."}, []string{"platform"}),
		grading: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "interviewbot_grading_seconds",
			Help:    "Time to grade one answer, by the grader that produced the grade.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}}, []string{"grader"}),
		queued: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "interviewbot_jobs_queued_total",
			Help: "Jobs handed to the durable queue."}, []string{"kind"}),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "interviewbot_jobs_failed_total",
			Help: "Job attempts that returned an error (the queue retries or cancels them)."}, []string{"kind"}),
		posts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "interviewbot_posts_sent_total",
			Help: "Scheduled posts the platform accepted."}, []string{"platform", "kind"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "interviewbot_http_requests_total",
			Help: "HTTP requests served, by status code."}, []string{"code"}),
	}
	m.llmErrors = prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "interviewbot_llm_errors_total",
		Help: "Answers the LLM judge could not grade (the rubric grade was used instead)."}, func() float64 {
		if judge == nil {
			return 0
		}
		return float64(judge.Stats().Fallbacks)
	})
	m.reg.MustRegister(m.received, m.deduplicated, m.refused, m.grading, m.llmErrors, m.queued, m.failed, m.posts, m.requests,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Series with known labels exist from the start, so a dashboard shows 0
	// rather than nothing.
	for _, p := range []string{bot.PlatformSlack, bot.PlatformWeCom} {
		m.received.WithLabelValues(p)
		m.deduplicated.WithLabelValues(p)
		m.refused.WithLabelValues(p)
		for _, k := range []bot.PostKind{bot.PostQuestion, bot.PostReveal, bot.PostLeaderboard} {
			m.posts.WithLabelValues(p, string(k))
		}
	}
	for _, k := range []string{"grade", "post"} {
		m.queued.WithLabelValues(k)
	}
	for _, k := range []string{"grade", "post", "tick", "delivery"} {
		m.failed.WithLabelValues(k)
	}
	return m
}

// countedDeliveries counts deliveries and duplicates as the adapters claim
// them.
type countedDeliveries struct {
	bot.DeliveryStore
	m *metrics
}

func (d countedDeliveries) ClaimDelivery(ctx context.Context, platform, key string, at time.Time) (bool, error) {
	first, err := d.DeliveryStore.ClaimDelivery(ctx, platform, key, at)
	if err == nil {
		d.m.received.WithLabelValues(platform).Inc()
		if !first {
			d.m.deduplicated.WithLabelValues(platform).Inc()
		}
	}
	return first, err
}

// countedInbox counts the deliveries the inbox accepts, finds duplicate
// and cannot store, in the same series as countedDeliveries' claims.
type countedInbox struct {
	in bot.Inbox
	m  *metrics
}

func (c countedInbox) Accept(ctx context.Context, d bot.Delivery) (bool, error) {
	first, err := c.in.Accept(ctx, d)
	switch {
	case err != nil:
		c.m.refused.WithLabelValues(d.Platform).Inc()
	case first:
		c.m.received.WithLabelValues(d.Platform).Inc()
	default:
		c.m.received.WithLabelValues(d.Platform).Inc()
		c.m.deduplicated.WithLabelValues(d.Platform).Inc()
	}
	return first, err
}

// timedGrader observes how long each grade takes, labelled by the grader
// that produced it (the LLM judge reports its fallback as such).
type timedGrader struct {
	g bot.Grader
	m *metrics
}

func (t timedGrader) Grade(ctx context.Context, req bot.GradeRequest) (*bot.Grade, error) {
	start := time.Now()
	g, err := t.g.Grade(ctx, req)
	label := "error"
	if err == nil {
		label = g.Grader
	}
	t.m.grading.WithLabelValues(label).Observe(time.Since(start).Seconds())
	return g, err
}

// countedQueue counts the jobs handed to the queue, and retries a handover
// the database refused for up to enqueueRetryFor: the answer is already
// stored when Daily enqueues its grading, so riding out a database restart
// here is what keeps an acknowledged answer from waiting for the sweep.
type countedQueue struct {
	q bot.JobQueue
	m *metrics
}

// enqueueRetryFor bounds the retries of one enqueue; a database failover
// or restart takes seconds.
const enqueueRetryFor = 30 * time.Second

func (c countedQueue) EnqueueGrade(ctx context.Context, answerID int64) error {
	err := retryEnqueue(ctx, func() error { return c.q.EnqueueGrade(ctx, answerID) })
	if err == nil {
		c.m.queued.WithLabelValues("grade").Inc()
	}
	return err
}

func (c countedQueue) EnqueuePost(ctx context.Context, channelID int64, kind bot.PostKind, localDate string) error {
	err := retryEnqueue(ctx, func() error { return c.q.EnqueuePost(ctx, channelID, kind, localDate) })
	if err == nil {
		c.m.queued.WithLabelValues("post").Inc()
	}
	return err
}

// retryEnqueue calls enqueue until it succeeds, fails with something other
// than EUNAVAILABLE, ctx ends or enqueueRetryFor passes, backing off from
// 100ms to 2s.
func retryEnqueue(ctx context.Context, enqueue func() error) error {
	deadline := time.Now().Add(enqueueRetryFor)
	wait := 100 * time.Millisecond
	for {
		err := enqueue()
		if err == nil || bot.ErrorCode(err) != bot.EUNAVAILABLE || time.Now().Add(wait).After(deadline) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// countedRunner counts job attempts that fail; the queue calls it.
type countedRunner struct {
	r jobs.Runner
	m *metrics
}

func (c countedRunner) count(kind string, err error) error {
	if err != nil {
		c.m.failed.WithLabelValues(kind).Inc()
	}
	return err
}

func (c countedRunner) GradeAnswer(ctx context.Context, answerID int64) error {
	return c.count("grade", c.r.GradeAnswer(ctx, answerID))
}

func (c countedRunner) PostQuestion(ctx context.Context, channelID int64, localDate string) (*bot.Post, error) {
	p, err := c.r.PostQuestion(ctx, channelID, localDate)
	return p, c.count("post", err)
}

func (c countedRunner) Reveal(ctx context.Context, channelID int64, localDate string) (*bot.Post, error) {
	p, err := c.r.Reveal(ctx, channelID, localDate)
	return p, c.count("post", err)
}

func (c countedRunner) PostLeaderboard(ctx context.Context, channelID int64, localDate string) (*bot.Post, error) {
	p, err := c.r.PostLeaderboard(ctx, channelID, localDate)
	return p, c.count("post", err)
}

func (c countedRunner) Tick(ctx context.Context) error { return c.count("tick", c.r.Tick(ctx)) }

// countedMessenger counts the posts a platform accepted. It forwards the
// optional capabilities; a platform without them gets their neutral answer
// (nothing to acknowledge, nothing found), which is what Daily does when a
// messenger lacks them.
type countedMessenger struct {
	bot.Messenger
	platform string
	m        *metrics
}

var (
	_ bot.Acknowledger = countedMessenger{}
	_ bot.PostFinder   = countedMessenger{}
)

func (c countedMessenger) sent(kind bot.PostKind, ref string, err error) (string, error) {
	if err == nil {
		c.m.posts.WithLabelValues(c.platform, string(kind)).Inc()
	}
	return ref, err
}

func (c countedMessenger) PostQuestion(ctx context.Context, ch *bot.Channel, p *bot.Post, q *bot.Question) (string, error) {
	ref, err := c.Messenger.PostQuestion(ctx, ch, p, q)
	return c.sent(bot.PostQuestion, ref, err)
}

func (c countedMessenger) PostReveal(ctx context.Context, ch *bot.Channel, question *bot.Post, q *bot.Question) (string, error) {
	ref, err := c.Messenger.PostReveal(ctx, ch, question, q)
	return c.sent(bot.PostReveal, ref, err)
}

func (c countedMessenger) PostLeaderboard(ctx context.Context, ch *bot.Channel, lb *bot.Leaderboard) (string, error) {
	ref, err := c.Messenger.PostLeaderboard(ctx, ch, lb)
	return c.sent(bot.PostLeaderboard, ref, err)
}

func (c countedMessenger) Acknowledge(ctx context.Context, ch *bot.Channel, ref string) error {
	if a, ok := c.Messenger.(bot.Acknowledger); ok {
		return a.Acknowledge(ctx, ch, ref)
	}
	return nil
}

func (c countedMessenger) FindPosted(ctx context.Context, ch *bot.Channel, p *bot.Post) (string, bool, error) {
	if f, ok := c.Messenger.(bot.PostFinder); ok {
		return f.FindPosted(ctx, ch, p)
	}
	return "", false, nil
}

// judgeOf finds the LLM judge behind a grader, for its statistics; nil
// when the judge is off (llm.New then returns the rubric scorer itself).
func judgeOf(g bot.Grader) *llm.Judge {
	j, _ := g.(*llm.Judge)
	return j
}
