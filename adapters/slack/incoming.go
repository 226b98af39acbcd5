package slack

import (
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// Incoming is one message offered to the daily use case as an answer.
//
// It mirrors bot.Incoming, which the daily-question work is adding to bot;
// once that lands this becomes `type Incoming = bot.Incoming` so *bot.Daily
// satisfies Daily without an adapter in between.
type Incoming struct {
	Channel     bot.ChannelKey
	ChannelName string
	Member      bot.MemberKey
	MemberName  string
	PostRef     string // thread_ts: the question message the reply is under
	Text        string
	DeliveryKey string // the Events API event_id
	At          time.Time
}
