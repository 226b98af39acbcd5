package fakeslack

import (
	"time"
)

// channelLimit is Slack's documented special limit on chat.postMessage:
// about one message per second per channel. Slack tolerates short bursts;
// the fake does not, so a sender that passes here never relies on them.
// File uploads are not counted: in Slack the files.* methods have their own
// per-workspace tiers, not this per-channel rule. Server.mu guards it.
type channelLimit struct {
	every time.Duration        // 0: no limit
	last  map[string]time.Time // channel → when its last message was accepted
	// posted counts accepted chat.postMessage calls, limited or not.
	posted int
}

// LimitPostsPerChannel makes chat.postMessage accept at most one message
// per channel every interval (Slack's rule is one a second): a message that
// comes sooner is not posted and gets HTTP 429 with Retry-After in whole
// seconds, rounded up, as Slack sends it. Zero turns the limit off.
func (s *Server) LimitPostsPerChannel(every time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pace.every = every
}

// Throttled reports how many requests the fake answered with 429, whether
// from RateLimit or from the per-channel limit.
func (s *Server) Throttled() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.throttled
}

// Posted reports how many messages chat.postMessage accepted; cheaper
// than Messages for a caller that polls.
func (s *Server) Posted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pace.posted
}

// PostedIn keeps the bot's non-ephemeral messages in channel, thread
// replies included: what the per-channel limit counts.
func PostedIn(channel string) func(Message) bool {
	return func(m Message) bool { return m.Channel == channel && !m.Ephemeral && m.Author == BotUserID }
}

// check reports whether a call of method to channel at now must be refused,
// and the Retry-After to send.
func (l *channelLimit) check(method, channel string, now time.Time) (retryAfter int, limited bool) {
	if l.every <= 0 || method != "chat.postMessage" || channel == "" {
		return 0, false
	}
	last, ok := l.last[channel]
	if !ok {
		return 0, false
	}
	wait := l.every - now.Sub(last)
	if wait <= 0 {
		return 0, false
	}
	return int((wait + time.Second - 1) / time.Second), true
}

// accepted records that a message was posted to channel at.
func (l *channelLimit) accepted(channel string, at time.Time) {
	if l.last == nil {
		l.last = map[string]time.Time{}
	}
	l.last[channel] = at
	l.posted++
}
