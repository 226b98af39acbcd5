package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
)

// Paths every target serves: interviewbot's, the bare handler's (any path)
// and the Bolt app's (its ExpressReceiver is given both).
const (
	pathCommands = "/slack/commands"
	pathEvents   = "/slack/events"
)

// options say what to sign.
type options struct {
	Kind    string // "command", "help" or "event"
	N       int
	Secret  string
	Channel string
	Thread  string // events: the question post's ts
	Text    string
	Nonce   string    // keeps ids of different runs apart
	At      time.Time // the signature's timestamp
}

func (o options) check() error {
	switch {
	case o.Kind != "command" && o.Kind != "help" && o.Kind != "event":
		return fmt.Errorf("-kind %q: want command, help or event", o.Kind)
	case o.N < 1:
		return errors.New("-n must be at least 1")
	case o.Secret == "":
		return errors.New("-secret is required")
	case o.Kind == "event" && o.Thread == "":
		return errors.New("-thread (the question post's ts) is required for events")
	}
	return nil
}

// delivery is one request before it is framed for wrk.
type delivery struct {
	path, contentType string
	body              []byte
}

// build returns the i-th distinct delivery.
func build(o options, i int) delivery {
	user := fmt.Sprintf("UB%s%07d", o.Nonce, i)
	if o.Kind == "command" || o.Kind == "help" {
		f := fakeslack.SlashCommand("/mock-interview", "", user, o.Channel)
		if o.Kind == "help" {
			f = fakeslack.SlashCommand("/interview", "help", user, o.Channel)
		}
		f.Set("trigger_id", fmt.Sprintf("bench-%s-%d", o.Nonce, i))
		f.Set("response_url", fmt.Sprintf("https://hooks.slack.invalid/commands/bench-%s-%d", o.Nonce, i))
		return delivery{pathCommands, fakeslack.ContentForm, []byte(f.Encode())}
	}
	text := o.Text
	if text == "" {
		text = "The scheduler multiplexes goroutines onto OS threads; a blocked syscall hands its P to another M."
	}
	// A reply's ts follows the question's and is unique per request.
	ts := fmt.Sprintf("%d.%06d", o.At.Unix()+int64(i/1_000_000), i%1_000_000)
	inner := map[string]any{
		"type": "message", "channel": o.Channel, "user": user, "text": text, "ts": ts, "event_ts": ts,
		"thread_ts": o.Thread, "channel_type": "channel", "team": fakeslack.TeamID, "client_msg_id": "cm-" + ts,
	}
	return delivery{pathEvents, fakeslack.ContentJSON, fakeslack.EventCallback(fmt.Sprintf("EvB%s%d", o.Nonce, i), inner)}
}

// raw is d as an HTTP/1.1 request with the headers Slack sends, signed
// with secret at at.
func raw(d delivery, secret string, at time.Time) []byte {
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: Slackbot 1.0 (+https://api.slack.com/robots)\r\n"+
		"Content-Type: %s\r\nContent-Length: %d\r\nX-Slack-Request-Timestamp: %d\r\nX-Slack-Signature: %s\r\n\r\n",
		d.path, d.contentType, len(d.body), at.Unix(), fakeslack.Sign(secret, at, d.body))
	return append([]byte(head), d.body...)
}

// write frames o.N requests for replay.lua: the length, a newline, the bytes.
func write(w io.Writer, o options) error {
	for i := range o.N {
		r := raw(build(o, i), o.Secret, o.At)
		if _, err := io.WriteString(w, strconv.Itoa(len(r))+"\n"); err != nil {
			return err
		}
		if _, err := w.Write(r); err != nil {
			return err
		}
	}
	return nil
}
