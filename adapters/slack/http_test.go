package slack_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
)

func TestURLVerification(t *testing.T) {
	h := MustHarness(t)
	code, body := h.post("/slack/events", fakeslack.ContentJSON, fakeslack.URLVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"))
	if code != http.StatusOK || !strings.Contains(body, `"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"`) {
		t.Errorf("url_verification = %d %s; want 200 echoing the challenge", code, body)
	}
}

// TestBadSignatureChangesNothing sends deliveries that would each have an
// effect (a DM answer, a slash command, a button click) with a forged, a
// stale and a missing signature: every one gets 401, and nothing is
// claimed, stored or sent.
func TestBadSignatureChangesNothing(t *testing.T) {
	_, dmEvent := fakeslack.New(t).UserMessage("DU1", "im", "U1", "an answer", "")
	deliveries := []struct {
		name, path, contentType string
		body                    []byte
	}{
		{"event", "/slack/events", fakeslack.ContentJSON, fakeslack.EventCallback("Ev1", dmEvent)},
		{"command", "/slack/commands", fakeslack.ContentForm, []byte(fakeslack.SlashCommand("/mock-interview", "en 3", "U1", "C1").Encode())},
		{"interaction", "/slack/interactivity", fakeslack.ContentForm, fakeslack.InteractionForm(fakeslack.BlockAction("U1", "C1", "1.1", "daily_score", "q"))},
	}
	signings := []struct {
		name string
		sign func(r *http.Request, body []byte)
	}{
		{"forged", func(r *http.Request, body []byte) {
			r.Header.Set("X-Slack-Signature", fakeslack.Sign("not-the-secret", time.Now(), body))
		}},
		{"stale", func(r *http.Request, body []byte) {
			old := time.Now().Add(-6 * time.Minute)
			r.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(old.Unix(), 10))
			r.Header.Set("X-Slack-Signature", fakeslack.Sign(testSecret, old, body))
		}},
		{"future", func(r *http.Request, body []byte) {
			later := time.Now().Add(6 * time.Minute)
			r.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(later.Unix(), 10))
			r.Header.Set("X-Slack-Signature", fakeslack.Sign(testSecret, later, body))
		}},
		{"body changed", func(r *http.Request, body []byte) {
			r.Header.Set("X-Slack-Signature", fakeslack.Sign(testSecret, time.Now(), append(body, ' ')))
		}},
		{"missing", func(r *http.Request, _ []byte) { r.Header.Del("X-Slack-Signature") }},
		{"not v0", func(r *http.Request, body []byte) {
			r.Header.Set("X-Slack-Signature", "v1="+strings.TrimPrefix(fakeslack.Sign(testSecret, time.Now(), body), "v0="))
		}},
	}
	h := MustHarness(t)
	for _, d := range deliveries {
		for _, s := range signings {
			t.Run(d.name+"/"+s.name, func(t *testing.T) {
				code, _ := h.post(d.path, d.contentType, d.body, func(r *http.Request) { s.sign(r, d.body) })
				if code != http.StatusUnauthorized {
					t.Errorf("status = %d, want 401", code)
				}
			})
		}
	}
	// A correctly signed delivery afterwards works, so the 401s were the signatures.
	h.command("/interview", "stats", "U9", "C1")
	h.fake.Wait(5*time.Second, "the stats reply", func(s *fakeslack.Server) bool { return len(s.Messages(fakeslack.EphemeralTo("U9"))) == 1 })
	keys, _ := h.deliv.count()
	if keys != 1 {
		t.Errorf("claimed %d deliveries; want only the one correctly signed", keys)
	}
	if n := len(h.fake.Messages(nil)); n != 1 {
		t.Errorf("fake Slack holds %d messages; want only the stats reply", n)
	}
	if got := h.fake.Calls("conversations.open"); got != 0 {
		t.Errorf("conversations.open called %d times by refused deliveries", got)
	}
	if calls := h.daily.Calls(); len(calls) != 0 {
		t.Errorf("daily use case called: %v", calls)
	}
	for _, reason := range []string{"signature mismatch", "stale timestamp", "missing signature headers"} {
		if !strings.Contains(h.logs.String(), reason) {
			t.Errorf("log does not name the reason %q", reason)
		}
	}
}

