package slack_test

import (
	"context"
	"sync"
	"time"

	slackad "github.com/interviewbot/interviewbot/adapters/slack"
	"github.com/interviewbot/interviewbot/bot"
)

// fakeGrader grades by length, and its review quotes markup, so tests can
// see that feedback is escaped for mrkdwn.
type fakeGrader struct{}

func (fakeGrader) Grade(_ context.Context, req bot.GradeRequest) (*bot.Grade, error) {
	score := min(100, 20+len(req.Answer))
	return &bot.Grade{
		Score: score, Stars: bot.StarsFor(score), Grader: "fake", GraderVersion: "1", RubricVersion: req.Question.Rubric.Version,
		Review: bot.Review{Lang: req.Lang, Strengths: []string{"You said <!channel> & *that*"}, Gaps: []string{"Say more about " + req.Question.ID}, Summary: "graded by the fake"},
	}, nil
}

// fakeDeliveries is an in-memory DeliveryStore.
type fakeDeliveries struct {
	mu     sync.Mutex
	seen   map[string]bool
	claims int
	fail   error
}

func newFakeDeliveries() *fakeDeliveries { return &fakeDeliveries{seen: map[string]bool{}} }

func (d *fakeDeliveries) ClaimDelivery(_ context.Context, platform, key string, _ time.Time) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fail != nil {
		return false, d.fail
	}
	d.claims++
	k := platform + "/" + key
	if d.seen[k] {
		return false, nil
	}
	d.seen[k] = true
	return true, nil
}

func (d *fakeDeliveries) count() (keys, claims int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.seen), d.claims
}

// fakeChannels is an in-memory ChannelStore.
type fakeChannels struct {
	mu        sync.Mutex
	ids       map[bot.ChannelKey]int64
	schedules map[int64]*bot.Schedule
}

func (c *fakeChannels) UpsertChannel(_ context.Context, ch *bot.Channel) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids == nil {
		c.ids = map[bot.ChannelKey]int64{}
	}
	id, ok := c.ids[ch.Key]
	if !ok {
		id = int64(len(c.ids) + 1)
		c.ids[ch.Key] = id
	}
	ch.ID = id
	return nil
}

func (c *fakeChannels) FindSchedule(_ context.Context, id int64) (*bot.Schedule, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.schedules[id]; ok {
		cp := *s
		return &cp, nil
	}
	return nil, bot.Errorf(bot.ENOTFOUND, "no schedule")
}

func (c *fakeChannels) SaveSchedule(_ context.Context, s *bot.Schedule) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.schedules == nil {
		c.schedules = map[int64]*bot.Schedule{}
	}
	cp := *s
	c.schedules[s.ChannelID] = &cp
	return nil
}

// fakeDaily stands in for bot.Daily until it lands: one question post in
// one channel, one counted answer per person, grading done on the spot
// (where the real one enqueues a job) and feedback sent through the
// adapter's Messenger.
type fakeDaily struct {
	mu      sync.Mutex
	msgr    bot.Messenger
	bank    *bot.Bank
	channel *bot.Channel
	post    *bot.Post
	q       *bot.Question
	answers map[string]*bot.Answer // by Slack user id
	calls   []string
	// unavailable is how many more SubmitAnswer calls fail as if the
	// database were restarting.
	unavailable int
}

func newFakeDaily(bank *bot.Bank) *fakeDaily {
	return &fakeDaily{bank: bank, answers: map[string]*bot.Answer{}}
}

// PostQuestion posts q in channel as the day's question.
func (d *fakeDaily) PostQuestion(ctx context.Context, channel string, q *bot.Question) (*bot.Post, error) {
	ch := &bot.Channel{ID: 1, Key: bot.ChannelKey{Platform: bot.PlatformSlack, Workspace: "T0FAKE", ChannelID: channel}, Lang: bot.LangEN}
	p := &bot.Post{ID: 1, ChannelID: 1, Kind: bot.PostQuestion, LocalDate: "2025-03-03", QuestionID: q.ID, ClosesAt: time.Date(2025, 3, 3, 18, 0, 0, 0, time.UTC)}
	ref, err := d.msgr.PostQuestion(ctx, ch, p, q)
	if err != nil {
		return nil, err
	}
	p.Ref = ref
	d.mu.Lock()
	d.channel, d.post, d.q = ch, p, q
	d.mu.Unlock()
	return p, nil
}

// Reveal posts the reference answer under the question.
func (d *fakeDaily) Reveal(ctx context.Context) error {
	_, err := d.msgr.PostReveal(ctx, d.channel, d.post, d.q)
	return err
}

