package slack_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
)

// runInterview plays a three-question mock interview in the DM through send
// (one DM message each) and checks each step the bot posts: hint, skip,
// review, next question, and the final report.
func runInterview(t *testing.T, h *harness, user string, send func(text string)) {
	t.Helper()
	dm := fakeslack.DMChannel(user)
	first := h.waitBotMessages(dm, 1)
	if got := text(first); !strings.Contains(got, "Mock interview #") || !strings.Contains(got, "Question 1/3") {
		t.Fatalf("first DM message = %q, want the start line and question 1/3", got)
	}
	steps := []struct {
		send string
		want []string
	}{
		{"hint", []string{"Hint 1"}},
		{"skip", []string{"Skipped", "Question 2/3"}},
		{"Channels block until both sides are ready; a buffered channel blocks only when full.", []string{"Review", "/100", "Question 3/3"}},
		{"GC uses a concurrent tri-colour mark and sweep with write barriers.", []string{"Review", "Mock interview report #", "Overall score", "Growth suggestions"}},
	}
	for i, st := range steps {
		send(st.send)
		got := text(h.waitBotMessages(dm, i+2))
		for _, w := range st.want {
			if !strings.Contains(got, w) {
				t.Fatalf("after %q the bot said %q; want it to contain %q", st.send, got, w)
			}
		}
	}
	review := text(h.botMessages(dm)[3])
	if !strings.Contains(review, "You said &lt;!channel&gt; &amp; *that*") || strings.Contains(review, "<!channel>") {
		t.Errorf("review = %q; want the grader's markup escaped for mrkdwn", review)
	}
}

func TestMockInterviewOverHTTP(t *testing.T) {
	h := MustHarness(t)
	code, body := h.command("/mock-interview", "go-backend en 3", "U100", "C1")
	if code != http.StatusOK || !strings.Contains(body, "direct messages") || !strings.Contains(body, `"ephemeral"`) {
		t.Fatalf("/mock-interview answered %d %s; want 200 with an ephemeral pointer to the DM", code, body)
	}
	runInterview(t, h, "U100", func(msg string) {
		_, ev := h.fake.UserMessage(fakeslack.DMChannel("U100"), "im", "U100", msg, "")
		h.event(ev)
	})
	if got := h.fake.Calls("conversations.open"); got != 1 {
		t.Errorf("conversations.open called %d times, want 1", got)
	}
}

func TestMockInterviewOverSocketMode(t *testing.T) {
	h := MustHarness(t)
	h.startSocket()
	env := h.fake.SendEnvelope(fakeslack.EnvelopeSlashCommand, fakeslack.CommandJSON(fakeslack.SlashCommand("/mock-interview", "go-backend en 3", "U200", "C1")), 0)
	var ack struct {
		Text         string `json:"text"`
		ResponseType string `json:"response_type"`
	}
	if err := json.Unmarshal(h.fake.WaitAck(env), &ack); err != nil || !strings.Contains(ack.Text, "direct messages") || ack.ResponseType != "ephemeral" {
		t.Fatalf("ack payload = %+v (%v); want an ephemeral pointer to the DM", ack, err)
	}
	runInterview(t, h, "U200", func(msg string) {
		_, ev := h.fake.UserMessage(fakeslack.DMChannel("U200"), "im", "U200", msg, "")
		h.socketEvent(ev)
	})
}

func TestMockInterviewResumesAndRefusesStrangers(t *testing.T) {
	h := MustHarness(t)
	dm := fakeslack.DMChannel("U300")
	// A DM with no interview open says how to start one.
	_, ev := h.fake.UserMessage(dm, "im", "U300", "hello?", "")
	h.event(ev)
	if got := text(h.waitBotMessages(dm, 1)); !strings.Contains(got, "/mock-interview") {
		t.Fatalf("reply to a stray DM = %q; want how to start", got)
	}
	h.command("/mock-interview", "en 3", "U300", "C1")
	h.waitBotMessages(dm, 2)
	_, ev = h.fake.UserMessage(dm, "im", "U300", "quit", "")
	h.event(ev)
	if got := text(h.waitBotMessages(dm, 3)); !strings.Contains(got, "paused at question 1/3") {
		t.Fatalf("after quit the bot said %q; want the pause notice", got)
	}
	h.command("/mock-interview", "", "U300", "C1")
	if got := text(h.waitBotMessages(dm, 4)); !strings.Contains(got, "Resuming mock interview") {
		t.Fatalf("second /mock-interview said %q; want it to resume", got)
	}
}
