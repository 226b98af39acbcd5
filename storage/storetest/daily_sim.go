package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/jobs"
)

// OpenClocked opens a fresh, empty, migrated store whose clock is now.
type OpenClocked func(t *testing.T, now func() time.Time) bot.DailyStore

// Simulate runs 60 days of daily questions on three channels against a
// real store, ticking a fixed clock every half hour (every schedule fires on
// the hour or the half hour), with two Daily instances racing on every tick
// and every job (two replicas). New York and Berlin change to winter time in
// the window (Berlin's 02:30 post happens twice on that night); Shanghai has
// no DST but a week of skip dates. The bot is down twice, once across a day
// boundary. It checks every channel got exactly its scheduled questions,
// reveals and leaderboards, each once; rotation never repeats before the pool
// is exhausted; points and streaks match an independent model.
func Simulate(t *testing.T, open OpenClocked) {
	sim := newSim(t, open)
	sim.run()
	for _, ch := range sim.channels {
		t.Run(ch.name, func(t *testing.T) { sim.check(t, ch) })
	}
}

const simTick = 30 * time.Minute

var (
	// 04:00 UTC is midnight in New York: Berlin and Shanghai start with
	// today's question missed, which the first tick catches up.
	simStart = time.Date(2026, 9, 30, 4, 0, 0, 0, time.UTC)
	simEnd   = simStart.AddDate(0, 0, 60)
	// simDown are the outages: [from, to).
	simDown = [][2]time.Time{
		{time.Date(2026, 10, 14, 13, 5, 0, 0, time.UTC), time.Date(2026, 10, 14, 16, 0, 0, 0, time.UTC)},
		{time.Date(2026, 10, 21, 13, 5, 0, 0, time.UTC), time.Date(2026, 10, 22, 5, 0, 0, 0, time.UTC)},
	}
)

func simUp(t time.Time) bool {
	for _, d := range simDown {
		if !t.Before(d[0]) && t.Before(d[1]) {
			return false
		}
	}
	return true
}

// simChannel is one channel's schedule told twice: as a bot.Schedule and
// as the plain calendar rules the model checks it against.
type simChannel struct {
	name     string
	id       int64
	loc      *time.Location
	sched    *bot.Schedule
	weekdays []time.Weekday
	qh, qm   int // question time
	rh, rm   int // reveal time, same day
	lbDay    time.Weekday
	lbh      int
	pause    [2]string // local dates [from, to) the channel is paused
	poolSize int
}

type simPost struct {
	kind     bot.PostKind
	date     string
	question string
	ref      string
	lb       *bot.Leaderboard
}

type sim struct {
	t        *testing.T
	ctx      context.Context
	store    bot.DailyStore
	daily    [2]*bot.Daily
	clock    *simClock
	msg      *simMessenger
	queue    *simQueue
	channels []*simChannel
	// late answers wait for their post to close.
	pendingLate []bot.Incoming
	lateAfter   []time.Time
	// answered[channel][member] lists, per question post in order, whether
	// the member answered on time, late, or not at all; scores likewise.
	record map[int64]*simRecord
}

type simRecord struct {
	dates  []string
	closes []time.Time
	onTime map[string][]bool
	late   map[string][]bool
	points map[string]int
}

type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// simMessenger records every post; it is shared by both replicas, as the
// chat platform is.
type simMessenger struct {
	mu       sync.Mutex
	n        int
	posts    map[int64][]simPost
	feedback int
}

func (m *simMessenger) add(ch *bot.Channel, p simPost) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.n++
	p.ref = fmt.Sprintf("ts-%d", m.n)
	m.posts[ch.ID] = append(m.posts[ch.ID], p)
	return p.ref
}

func (m *simMessenger) PostQuestion(_ context.Context, ch *bot.Channel, p *bot.Post, q *bot.Question) (string, error) {
	return m.add(ch, simPost{kind: bot.PostQuestion, date: p.LocalDate, question: q.ID}), nil
}

func (m *simMessenger) PostReveal(_ context.Context, ch *bot.Channel, p *bot.Post, q *bot.Question) (string, error) {
	return m.add(ch, simPost{kind: bot.PostReveal, date: p.LocalDate, question: q.ID}), nil
}

