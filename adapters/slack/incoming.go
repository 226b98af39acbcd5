package slack

import "github.com/interviewbot/interviewbot/bot"

// Incoming is one Slack message offered to the daily use case: a reply in
// a question's thread (PostRef is its thread_ts, MessageRef its own ts,
// DeliveryKey the event_id).
type Incoming = bot.Incoming