func (d *fakeDaily) record(call string, in slackad.Incoming) {
	d.calls = append(d.calls, call+" "+in.Member.UserID+" "+in.DeliveryKey)
}

func (d *fakeDaily) Calls() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.calls...)
}

func (d *fakeDaily) grade(ctx context.Context, a *bot.Answer, user string) error {
	g, _ := fakeGrader{}.Grade(ctx, bot.GradeRequest{Question: d.q, Answer: a.Text, Lang: bot.LangEN})
	a.Grade = g
	m := &bot.Member{Key: bot.MemberKey{Platform: bot.PlatformSlack, Workspace: "T0FAKE", UserID: user}, Lang: bot.LangEN}
	return d.msgr.SendFeedback(ctx, d.channel, m, a, d.q)
}

func (d *fakeDaily) SubmitAnswer(ctx context.Context, in slackad.Incoming) (*bot.Answer, error) {
	d.mu.Lock()
	d.record("submit", in)
	if d.unavailable > 0 {
		d.unavailable--
		d.mu.Unlock()
		return nil, bot.Errorf(bot.EUNAVAILABLE, "The database is unavailable.")
	}
	if d.post == nil || in.PostRef != d.post.Ref || in.Channel != d.channel.Key {
		d.mu.Unlock()
		return nil, bot.Errorf(bot.ENOTFOUND, "not a question post")
	}
	if a, ok := d.answers[in.Member.UserID]; ok && !a.Withdrawn {
		d.mu.Unlock()
		return nil, bot.Errorf(bot.ECONFLICT, "You already answered today's question; edit your answer to change it.")
	}
	a := &bot.Answer{ID: int64(len(d.answers) + 1), PostID: d.post.ID, QuestionID: d.q.ID, Text: in.Text, CreatedAt: in.At}
	d.answers[in.Member.UserID] = a
	d.mu.Unlock()
	return a, d.grade(ctx, a, in.Member.UserID)
}

func (d *fakeDaily) EditAnswer(ctx context.Context, in slackad.Incoming) (*bot.Answer, error) {
	d.mu.Lock()
	d.record("edit", in)
	a, ok := d.answers[in.Member.UserID]
	if !ok || d.post == nil || in.PostRef != d.post.Ref {
		d.mu.Unlock()
		return nil, bot.Errorf(bot.ENOTFOUND, "no answer")
	}
	a.Text = in.Text
	d.mu.Unlock()
	return a, d.grade(ctx, a, in.Member.UserID)
}

func (d *fakeDaily) WithdrawAnswer(_ context.Context, in slackad.Incoming) (*bot.Answer, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.record("withdraw", in)
	a, ok := d.answers[in.Member.UserID]
	if !ok || d.post == nil || in.PostRef != d.post.Ref {
		return nil, bot.Errorf(bot.ENOTFOUND, "no answer")
	}
	a.Withdrawn = true
	return a, nil
}

func (d *fakeDaily) counted() []*bot.Answer {
	var out []*bot.Answer
	for _, a := range d.answers {
		if !a.Withdrawn {
			out = append(out, a)
		}
	}
	return out
}

func (d *fakeDaily) Leaderboard(_ context.Context, channelID int64, period bot.Period, now time.Time) (*bot.Leaderboard, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	lb := &bot.Leaderboard{ChannelID: channelID, Period: period, To: now}
	rank := 0
	for user, a := range d.answers {
		if a.Withdrawn || a.Grade == nil {
			continue
		}
		rank++
		lb.Entries = append(lb.Entries, bot.LeaderboardEntry{Rank: rank, Member: bot.Member{Key: bot.MemberKey{Platform: bot.PlatformSlack, UserID: user}},
			Points: bot.PointsFor(a.Grade.Score), Answers: 1, AvgScore: float64(a.Grade.Score), Streak: 1})
	}
	return lb, nil
}

func (d *fakeDaily) Stats(_ context.Context, m bot.MemberKey) (*bot.MemberStats, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := &bot.MemberStats{}
	if a, ok := d.answers[m.UserID]; ok && !a.Withdrawn && a.Grade != nil {
		st.Answers, st.AvgScore, st.Points, st.Streak, st.BestStreak = 1, float64(a.Grade.Score), bot.PointsFor(a.Grade.Score), 1, 1
		if d.q != nil && a.Grade.Score < 60 {
			st.WeakestTopics = []string{d.q.Topic}
		}
	}
	return st, nil
}
