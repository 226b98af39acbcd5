package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/riverqueue/river"
)

// Runner is what the workers call: bot.Daily implements it. It is handed
// to Start rather than to the constructor because Daily itself needs the
// queue (as its bot.JobQueue) to be built.
type Runner interface {
	GradeAnswer(ctx context.Context, answerID int64) error
	PostQuestion(ctx context.Context, channelID int64, localDate string) (*bot.Post, error)
	Reveal(ctx context.Context, channelID int64, localDate string) (*bot.Post, error)
	PostLeaderboard(ctx context.Context, channelID int64, localDate string) (*bot.Post, error)
	Tick(ctx context.Context) error
}

// Config tunes a Queue; the zero value is the production setting.
type Config struct {
	Log *slog.Logger
	// Workers is how many jobs of the default queue (grading, deliveries,
	// the tick) one process runs at once. Default 10.
	Workers int
	// PostWorkers is how many post jobs one process runs at once, in their
	// own queue. Default DefaultPostWorkers.
	PostWorkers int
	// TickEvery is how often the leader runs Runner.Tick. Default a minute.
	TickEvery time.Duration
	// PollInterval is how often an idle client looks for new jobs when the
	// database cannot notify it (SQLite). Default River's (1s).
	PollInterval time.Duration
	// InsertOnly makes a queue that stores jobs and accepts deliveries but
	// runs nothing: Start and Stop only open and close the inbox side. A
	// replica that only takes the platforms' requests leaves the CPU to
	// them, while replicas with workers run what it stored.
	InsertOnly bool
}

// Queue is a bot.JobQueue on River. Jobs are rows in the database, written
// before anything runs them and retried with backoff until they succeed, so
// a killed process loses nothing: another replica (or the restarted one)
// picks them up.
type Queue struct {
	log    *slog.Logger
	runner atomic.Pointer[Runner]
	// The River client is generic in its driver's transaction type; these
	// close over it so Queue need not be.
	insert func(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (bool, error)
	// insertMany inserts in one transaction and reports which were duplicates.
	insertMany func(ctx context.Context, params []river.InsertManyParams) ([]bool, error)
	start      func(ctx context.Context) error
	stop       func(ctx context.Context) error
	// inbox is Accept's group commit; it runs from open until Stop or the
	// close function, since deliveries may be accepted before Start.
	inbox *inbox

	handlersMu sync.RWMutex
	handlers   map[string]DeliveryHandler
}

var _ bot.JobQueue = (*Queue)(nil)

// gradeArgs grades one stored answer.
type gradeArgs struct {
	AnswerID int64 `json:"answer_id"`
}

func (gradeArgs) Kind() string { return "grade" }

// postArgs sends one scheduled post. The three fields are its unique key,
// the same as the post's in the database: River's ByPeriod would count days
// in UTC, so the channel's local date is part of the arguments instead.
type postArgs struct {
	ChannelID int64  `json:"channel_id" river:"unique"`
	Kind_     string `json:"kind" river:"unique"`
	LocalDate string `json:"local_date" river:"unique"`
}

func (postArgs) Kind() string { return "post" }

// tickArgs runs Runner.Tick; a periodic job inserts it on the leader only.
type tickArgs struct{}

func (tickArgs) Kind() string { return "tick" }

// EnqueueGrade stores a grading job.
func (q *Queue) EnqueueGrade(ctx context.Context, answerID int64) error {
	if _, err := q.insert(ctx, gradeArgs{AnswerID: answerID}, &river.InsertOpts{MaxAttempts: 10}); err != nil {
		return unavailable(fmt.Errorf("enqueue grade of answer %d: %w", answerID, err))
	}
	return nil
}

// EnqueuePost stores a post job unless one with the same key exists (in
// any state but cancelled or discarded), so a second tick or replica adds
// nothing.
func (q *Queue) EnqueuePost(ctx context.Context, channelID int64, kind bot.PostKind, localDate string) error {
	dup, err := q.insert(ctx, postArgs{ChannelID: channelID, Kind_: string(kind), LocalDate: localDate}, nil)
	if err != nil {
		return unavailable(fmt.Errorf("enqueue %s post of channel %d on %s: %w", kind, channelID, localDate, err))
	}
	if dup {
		q.log.Debug("post job exists", slog.Int64("channel_id", channelID), slog.String("kind", string(kind)),
			slog.String("local_date", localDate))
	}
	return nil
}

// Start runs the workers (and, on the elected leader, the tick) until Stop.
func (q *Queue) Start(ctx context.Context, r Runner) error {
	if r == nil {
		return bot.Errorf(bot.EINTERNAL, "jobs: Start needs a runner.")
	}
	q.runner.Store(&r)
	if err := q.start(ctx); err != nil {
		return fmt.Errorf("start job queue: %w", err)
	}
	return nil
}

// Stop stops accepting deliveries (those not yet stored get EUNAVAILABLE,
// so their platform retries), waits for running jobs to finish (until ctx
// ends) and stops.
func (q *Queue) Stop(ctx context.Context) error {
	q.inbox.close()
	if err := q.stop(ctx); err != nil {
		return fmt.Errorf("stop job queue: %w", err)
	}
	return nil
}

func unavailable(err error) error {
	return fmt.Errorf("%w: %w", bot.Errorf(bot.EUNAVAILABLE, "The job queue cannot be reached right now; try again shortly."), err)
}

// outcome turns a use case's error into River's: codes that retrying cannot
// change (a skipped date, nothing to reveal, a bad input) cancel the job;
// anything else is retried with backoff.
func outcome(err error) error {
	switch bot.ErrorCode(err) {
	case "":
		return nil
	case bot.ECONFLICT, bot.ENOTFOUND, bot.EINVALID:
		return river.JobCancel(err)
	}
	return err
}

func (q *Queue) workers(cfg Config) (*river.Workers, []*river.PeriodicJob) {
	ws := river.NewWorkers()
	river.AddWorker(ws, &gradeWorker{q: q})
	river.AddWorker(ws, &postWorker{q: q})
	river.AddWorker(ws, &tickWorker{q: q})
	river.AddWorker(ws, &deliveryWorker{q: q})
	every := cfg.TickEvery
	if every <= 0 {
		every = time.Minute
	}
	tick := river.NewPeriodicJob(river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) {
			return tickArgs{}, &river.InsertOpts{MaxAttempts: 1, UniqueOpts: river.UniqueOpts{ByPeriod: every}}
		}, &river.PeriodicJobOpts{ID: "tick", RunOnStart: true})
	return ws, []*river.PeriodicJob{tick}
}