func (m *simMessenger) PostLeaderboard(_ context.Context, ch *bot.Channel, lb *bot.Leaderboard) (string, error) {
	return m.add(ch, simPost{kind: bot.PostLeaderboard, lb: lb}), nil
}

func (m *simMessenger) SendFeedback(context.Context, *bot.Channel, *bot.Member, *bot.Answer, *bot.Question) error {
	m.mu.Lock()
	m.feedback++
	m.mu.Unlock()
	return nil
}

// simQueue is one shared queue, unique per post key as River's is.
type simQueue struct {
	mu     sync.Mutex
	posts  []bot.DueJob
	grades []int64
}

func (q *simQueue) EnqueuePost(_ context.Context, channelID int64, kind bot.PostKind, date string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	j := bot.DueJob{ChannelID: channelID, Kind: kind, LocalDate: date}
	if !slices.Contains(q.posts, j) {
		q.posts = append(q.posts, j)
	}
	return nil
}

func (q *simQueue) EnqueuePosts(ctx context.Context, posts []bot.DueJob) error {
	for _, j := range posts {
		if err := q.EnqueuePost(ctx, j.ChannelID, j.Kind, j.LocalDate); err != nil {
			return err
		}
	}
	return nil
}

func (q *simQueue) EnqueueGrade(_ context.Context, id int64) error {
	q.mu.Lock()
	q.grades = append(q.grades, id)
	q.mu.Unlock()
	return nil
}

func (q *simQueue) take() ([]bot.DueJob, []int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	p, g := q.posts, q.grades
	q.posts, q.grades = nil, nil
	return p, g
}

// simGrader scores "score=NN" answers NN.
type simGrader struct{}

func (simGrader) Grade(_ context.Context, req bot.GradeRequest) (*bot.Grade, error) {
	_, s, _ := strings.Cut(req.Answer, "score=")
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, fmt.Errorf("sim grader: no score in %q", req.Answer)
	}
	return &bot.Grade{Score: n, Stars: bot.StarsFor(n), Grader: "sim", GraderVersion: "1"}, nil
}

func simBank(t *testing.T) *bot.Bank {
	topics := []string{"go-runtime", "networking", "os", "databases"}
	var qs []*bot.Question
	for i := range 24 {
		qs = append(qs, &bot.Question{ID: fmt.Sprintf("sim-q%02d", i), Track: "go-backend", Topic: topics[i%4],
			Difficulty: 1 + (i/4)%3, Rubric: bot.Rubric{Version: "r1"}})
	}
	b, err := bot.NewBank(qs)
	if err != nil {
		t.Fatalf("NewBank: %v", err)
	}
	return b
}

func mustLoc(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%s): %v", name, err)
	}
	return loc
}

var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

