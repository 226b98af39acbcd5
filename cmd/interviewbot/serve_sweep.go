package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/jobs"
)

// sweepLimit bounds the answers one sweep enqueues; the next tick takes
// the rest.
const sweepLimit = 100

// sweepingRunner is the runner serve hands the queue: Daily, plus, after
// each tick (which River runs on the elected leader only, so replicas do not
// sweep twice), a sweep that enqueues the grading of daily answers left
// ungraded for longer than INTERVIEWBOT_REGRADE_AFTER. An answer is stored
// before its grading job; when the queue could not be reached in between,
// or the job was given up, this is what grades it.
type sweepingRunner struct {
	jobs.Runner
	store bot.AdminStore
	queue bot.JobQueue
	now   func() time.Time
	// after is the age (process clock) at which an ungraded answer counts
	// as lost; window is how far back the sweep looks.
	after, window time.Duration
	log           *slog.Logger
}

func (r sweepingRunner) Tick(ctx context.Context) error {
	err := r.Runner.Tick(ctx)
	r.sweep(ctx)
	return err
}

func (r sweepingRunner) sweep(ctx context.Context) {
	now := r.now()
	ids, err := r.store.UngradedAnswers(ctx, now.Add(-r.window), now.Add(-r.after), sweepLimit)
	if err != nil {
		r.log.Warn("sweep for ungraded answers", slog.String("err", err.Error()))
		return
	}
	for _, id := range ids {
		if err := r.queue.EnqueueGrade(ctx, id); err != nil {
			r.log.Warn("sweep: enqueue grading", slog.Int64("answer_id", id), slog.String("err", err.Error()))
			return
		}
		r.log.Warn("answer was never graded; grading enqueued again", slog.Int64("answer_id", id))
	}
}

// clockDuration converts a real duration into the process clock's, which
// runs Speed times faster under INTERVIEWBOT_TEST_CLOCK.
func clockDuration(c TestClock, d time.Duration) time.Duration {
	if !c.On() {
		return d
	}
	return time.Duration(float64(d) * c.Speed)
}
