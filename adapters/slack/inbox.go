package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/slack-go/slack/slackevents"

	"github.com/interviewbot/interviewbot/bot"
)

// EventKind is the bot.Delivery kind of a Slack Events API callback taken
// through Deps.Inbox; HandleDelivery processes it.
const EventKind = "slack_event"

// eventPeek is the little of an events body the request path reads.
type eventPeek struct {
	Type      string `json:"type"`
	Challenge string `json:"challenge"`
	EventID   string `json:"event_id"`
	Event     struct {
		Type string `json:"type"`
	} `json:"event"`
}

// acceptEvent is serveEvents with an Inbox: after the signature it reads
// only the envelope (type, event_id, the inner type), hands the raw body to
// the Inbox, which stores its key and a job in one transaction, and only
// then answers 200. A crash after the 200 loses nothing (the job is
// stored); a failure before it answers 503, leaving the key free, so
// Slack's retry is taken. The body is parsed in full by the job.
func (a *Adapter) acceptEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	var peek eventPeek
	if err := json.Unmarshal(body, &peek); err != nil {
		a.badRequest(w, r, "events body is not JSON", err)
		return
	}
	switch peek.Type {
	case slackevents.URLVerification:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"challenge": peek.Challenge})
		return
	case slackevents.CallbackEvent:
	default:
		a.log.Info("slack event type ignored", "type", peek.Type)
		w.WriteHeader(http.StatusOK)
		return
	}
	switch {
	case peek.Event.Type != "" && !handledEvents[peek.Event.Type]:
		a.log.Info("slack event ignored", "reason", fmt.Sprintf("%v: %s", errUnknownEvent, peek.Event.Type))
		w.WriteHeader(http.StatusOK)
		return
	case peek.EventID == "" || peek.Event.Type == "":
		a.badRequest(w, r, "event_callback does not parse", errors.New("event_callback without event_id or event type"))
		return
	}
	if retry, _ := strconv.Atoi(r.Header.Get("X-Slack-Retry-Num")); retry > 0 {
		a.log.Info("slack redelivered an event", "event_id", peek.EventID, "retry", retry)
	}
	first, err := a.deps.Inbox.Accept(r.Context(), a.eventDelivery(peek.EventID, body))
	if err != nil {
		a.log.Error("accept slack event", "event_id", peek.EventID, "err", err)
		http.Error(w, "could not record the delivery", http.StatusServiceUnavailable)
		return
	}
	if !first {
		a.log.Info("duplicate delivery ignored", "work", "event", "delivery_key", "event:"+peek.EventID)
	}
	w.WriteHeader(http.StatusOK)
}

// eventDelivery is an events_api payload as the Inbox stores it. HTTP and
// Socket Mode deliveries of one event share the key, so whichever arrives
// first is the only one processed.
func (a *Adapter) eventDelivery(eventID string, payload []byte) bot.Delivery {
	return bot.Delivery{Platform: bot.PlatformSlack, Key: "event:" + eventID, Kind: EventKind, Payload: payload, At: a.now().UTC()}
}

// HandleDelivery processes an event the Inbox accepted (kind EventKind);
// the job queue runs it and retries it when it returns EUNAVAILABLE. A
// payload that does not parse is EINVALID: no retry can mend it.
func (a *Adapter) HandleDelivery(ctx context.Context, d bot.Delivery) error {
	ev, id, err := parseCallback(d.Payload)
	switch {
	case errors.Is(err, errUnknownEvent):
		a.log.Info("slack event ignored", "reason", err.Error())
		return nil
	case err != nil:
		return fmt.Errorf("%w: %w", bot.Errorf(bot.EINVALID, "The Slack event %s does not parse.", d.Key), err)
	}
	at := d.At
	if at.IsZero() {
		at = a.now()
	}
	return a.handleEvent(ctx, ev, id, at.UTC(), true)
}