func newSim(t *testing.T, open OpenClocked) *sim {
	clock := &simClock{t: simStart}
	s := &sim{t: t, ctx: context.Background(), clock: clock, store: open(t, clock.Now),
		msg: &simMessenger{posts: map[int64][]simPost{}}, queue: &simQueue{}, record: map[int64]*simRecord{}}
	bank := simBank(t)
	for i := range s.daily {
		d, err := bot.NewDaily(bot.DailyConfig{Store: s.store, Bank: bank, Grader: simGrader{},
			Messengers: map[string]bot.Messenger{bot.PlatformSlack: s.msg, bot.PlatformWeCom: s.msg},
			Jobs:       s.queue, ParseCron: jobs.ParseCron, Now: clock.Now})
		if err != nil {
			t.Fatalf("NewDaily: %v", err)
		}
		s.daily[i] = d
	}
	ny := &simChannel{name: "new-york", loc: mustLoc(t, "America/New_York"), weekdays: weekdays,
		qh: 10, rh: 18, lbDay: time.Monday, lbh: 10, pause: [2]string{"2026-11-09", "2026-11-11"}, poolSize: 24}
	ny.sched = &bot.Schedule{Timezone: "America/New_York", PostCron: bot.DefaultPostCron, RevealCron: bot.DefaultRevealCron,
		LeaderboardCron: bot.DefaultLeaderboardCron, SkipDates: []string{"2026-11-26"}}
	berlin := &simChannel{name: "berlin", loc: mustLoc(t, "Europe/Berlin"), weekdays: append(slices.Clone(weekdays), time.Saturday, time.Sunday),
		qh: 2, qm: 30, rh: 20, lbDay: time.Sunday, lbh: 9, poolSize: 24}
	berlin.sched = &bot.Schedule{Timezone: "Europe/Berlin", PostCron: "30 2 * * *", RevealCron: "0 20 * * *", LeaderboardCron: "0 9 * * 0"}
	shanghai := &simChannel{name: "shanghai", loc: mustLoc(t, "Asia/Shanghai"), weekdays: weekdays,
		qh: 9, rh: 21, lbDay: time.Monday, lbh: 10, poolSize: 12}
	shanghai.sched = &bot.Schedule{Timezone: "Asia/Shanghai", PostCron: "0 9 * * 1-5", RevealCron: "0 21 * * 1-5",
		LeaderboardCron: bot.DefaultLeaderboardCron, Topics: []string{"networking", "os"},
		SkipDates: []string{"2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"}}
	for i, ch := range []*simChannel{ny, berlin, shanghai} {
		platform := bot.PlatformSlack
		if ch == shanghai {
			platform = bot.PlatformWeCom
		}
		c := &bot.Channel{Key: bot.ChannelKey{Platform: platform, Workspace: "W1", ChannelID: fmt.Sprintf("sim-%d", i)}, Name: ch.name}
		if err := s.store.UpsertChannel(s.ctx, c); err != nil {
			t.Fatalf("UpsertChannel: %v", err)
		}
		ch.id, ch.sched.ChannelID = c.ID, c.ID
		if err := s.daily[0].SaveSchedule(s.ctx, ch.sched); err != nil {
			t.Fatalf("SaveSchedule(%s): %v", ch.name, err)
		}
		s.channels = append(s.channels, ch)
		s.record[c.ID] = &simRecord{onTime: map[string][]bool{}, late: map[string][]bool{}, points: map[string]int{}}
	}
	return s
}

// run drives the clock from simStart to simEnd.
func (s *sim) run() {
	for now := simStart; now.Before(simEnd); now = now.Add(simTick) {
		if !simUp(now) {
			continue
		}
		s.clock.set(now)
		s.pauses(now)
		s.both(func(d *bot.Daily) error { return d.Tick(s.ctx) })
		posts, _ := s.queue.take()
		before := s.counts()
		for _, j := range posts {
			s.both(func(d *bot.Daily) error { return s.runPost(d, j) })
		}
		s.answerNew(before, now)
		s.answerLate(now)
		_, grades := s.queue.take()
		for _, id := range grades {
			if err := s.daily[int(id)%2].GradeAnswer(s.ctx, id); err != nil {
				s.t.Fatalf("%v: GradeAnswer(%d): %v", now, id, err)
			}
		}
		if s.t.Failed() {
			return
		}
	}
}

