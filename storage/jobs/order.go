package jobs

import (
	"github.com/interviewbot/interviewbot/bot"
	"github.com/riverqueue/river"
)

// postPriority orders post jobs by kind, so that a push to many channels
// sends every channel's first message before any channel's second.
//
// A tick enqueues a channel's due posts side by side. Slack takes about one
// message per second per channel, so a worker that picks the second post of
// a channel whose first just left waits out that second (the Slack pacer
// holds it), and with ten workers a thousand channels' Monday posts (the
// question and the leaderboard) would crawl at a few channels a second.
// River fetches by priority first: all questions, then reveals, then
// leaderboards; by the time a channel's second message is fetched, its
// first left long ago and nobody waits. Grading shares priority 1 with the
// questions, in insertion order.
func postPriority(kind bot.PostKind) int {
	switch kind {
	case bot.PostReveal:
		return 2
	case bot.PostLeaderboard:
		return 3
	default:
		return 1
	}
}

// InsertOpts are every post job's options, however it is inserted: its
// priority, its queue, a dozen attempts, and uniqueness by its arguments
// (the post's key), so a second tick or replica adds nothing.
func (a postArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Priority: postPriority(bot.PostKind(a.Kind_)), Queue: PostQueue, MaxAttempts: 12,
		UniqueOpts: river.UniqueOpts{ByArgs: true}}
}
