package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

const testSecret = "bench-signing-secret"

// MustRequests writes o and reads the framed requests back as replay.lua
// does: a length line, then that many bytes.
func MustRequests(tb testing.TB, o options) []*http.Request {
	tb.Helper()
	var buf bytes.Buffer
	if err := write(&buf, o); err != nil {
		tb.Fatalf("write: %v", err)
	}
	br := bufio.NewReader(&buf)
	var out []*http.Request
	for {
		line, err := br.ReadString('\n')
		if err == io.EOF && line == "" {
			return out
		}
		n, err := strconv.Atoi(strings.TrimSuffix(line, "\n"))
		if err != nil {
			tb.Fatalf("frame %d: length line %q: %v", len(out), line, err)
		}
		raw := make([]byte, n)
		if _, err := io.ReadFull(br, raw); err != nil {
			tb.Fatalf("frame %d: %v", len(out), err)
		}
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			tb.Fatalf("frame %d does not parse as HTTP: %v", len(out), err)
		}
		out = append(out, r)
	}
}

// verify runs slack-go's verifier, the check adapters/slack's handler
// makes before anything else, and returns the body.
func verify(t *testing.T, r *http.Request, secret string) ([]byte, error) {
	t.Helper()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	sv, err := slack.NewSecretsVerifier(r.Header, secret)
	if err != nil {
		return body, err
	}
	sv.Write(body)
	return body, sv.Ensure()
}

func TestSignedRequestsVerifyAndParse(t *testing.T) {
	at := time.Now()
	for _, tc := range []struct {
		kind, path string
		check      func(t *testing.T, r *http.Request, body []byte) string // returns the dedup key
	}{
		{"command", pathCommands, func(t *testing.T, r *http.Request, body []byte) string {
			r.Body = io.NopCloser(bytes.NewReader(body))
			c, err := slack.SlashCommandParse(r)
			if err != nil {
				t.Fatalf("slash command does not parse: %v", err)
			}
			if c.Command != "/mock-interview" || c.UserID == "" || c.ChannelID != "C9" {
				t.Errorf("command = %q user %q channel %q, want /mock-interview by someone in C9", c.Command, c.UserID, c.ChannelID)
			}
			return c.TriggerID + " " + c.UserID
		}},
		{"event", pathEvents, func(t *testing.T, r *http.Request, body []byte) string {
			ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
			if err != nil {
				t.Fatalf("event does not parse: %v", err)
			}
			m, ok := ev.InnerEvent.Data.(*slackevents.MessageEvent)
			if !ok {
				t.Fatalf("inner event is %T, want a message", ev.InnerEvent.Data)
			}
			if m.ThreadTimeStamp != "1700000001.000001" || m.TimeStamp == m.ThreadTimeStamp || m.User == "" || m.Channel != "C9" {
				t.Errorf("message %+v is not a thread reply by someone under 1700000001.000001 in C9", m)
			}
			cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
			if !ok || cb.EventID == "" {
				t.Fatalf("no event_id in %T", ev.Data)
			}
			return cb.EventID + " " + m.TimeStamp + " " + m.User
		}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			o := options{Kind: tc.kind, N: 50, Secret: testSecret, Channel: "C9", Thread: "1700000001.000001", Nonce: "7", At: at}
			reqs := MustRequests(t, o)
			if len(reqs) != o.N {
				t.Fatalf("read %d requests, want %d", len(reqs), o.N)
			}
			seen := map[string]bool{}
			for i, r := range reqs {
				if r.Method != http.MethodPost || r.URL.Path != tc.path {
					t.Errorf("request %d is %s %s, want POST %s", i, r.Method, r.URL.Path, tc.path)
				}
				body, err := verify(t, r, testSecret)
				if err != nil {
					t.Fatalf("request %d fails slack-go's verifier: %v", i, err)
				}
				if int64(len(body)) != r.ContentLength {
					t.Errorf("request %d: body %d bytes, Content-Length %d", i, len(body), r.ContentLength)
				}
				key := tc.check(t, r, body)
				for _, part := range strings.Fields(key) {
					if seen[part] {
						t.Errorf("request %d repeats %q: the bot would count it as a duplicate", i, part)
					}
					seen[part] = true
				}
			}
		})
	}
}

// TestSignedRequestsRefused makes sure the verifier above can fail: the
// wrong secret and a changed body are refused.
func TestSignedRequestsRefused(t *testing.T) {
	o := options{Kind: "command", N: 1, Secret: testSecret, Channel: "C9", Nonce: "7", At: time.Now()}
	for _, tc := range []struct {
		name   string
		secret string
		tamper bool
	}{
		{"wrong secret", "another-secret", false},
		{"changed body", testSecret, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := MustRequests(t, o)[0]
			if tc.tamper {
				b, _ := io.ReadAll(r.Body)
				r.Body = io.NopCloser(bytes.NewReader(bytes.Replace(b, []byte("mock-interview"), []byte("mock-interviEw"), 1)))
			}
			if _, err := verify(t, r, tc.secret); err == nil {
				t.Errorf("verified, want a signature error")
			}
		})
	}
}

func TestOptionsCheck(t *testing.T) {
	ok := options{Kind: "event", N: 1, Secret: "s", Thread: "1.2"}
	for _, tc := range []struct {
		name   string
		change func(*options)
		want   string
	}{
		{"valid", func(*options) {}, ""},
		{"unknown kind", func(o *options) { o.Kind = "click" }, "want command, help or event"},
		{"no requests", func(o *options) { o.N = 0 }, "at least 1"},
		{"no secret", func(o *options) { o.Secret = "" }, "-secret"},
		{"event without thread", func(o *options) { o.Thread = "" }, "-thread"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := ok
			tc.change(&o)
			err := o.check()
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("check() = %v, want %q", err, tc.want)
			}
		})
	}
}