// both runs f on the two replicas at once. A replica may find the other
// one sending (EUNAVAILABLE); any other error fails the simulation.
func (s *sim) both(f func(d *bot.Daily) error) {
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, d := range s.daily {
		wg.Go(func() { errs[i] = f(d) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil && bot.ErrorCode(err) != bot.EUNAVAILABLE {
			s.t.Errorf("%v: replica %d: %v", s.clock.Now(), i, err)
		}
	}
}

func (s *sim) runPost(d *bot.Daily, j bot.DueJob) error {
	var err error
	switch j.Kind {
	case bot.PostQuestion:
		_, err = d.PostQuestion(s.ctx, j.ChannelID, j.LocalDate)
	case bot.PostReveal:
		_, err = d.Reveal(s.ctx, j.ChannelID, j.LocalDate)
	case bot.PostLeaderboard:
		_, err = d.PostLeaderboard(s.ctx, j.ChannelID, j.LocalDate)
	}
	return err
}

// pauses pauses and resumes the channels at local midnight of their pause
// dates, through the same SaveSchedule an admin command uses.
func (s *sim) pauses(now time.Time) {
	for _, ch := range s.channels {
		if ch.pause[0] == "" {
			continue
		}
		today := bot.LocalDate(now, ch.loc)
		paused := today >= ch.pause[0] && today < ch.pause[1]
		if paused != ch.sched.Paused {
			ch.sched.Paused = paused
			if err := s.daily[0].SaveSchedule(s.ctx, ch.sched); err != nil {
				s.t.Fatalf("SaveSchedule: %v", err)
			}
		}
	}
}

func (s *sim) counts() map[int64]int {
	s.msg.mu.Lock()
	defer s.msg.mu.Unlock()
	out := map[int64]int{}
	for id, ps := range s.msg.posts {
		out[id] = len(ps)
	}
	return out
}

var simMembers = []string{"every", "gaps", "late"}

// answerNew answers the questions posted this tick by the members' habits:
// "every" answers all of them on time, "gaps" misses every fifth, "late"
// answers every fourth one after the reveal. Each answer's score is a
// function of member and post, and one redelivery and one second reply per
// post check intake idempotency.
func (s *sim) answerNew(before map[int64]int, now time.Time) {
	for _, ch := range s.channels {
		s.msg.mu.Lock()
		fresh := slices.Clone(s.msg.posts[ch.id][before[ch.id]:])
		s.msg.mu.Unlock()
		for _, p := range fresh {
			if p.kind != bot.PostQuestion {
				continue
			}
			rec := s.record[ch.id]
			idx := len(rec.dates)
			post, err := s.store.FindPostByKey(s.ctx, ch.id, bot.PostQuestion, p.date)
			if err != nil {
				s.t.Fatalf("FindPostByKey: %v", err)
			}
			rec.dates = append(rec.dates, p.date)
			rec.closes = append(rec.closes, post.ClosesAt)
			for mi, m := range simMembers {
				score := (mi*37 + idx*11) % 101
				in := s.incoming(ch, m, p, idx, score, now)
				onTime := m == "every" || m == "gaps" && idx%5 != 3 || m == "late" && idx%4 != 1
				late := m == "late" && idx%4 == 1
				rec.onTime[m] = append(rec.onTime[m], onTime)
				rec.late[m] = append(rec.late[m], late)
				switch {
				case onTime:
					rec.points[m] += bot.PointsFor(score)
					s.submit(in, nil)
				case late:
					s.pendingLate = append(s.pendingLate, in)
					s.lateAfter = append(s.lateAfter, post.ClosesAt)
				}
			}
			// A redelivery of "every"'s answer and a second reply by them.
			dup := s.incoming(ch, "every", p, idx, 0, now)
			s.submit(dup, bot.ErrDuplicateDelivery)
			dup.DeliveryKey += "-second"
			s.submit(dup, bot.ErrAlreadyAnswered)
		}
	}
}

func (s *sim) incoming(ch *simChannel, member string, p simPost, idx, score int, now time.Time) bot.Incoming {
	ref := p.ref
	if ch.name == "shanghai" {
		ref = "" // WeCom: an @-reply answers the open question
	}
	return bot.Incoming{Channel: bot.ChannelKey{Platform: map[bool]string{true: bot.PlatformWeCom, false: bot.PlatformSlack}[ch.name == "shanghai"],
		Workspace: "W1", ChannelID: fmt.Sprintf("sim-%d", slices.Index(s.channels, ch))},
		Member: bot.MemberKey{Platform: "sim", Workspace: "W1", UserID: ch.name + "-" + member}, MemberName: member,
		PostRef: ref, Text: fmt.Sprintf("answer to %s score=%d", p.question, score),
		DeliveryKey: fmt.Sprintf("%s-%d-%s", ch.name, idx, member), At: now}
}

func (s *sim) submit(in bot.Incoming, want error) {
	a, err := s.daily[len(in.DeliveryKey)%2].SubmitAnswer(s.ctx, in)
	if !errors.Is(err, want) && !(want == nil && err == nil) {
		s.t.Errorf("%v: SubmitAnswer(%s): %v, want %v", s.clock.Now(), in.DeliveryKey, err, want)
	}
	if a == nil && err != nil && want != nil {
		s.t.Errorf("SubmitAnswer(%s) returned no answer with %v", in.DeliveryKey, err)
	}
}

func (s *sim) answerLate(now time.Time) {
	var keep []bot.Incoming
	var keepAfter []time.Time
	for i, in := range s.pendingLate {
		if now.Before(s.lateAfter[i]) {
			keep, keepAfter = append(keep, in), append(keepAfter, s.lateAfter[i])
			continue
		}
		// A WeCom @-reply after the reveal still answers the latest
		// question: the next one is not out before tomorrow.
		s.submit(in, nil)
	}
	s.pendingLate, s.lateAfter = keep, keepAfter
}