func TestMalformedPayloadIs400(t *testing.T) {
	tests := []struct {
		name, path, contentType, body, reason string
	}{
		{"events not JSON", "/slack/events", fakeslack.ContentJSON, `{"type": "event_callback",`, "events body is not JSON"},
		{"callback without event_id", "/slack/events", fakeslack.ContentJSON, `{"type":"event_callback","team_id":"T1","event":{"type":"message","channel":"C1","user":"U1","text":"x","ts":"1.2"}}`, "event_callback does not parse"},
		{"callback with broken event", "/slack/events", fakeslack.ContentJSON, `{"type":"event_callback","event_id":"Ev9","event":{"type":"message","text":7}}`, "event_callback does not parse"},
		{"command without command", "/slack/commands", fakeslack.ContentForm, "user_id=U1&text=stats", "slash command without command"},
		{"command bad form", "/slack/commands", fakeslack.ContentForm, "user_id=%zz", "slash command form does not parse"},
		{"interaction without payload", "/slack/interactivity", fakeslack.ContentForm, "foo=bar", "interactivity form without payload"},
		{"interaction not JSON", "/slack/interactivity", fakeslack.ContentForm, "payload=%7Bnope", "interactivity payload is not JSON"},
	}
	h := MustHarness(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := h.post(tt.path, tt.contentType, []byte(tt.body))
			if code != http.StatusBadRequest {
				t.Errorf("status = %d (%s), want 400", code, body)
			}
			if !strings.Contains(h.logs.String(), `reason="`+tt.reason) {
				t.Errorf("log lacks reason %q:\n%s", tt.reason, h.logs.String())
			}
		})
	}
	if keys, _ := h.deliv.count(); keys != 0 {
		t.Errorf("malformed deliveries claimed %d keys", keys)
	}
}

func TestUnknownEventTypeIsAcknowledged(t *testing.T) {
	h := MustHarness(t)
	code, _ := h.post("/slack/events", fakeslack.ContentJSON, fakeslack.EventCallback("Ev77", map[string]any{"type": "some_future_event", "user": "U1"}))
	if code != http.StatusOK {
		t.Errorf("status = %d, want 200 for an event type the bot does not handle", code)
	}
}

func TestCommandsAnswerAtOnce(t *testing.T) {
	h := MustHarness(t)
	code, body := h.command("/interview", "help", "U1", "C1")
	if code != http.StatusOK || !strings.Contains(body, "/mock-interview") || !strings.Contains(body, "leaderboard") {
		t.Errorf("/interview help = %d %s; want the command list", code, body)
	}
	_, body = h.command("/interview", "dance", "U1", "C1")
	if !strings.Contains(body, `Unknown subcommand \"dance\"`) {
		t.Errorf("/interview dance = %s; want it named as unknown", body)
	}
}

func TestSettingsCommand(t *testing.T) {
	h := MustHarness(t)
	steps := []struct{ text, want string }{
		{"settings", "Timezone: `UTC`"},
		{"settings timezone Asia/Shanghai", "Timezone: `Asia/Shanghai`"},
		{"settings timezone Mars/Base", "Unknown timezone"},
		{"settings post 0 9 * * 1-5", "Question: `0 9 * * 1-5`"},
		{"settings reveal every day", "is not valid"},
		{"settings pause", "State: paused"},
		{"settings", "Question: `0 9 * * 1-5`"},
	}
	for i, st := range steps {
		h.command("/interview", st.text, "U1", "C1")
		h.fake.Wait(5*time.Second, "settings reply", func(s *fakeslack.Server) bool { return len(s.Messages(fakeslack.EphemeralTo("U1"))) == i+1 })
		got := h.fake.Messages(fakeslack.EphemeralTo("U1"))[i]
		if !strings.Contains(text(got), st.want) {
			t.Errorf("/interview %s replied %q; want %q", st.text, text(got), st.want)
		}
	}
}
