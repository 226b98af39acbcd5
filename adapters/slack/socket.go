package slack

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode connects to Slack over Socket Mode with the app-level token
// and serves events, slash commands and button clicks through the same
// handlers as HTTP until ctx ends. Every envelope is acknowledged: commands
// with their immediate reply, the rest bare, before the work; with an
// Inbox, an event only once it is stored.
func (a *Adapter) RunSocketMode(ctx context.Context) error {
	if a.cfg.AppToken == "" {
		return errors.New("slack: Socket Mode needs an app-level token (xapp-…)")
	}
	client := socketmode.New(a.api.c,
		socketmode.OptionPingInterval(a.cfg.PingInterval),
		socketmode.OptionLog(slogPrinter{a}),
	)
	h := socketmode.NewSocketmodeHandler(client)
	h.HandleSlashCommand(cmdMockInterview, a.socketCommand)
	h.HandleSlashCommand(cmdInterview, a.socketCommand)
	h.HandleEvents(slackevents.Message, a.socketEvent)
	h.HandleEvents(slackevents.AppHomeOpened, a.socketEvent)
	h.HandleInteractionBlockAction(actionHint, a.socketInteraction)
	h.HandleInteractionBlockAction(actionScore, a.socketInteraction)
	h.Handle(socketmode.EventTypeConnected, func(*socketmode.Event, *socketmode.Client) {
		a.log.Info("slack socket mode connected")
	})
	h.Handle(socketmode.EventTypeErrorBadMessage, a.socketBadMessage)
	h.HandleDefault(a.socketOther)
	a.log.Info("slack socket mode starting")
	err := h.RunEventLoopContext(ctx)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return nil
	}
	return err
}

// socketCommand acks a slash command with its immediate reply.
func (a *Adapter) socketCommand(e *socketmode.Event, c *socketmode.Client) {
	cmd, ok := e.Data.(slack.SlashCommand)
	if !ok || e.Request == nil {
		return
	}
	r := a.command(a.work.Context(), cmd, true)
	a.ack(c, e.Request, r.payload())
}

// socketEvent takes an Events API envelope. With an Inbox it acks only
// after the event is stored, so a failure leaves the envelope unacked and
// Slack delivers it again; without one it acks, then claims and processes.
func (a *Adapter) socketEvent(e *socketmode.Event, c *socketmode.Client) {
	ev, ok := e.Data.(slackevents.EventsAPIEvent)
	if !ok || e.Request == nil {
		return
	}
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || cb.EventID == "" {
		a.ack(c, e.Request, nil)
		a.log.Warn("malformed slack envelope", "reason", "events_api payload without event_id", "envelope_id", e.Request.EnvelopeID)
		return
	}
	if a.deps.Inbox == nil {
		a.ack(c, e.Request, nil)
		a.takeEvent(a.work.Context(), ev, cb.EventID, e.Request.RetryAttempt, true)
		return
	}
	if e.Request.RetryAttempt > 0 {
		a.log.Info("slack redelivered an event", "event_id", cb.EventID, "retry", e.Request.RetryAttempt)
	}
	first, err := a.deps.Inbox.Accept(a.work.Context(), a.eventDelivery(cb.EventID, e.Request.Payload))
	if err != nil {
		a.log.Error("accept slack event; not acknowledged, so Slack delivers it again", "event_id", cb.EventID, "err", err)
		return
	}
	if !first {
		a.log.Info("duplicate delivery ignored", "work", "event", "delivery_key", "event:"+cb.EventID)
	}
	a.ack(c, e.Request, nil)
}

// socketInteraction acks a button click and handles it.
func (a *Adapter) socketInteraction(e *socketmode.Event, c *socketmode.Client) {
	ic, ok := e.Data.(slack.InteractionCallback)
	if !ok || e.Request == nil {
		return
	}
	a.ack(c, e.Request, nil)
	a.interaction(a.work.Context(), ic, true)
}

// socketBadMessage acks an envelope slack-go could not parse (an event type
// it does not know, a broken payload), so Slack does not redeliver it.
func (a *Adapter) socketBadMessage(e *socketmode.Event, c *socketmode.Client) {
	bad, ok := e.Data.(*socketmode.ErrorBadMessage)
	if !ok {
		return
	}
	var env struct {
		EnvelopeID string `json:"envelope_id"`
		Type       string `json:"type"`
	}
	if json.Unmarshal(bad.Message, &env) != nil || env.EnvelopeID == "" {
		a.log.Warn("unreadable slack socket message", "err", bad.Cause)
		return
	}
	a.log.Warn("malformed slack envelope", "reason", "payload does not parse", "envelope_id", env.EnvelopeID, "type", env.Type, "err", bad.Cause)
	a.ack(c, &socketmode.Request{EnvelopeID: env.EnvelopeID}, nil)
}

// socketOther acks any other envelope (events and actions we do not
// handle) and ignores connection lifecycle events.
func (a *Adapter) socketOther(e *socketmode.Event, c *socketmode.Client) {
	if e.Request != nil && e.Request.EnvelopeID != "" {
		a.ack(c, e.Request, nil)
	}
}

func (a *Adapter) ack(c *socketmode.Client, req *socketmode.Request, payload any) {
	if err := c.AckCtx(a.work.Context(), req.EnvelopeID, payload); err != nil {
		a.log.Error("ack slack envelope", "envelope_id", req.EnvelopeID, "err", err)
	}
}

// slogPrinter routes slack-go's socketmode logging into slog at debug level.
type slogPrinter struct{ a *Adapter }

func (p slogPrinter) Output(_ int, s string) error {
	p.a.log.Debug("socketmode", "msg", s)
	return nil
}
