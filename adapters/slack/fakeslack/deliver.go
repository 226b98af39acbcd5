package fakeslack

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"
)

// Sign computes X-Slack-Signature the way Slack documents it:
// "v0=" + hex(HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + body)).
func Sign(secret string, ts time.Time, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + strconv.FormatInt(ts.Unix(), 10) + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// SignedRequest is an HTTP delivery to target signed with secret at ts, with
// the headers Slack sends.
func SignedRequest(target, secret string, ts time.Time, contentType string, body []byte) *http.Request {
	r, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		panic(fmt.Sprintf("fakeslack: build request to %s: %v", target, err))
	}
	r.Header.Set("Content-Type", contentType)
	r.Header.Set("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
	r.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts.Unix(), 10))
	r.Header.Set("X-Slack-Signature", Sign(secret, ts, body))
	return r
}

// Content types of Slack's deliveries.
const (
	ContentJSON = "application/json"
	ContentForm = "application/x-www-form-urlencoded"
)

// EventCallback wraps an inner event in the event_callback envelope the
// Events API delivers (and Socket Mode carries as an events_api payload).
func EventCallback(eventID string, inner map[string]any) json.RawMessage {
	return mustJSON(map[string]any{
		"token":          "legacy-verification-token",
		"team_id":        TeamID,
		"api_app_id":     AppID,
		"event":          inner,
		"type":           "event_callback",
		"event_id":       eventID,
		"event_time":     time.Now().Unix(),
		"event_context":  "4-fake",
		"authorizations": []map[string]any{{"team_id": TeamID, "user_id": BotUserID, "is_bot": true}},
	})
}

// URLVerification is the handshake Slack sends when the events URL is saved.
func URLVerification(challenge string) json.RawMessage {
	return mustJSON(map[string]any{"token": "legacy-verification-token", "challenge": challenge, "type": "url_verification"})
}

// UserMessage stores a message person wrote in channel (a reply under
// threadTS when it is set) and returns the message event Slack sends for it.
// channelType is "channel", "group" or "im".
func (s *Server) UserMessage(channel, channelType, user, text, threadTS string) (Message, map[string]any) {
	s.mu.Lock()
	m := &Message{Channel: channel, TS: s.nextTS(), ThreadTS: threadTS, Author: user, Text: text, At: s.Now()}
	s.messages = append(s.messages, m)
	s.notify()
	s.mu.Unlock()
	ev := map[string]any{
		"type": "message", "channel": channel, "user": user, "text": text, "ts": m.TS,
		"event_ts": m.TS, "channel_type": channelType, "team": TeamID, "client_msg_id": "cm-" + m.TS,
	}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	return *m, ev
}

// MessageChanged edits a stored message and returns the message_changed event.
func (s *Server) MessageChanged(m Message, channelType, text string) map[string]any {
	s.mu.Lock()
	prev := *m.copyFrom(s)
	if stored := s.find(m.Channel, m.TS); stored != nil {
		stored.Text = text
		stored.Edits++
	}
	evTS := s.nextTS()
	s.notify()
	s.mu.Unlock()
	now := map[string]any{"type": "message", "user": m.Author, "text": text, "ts": m.TS,
		"edited": map[string]any{"user": m.Author, "ts": evTS}}
	if m.ThreadTS != "" {
		now["thread_ts"] = m.ThreadTS
	}
	return map[string]any{
		"type": "message", "subtype": "message_changed", "hidden": true, "channel": m.Channel,
		"channel_type": channelType, "ts": evTS, "event_ts": evTS,
		"message": now, "previous_message": prev.event(),
	}
}

