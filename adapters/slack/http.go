package slack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxBody caps an HTTP delivery; Slack's are a few kilobytes, a message at
// most 40,000 characters.
const maxBody = 1 << 20

// Handler serves Slack's HTTP deliveries:
//
//	POST /slack/events        Events API (url_verification included)
//	POST /slack/commands      slash commands
//	POST /slack/interactivity button clicks
//
// Every request must carry a valid v0 signature made with the signing
// secret no more than five minutes ago; anything else gets 401 and changes
// nothing.
func (a *Adapter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /slack/events", a.verified(a.serveEvents))
	mux.Handle("POST /slack/commands", a.verified(a.serveCommand))
	mux.Handle("POST /slack/interactivity", a.verified(a.serveInteraction))
	return mux
}

// verified reads the body, checks its signature (constant-time, with the
// five-minute window) and hands the body on. The request body is restored
// so form parsing works downstream.
func (a *Adapter) verified(next func(w http.ResponseWriter, r *http.Request, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			a.log.Warn("slack request body unreadable", "path", r.URL.Path, "err", err)
			http.Error(w, "request body too large or unreadable", http.StatusRequestEntityTooLarge)
			return
		}
		if a.cfg.SigningSecret == "" {
			a.log.Error("slack HTTP delivery refused: no signing secret configured", "path", r.URL.Path)
			http.Error(w, "not configured", http.StatusUnauthorized)
			return
		}
		sv, err := slack.NewSecretsVerifier(r.Header, a.cfg.SigningSecret)
		if err == nil {
			_, _ = sv.Write(body)
			err = sv.Ensure()
		}
		if err != nil {
			a.log.Warn("slack request signature refused", "path", r.URL.Path, "reason", signatureReason(err), "remote", r.RemoteAddr)
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next(w, r, body)
	})
}

// signatureReason names why a signature was refused, without echoing it.
func signatureReason(err error) string {
	switch {
	case errors.Is(err, slack.ErrExpiredTimestamp):
		return "stale timestamp"
	case errors.Is(err, slack.ErrMissingHeaders):
		return "missing signature headers"
	case errors.Is(err, slack.ErrInvalidSignature):
		return "signature mismatch"
	}
	return "malformed signature headers"
}

// badRequest answers 400 and logs why.
func (a *Adapter) badRequest(w http.ResponseWriter, r *http.Request, reason string, err error) {
	a.log.Warn("malformed slack delivery", "path", r.URL.Path, "reason", reason, "err", err)
	http.Error(w, "malformed payload: "+reason, http.StatusBadRequest)
}

// serveEvents answers the url_verification handshake and takes event
// callbacks. With an Inbox, acceptEvent stores each before the 200;
// without one it claims the event_id, acknowledges, and processes it in a
// worker (a crash after the 200 loses that event). A retry (X-Slack-Retry-Num) of a claimed event is acknowledged
// and dropped.
func (a *Adapter) serveEvents(w http.ResponseWriter, r *http.Request, body []byte) {
	if a.deps.Inbox != nil {
		a.acceptEvent(w, r, body)
		return
	}
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		a.badRequest(w, r, "events body is not JSON", err)
		return
	}
	switch outer.Type {
	case slackevents.URLVerification:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"challenge": outer.Challenge})
		return
	case slackevents.CallbackEvent:
	default:
		a.log.Info("slack event type ignored", "type", outer.Type)
		w.WriteHeader(http.StatusOK)
		return
	}
	ev, id, err := parseCallback(body)
	switch {
	case errors.Is(err, errUnknownEvent):
		a.log.Info("slack event ignored", "reason", err.Error())
		w.WriteHeader(http.StatusOK)
		return
	case err != nil:
		a.badRequest(w, r, "event_callback does not parse", err)
		return
	}
	retry, _ := strconv.Atoi(r.Header.Get("X-Slack-Retry-Num"))
	switch a.takeEvent(r.Context(), ev, id, retry, false) {
	case busy:
		http.Error(w, "busy", http.StatusServiceUnavailable)
	case failed:
		http.Error(w, "could not record the delivery", http.StatusInternalServerError)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

// serveCommand acknowledges a slash command at once (with an ephemeral
// reply when there is one) and runs the command in a worker.
func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request, _ []byte) {
	cmd, err := slack.SlashCommandParse(r)
	if err != nil {
		a.badRequest(w, r, "slash command form does not parse", err)
		return
	}
	if cmd.Command == "" || cmd.UserID == "" {
		a.badRequest(w, r, "slash command without command or user_id", nil)
		return
	}
	reply := a.command(r.Context(), cmd, false)
	writeReply(w, reply)
}

// serveInteraction acknowledges a button click and handles it in a worker.
func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, _ []byte) {
	if err := r.ParseForm(); err != nil {
		a.badRequest(w, r, "interactivity form does not parse", err)
		return
	}
	raw := r.PostForm.Get("payload")
	if raw == "" {
		a.badRequest(w, r, "interactivity form without payload", nil)
		return
	}
	var ic slack.InteractionCallback
	if err := json.Unmarshal([]byte(raw), &ic); err != nil {
		a.badRequest(w, r, "interactivity payload is not JSON", err)
		return
	}
	if ic.User.ID == "" {
		a.badRequest(w, r, "interactivity payload without user", nil)
		return
	}
	writeReply(w, a.interaction(r.Context(), ic, false))
}

// reply is what a slash command or an interaction answers at once; an
// empty text acknowledges without a message.
type reply struct {
	text string
}

// payload is the reply in the shape Slack takes in an HTTP response or a
// Socket Mode ack; nil for a bare acknowledgement.
func (r reply) payload() any {
	if r.text == "" {
		return nil
	}
	return map[string]string{"response_type": "ephemeral", "text": r.text}
}

func writeReply(w http.ResponseWriter, r reply) {
	p := r.payload()
	if p == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(p)
}

var errUnknownEvent = errors.New("event type not handled")

// handledEvents are the inner event types the bot subscribes to and acts on.
var handledEvents = map[string]bool{string(slackevents.Message): true, string(slackevents.AppHomeOpened): true}

// parseCallback parses an event_callback and returns it with its event_id.
// Inner event types the bot does not act on are errUnknownEvent, not
// malformed: Slack may send types added after this was written.
func parseCallback(body []byte) (slackevents.EventsAPIEvent, string, error) {
	var peek struct {
		EventID string `json:"event_id"`
		Event   struct {
			Type string `json:"type"`
		} `json:"event"`
	}
	if err := json.Unmarshal(body, &peek); err != nil {
		return slackevents.EventsAPIEvent{}, "", err
	}
	if peek.Event.Type != "" && !handledEvents[peek.Event.Type] {
		return slackevents.EventsAPIEvent{}, "", fmt.Errorf("%w: %s", errUnknownEvent, peek.Event.Type)
	}
	if peek.EventID == "" {
		return slackevents.EventsAPIEvent{}, "", errors.New("event_callback without event_id")
	}
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		return ev, "", err
	}
	return ev, peek.EventID, nil
}
