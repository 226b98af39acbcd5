package jobs

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/riverqueue/river"
)

// PostQueue is the River queue of post jobs. A post job spends most of its
// life waiting: for its channel's second at Slack (the messenger's pacer)
// and for the platform's answer. In the default queue each of those waits
// would hold one of the few workers sized for grading, which is CPU-bound,
// and a push to a thousand channels would crawl at that many channels at a
// time. In their own queue they get many workers, which cost a goroutine
// each while they wait.
const PostQueue = "posts"

// DefaultPostWorkers is how many post jobs one process runs at once unless
// Config says otherwise: enough for every channel of a large push to have
// its message on the way within its second.
const DefaultPostWorkers = 200

// postFetchCooldown is how soon the posts queue fetches again after a
// fetch (River's default is 100ms). A fetch takes at most as many jobs as
// there are idle workers, so a push of N posts needs N / PostWorkers
// fetches back to back; at the default cooldown a thousand channels' first
// messages would be spread over half a second by the fetching alone. A
// fetch is one indexed query, and it only repeats this fast while jobs keep
// coming.
const postFetchCooldown = 10 * time.Millisecond

// defaultFetchCooldown is the same for the default queue (deliveries,
// gradings, the tick), whose jobs are short too.
const defaultFetchCooldown = 10 * time.Millisecond

// enqueueBatch bounds one InsertMany: its arrays are parameters of a single
// statement, and a smaller first batch is fetched sooner.
const enqueueBatch = 1000

// EnqueuePosts stores post jobs in as few round trips as there are batches
// of enqueueBatch, each unique by its key as EnqueuePost's. The jobs go in
// the order the workers will fetch them (questions, reveals, then
// leaderboards; channels ascending), which is also a fixed order for any
// two ticks inserting the same keys at once, so they wait on each other's
// rows instead of deadlocking. A key listed twice is inserted once.
func (q *Queue) EnqueuePosts(ctx context.Context, posts []bot.DueJob) error {
	jobs := slices.Clone(posts)
	slices.SortFunc(jobs, func(a, b bot.DueJob) int {
		return cmp.Or(cmp.Compare(postPriority(a.Kind), postPriority(b.Kind)), cmp.Compare(a.ChannelID, b.ChannelID),
			cmp.Compare(a.LocalDate, b.LocalDate), cmp.Compare(a.Kind, b.Kind))
	})
	jobs = slices.Compact(jobs)
	for start := 0; start < len(jobs); start += enqueueBatch {
		batch := jobs[start:min(start+enqueueBatch, len(jobs))]
		params := make([]river.InsertManyParams, len(batch))
		for i, j := range batch {
			params[i] = river.InsertManyParams{Args: postArgs{ChannelID: j.ChannelID, Kind_: string(j.Kind), LocalDate: j.LocalDate}}
		}
		dups, err := q.insertMany(ctx, params)
		if err != nil {
			return unavailable(fmt.Errorf("enqueue %d post jobs: %w", len(batch), err))
		}
		if n := count(dups); n > 0 {
			q.log.Debug("post jobs exist", slog.Int("existing", n), slog.Int("batch", len(batch)))
		}
	}
	return nil
}

func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