// MessageDeleted removes a stored message and returns the message_deleted event.
func (s *Server) MessageDeleted(m Message, channelType string) map[string]any {
	s.mu.Lock()
	prev := *m.copyFrom(s)
	for i, x := range s.messages {
		if x.Channel == m.Channel && x.TS == m.TS {
			s.messages = append(s.messages[:i], s.messages[i+1:]...)
			break
		}
	}
	evTS := s.nextTS()
	s.notify()
	s.mu.Unlock()
	return map[string]any{
		"type": "message", "subtype": "message_deleted", "hidden": true, "channel": m.Channel,
		"channel_type": channelType, "ts": evTS, "event_ts": evTS, "deleted_ts": m.TS,
		"previous_message": prev.event(),
	}
}

// copyFrom returns the stored version of m (its latest text), or m itself.
func (m Message) copyFrom(s *Server) *Message {
	if stored := s.find(m.Channel, m.TS); stored != nil {
		c := *stored
		return &c
	}
	return &m
}

// event is the message as it appears nested in another event.
func (m Message) event() map[string]any {
	ev := map[string]any{"type": "message", "user": m.Author, "text": m.Text, "ts": m.TS}
	if m.ThreadTS != "" {
		ev["thread_ts"] = m.ThreadTS
	}
	if m.Author == BotUserID {
		ev["bot_id"] = BotID
	}
	return ev
}

// AppHomeOpened is the event sent when user opens the app's Home tab.
func AppHomeOpened(user string) map[string]any {
	return map[string]any{"type": "app_home_opened", "user": user, "channel": DMChannel(user), "tab": "home", "event_ts": "1700000000.000001"}
}

var triggers atomic.Int64

// SlashCommand is the form Slack posts for a slash command, as name/value pairs.
func SlashCommand(command, text, user, channel string) url.Values {
	n := triggers.Add(1)
	return url.Values{
		"token":        {"legacy-verification-token"},
		"team_id":      {TeamID},
		"team_domain":  {"fake"},
		"channel_id":   {channel},
		"channel_name": {"general"},
		"user_id":      {user},
		"user_name":    {"user-" + user},
		"command":      {command},
		"text":         {text},
		"api_app_id":   {AppID},
		"response_url": {"https://hooks.slack.invalid/commands/" + strconv.FormatInt(n, 10)},
		"trigger_id":   {fmt.Sprintf("trigger-%d", n)},
	}
}

// CommandJSON is a slash command as the payload of a Socket Mode envelope.
func CommandJSON(v url.Values) json.RawMessage {
	m := map[string]string{}
	for k := range v {
		m[k] = v.Get(k)
	}
	return mustJSON(m)
}

// BlockAction is the interaction payload for a click on a button with
// actionID and value in a channel message.
func BlockAction(user, channel, messageTS, actionID, value string) json.RawMessage {
	n := triggers.Add(1)
	return mustJSON(map[string]any{
		"type":         "block_actions",
		"team":         map[string]any{"id": TeamID, "domain": "fake"},
		"user":         map[string]any{"id": user, "username": "user-" + user, "team_id": TeamID},
		"api_app_id":   AppID,
		"token":        "legacy-verification-token",
		"trigger_id":   fmt.Sprintf("trigger-%d", n),
		"container":    map[string]any{"type": "message", "message_ts": messageTS, "channel_id": channel, "is_ephemeral": false},
		"channel":      map[string]any{"id": channel, "name": "general"},
		"message":      map[string]any{"type": "message", "ts": messageTS, "user": BotUserID, "bot_id": BotID},
		"response_url": "https://hooks.slack.invalid/actions/" + strconv.FormatInt(n, 10),
		"actions": []map[string]any{{
			"type": "button", "action_id": actionID, "block_id": "daily", "value": value,
			"text": map[string]any{"type": "plain_text", "text": actionID}, "action_ts": "1700000000.000002",
		}},
	})
}

// InteractionForm is the form body Slack posts to the interactivity URL.
func InteractionForm(payload json.RawMessage) []byte {
	return []byte(url.Values{"payload": {string(payload)}}.Encode())
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("fakeslack: marshal: %v", err))
	}
	return b
}