func (q *Queue) run() (Runner, error) {
	r := q.runner.Load()
	if r == nil {
		return nil, errors.New("jobs: worker ran before Start")
	}
	return *r, nil
}

type gradeWorker struct {
	river.WorkerDefaults[gradeArgs]
	q *Queue
}

func (w *gradeWorker) Work(ctx context.Context, job *river.Job[gradeArgs]) error {
	r, err := w.q.run()
	if err != nil {
		return err
	}
	return outcome(r.GradeAnswer(ctx, job.Args.AnswerID))
}

type postWorker struct {
	river.WorkerDefaults[postArgs]
	q *Queue
}

func (w *postWorker) Work(ctx context.Context, job *river.Job[postArgs]) error {
	r, err := w.q.run()
	if err != nil {
		return err
	}
	a := job.Args
	switch bot.PostKind(a.Kind_) {
	case bot.PostQuestion:
		_, err = r.PostQuestion(ctx, a.ChannelID, a.LocalDate)
	case bot.PostReveal:
		_, err = r.Reveal(ctx, a.ChannelID, a.LocalDate)
	case bot.PostLeaderboard:
		_, err = r.PostLeaderboard(ctx, a.ChannelID, a.LocalDate)
	default:
		err = bot.Errorf(bot.EINVALID, "Unknown post kind %q.", a.Kind_)
	}
	if err != nil {
		w.q.log.Info("post job", slog.Int64("channel_id", a.ChannelID), slog.String("kind", a.Kind_),
			slog.String("local_date", a.LocalDate), slog.Int("attempt", job.Attempt), slog.Any("err", err))
	}
	return outcome(err)
}

type tickWorker struct {
	river.WorkerDefaults[tickArgs]
	q *Queue
}

func (w *tickWorker) Work(ctx context.Context, _ *river.Job[tickArgs]) error {
	r, err := w.q.run()
	if err != nil {
		return err
	}
	return r.Tick(ctx)
}
