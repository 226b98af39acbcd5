package slack

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/interviewbot/interviewbot/bot"
)

// takeEvent claims an event by its event_id and processes it in a worker.
// HTTP and Socket Mode deliveries of one event share the key, so whichever
// arrives first is the only one processed. Without an Inbox this is the
// path; with one, events go through the Inbox and HandleDelivery instead.
func (a *Adapter) takeEvent(ctx context.Context, ev slackevents.EventsAPIEvent, eventID string, retry int, wait bool) outcome {
	if retry > 0 {
		a.log.Info("slack redelivered an event", "event_id", eventID, "retry", retry)
	}
	return a.dispatch(ctx, "event:"+eventID, "event", wait, func(ctx context.Context) {
		a.handleEvent(ctx, ev, eventID, a.now().UTC(), false)
	})
}

// handleEvent routes one claimed event that arrived at at. durable says it
// runs in a job of the Inbox: then a failure a retry can mend
// (EUNAVAILABLE, before any effect the retry would repeat) is returned for
// the queue to retry. Otherwise nobody would retry it, so daily calls are
// retried here (whileUnavailable) and failures are reported and dropped.
func (a *Adapter) handleEvent(ctx context.Context, ev slackevents.EventsAPIEvent, eventID string, at time.Time, durable bool) error {
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.MessageEvent:
		return a.handleMessage(ctx, ev.TeamID, e, eventID, at, durable)
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab == "" || e.Tab == "home" {
			return a.publishHome(ctx, ev.TeamID, e.User, durable)
		}
	default:
		a.log.Debug("slack event ignored", "type", ev.InnerEvent.Type)
	}
	return nil
}

// handleMessage sorts a message event: DM messages drive the mock
// interview; replies in a channel thread are offered to the daily use case
// as answers, edits and deletions. Bot messages (ours included) are ignored.
func (a *Adapter) handleMessage(ctx context.Context, team string, e *slackevents.MessageEvent, eventID string, at time.Time, durable bool) error {
	in := Incoming{
		Channel:     a.channelKey(team, e.Channel),
		DeliveryKey: eventID,
		At:          at,
	}
	switch e.SubType {
	case "", "thread_broadcast":
		if e.BotID != "" || e.User == "" {
			return nil
		}
		if e.ChannelType == slackevents.ChannelTypeIM {
			// A mock-interview step is not idempotent (an answer repeated
			// would answer the next question), so only the member lookup,
			// before any effect, is worth a retry.
			if durable {
				if _, err := a.member(ctx, team, e.User, "", ""); bot.ErrorCode(err) == bot.EUNAVAILABLE {
					return err
				}
			}
			a.handleDM(ctx, team, e.Channel, e.User, e.Text)
			return nil
		}
		if e.ThreadTimeStamp == "" || e.ThreadTimeStamp == e.TimeStamp {
			return nil // a top-level message, not an answer
		}
		in.Member, in.PostRef, in.MessageRef, in.Text = a.memberKey(team, e.User), e.ThreadTimeStamp, e.TimeStamp, e.Text
		return a.submitAnswer(ctx, in, durable)
	case "message_changed":
		m, prev := e.Message, e.PreviousMessage
		if m == nil || m.BotID != "" || m.User == "" || m.ThreadTimestamp == "" || m.ThreadTimestamp == m.Timestamp || e.ChannelType == slackevents.ChannelTypeIM {
			return nil
		}
		if prev != nil && prev.Text == m.Text {
			return nil // a link unfurl or a reply count changed, not the text
		}
		in.Member, in.PostRef, in.MessageRef, in.Text = a.memberKey(team, m.User), m.ThreadTimestamp, m.Timestamp, m.Text
		return a.changeAnswer(ctx, "edit", in, durable)
	case "message_deleted":
		p := e.PreviousMessage
		if p == nil || p.BotID != "" || p.User == "" || p.ThreadTimestamp == "" || p.ThreadTimestamp == p.Timestamp || e.ChannelType == slackevents.ChannelTypeIM {
			return nil
		}
		in.Member, in.PostRef, in.MessageRef, in.Text = a.memberKey(team, p.User), p.ThreadTimestamp, p.Timestamp, p.Text
		if in.MessageRef == "" {
			in.MessageRef = e.DeletedTimeStamp
		}
		return a.changeAnswer(ctx, "withdraw", in, durable)
	}
	return nil
}

// callDaily runs a daily call: once in a durable job (the queue retries
// it), else again while the database is unavailable. The daily use case is
// idempotent per delivery key, so a repeat stores nothing twice.
func (a *Adapter) callDaily(ctx context.Context, what string, durable bool, call func() error) error {
	if durable {
		return call()
	}
	return a.whileUnavailable(ctx, what, call)
}

// retryLater says whether a durable job should return err for the queue to
// retry rather than report it now.
func retryLater(durable bool, err error) bool {
	return durable && bot.ErrorCode(err) == bot.EUNAVAILABLE
}

// submitAnswer hands a thread reply to the daily use case and reacts to it
// so the author sees it arrived (grading and feedback follow in a job). A
// reply under a message that is not a question post (ENOTFOUND) is just
// conversation and is left alone.
func (a *Adapter) submitAnswer(ctx context.Context, in Incoming, durable bool) error {
	if a.deps.Daily == nil {
		return nil
	}
	err := a.callDaily(ctx, "submit", durable, func() error {
		_, err := a.deps.Daily.SubmitAnswer(ctx, in)
		return err
	})
	if retryLater(durable, err) {
		return err
	}
	if err != nil && !errors.Is(err, bot.ErrDuplicateDelivery) {
		a.dailyProblem(ctx, in, "submit", err)
		return nil
	}
	// A redelivery reacts again: the first try may have died before it did,
	// and a reaction that is already there is fine.
	if err := a.api.react(ctx, in.Channel.ChannelID, in.MessageRef, ackReaction); err != nil {
		a.log.Warn("acknowledge answer", "channel_id", in.Channel.ChannelID, "err", err)
	}
	return nil
}

// changeAnswer hands an edit or a deletion of a thread reply to the daily
// use case. A retry after a partial failure finds the delivery claimed and
// changes nothing more, so returning EUNAVAILABLE for a retry is safe.
func (a *Adapter) changeAnswer(ctx context.Context, what string, in Incoming, durable bool) error {
	if a.deps.Daily == nil {
		return nil
	}
	err := a.callDaily(ctx, what, durable, func() error {
		var err error
		if what == "withdraw" {
			_, err = a.deps.Daily.WithdrawAnswer(ctx, in)
		} else {
			_, err = a.deps.Daily.EditAnswer(ctx, in)
		}
		return err
	})
	if retryLater(durable, err) {
		return err
	}
	if err != nil {
		a.dailyProblem(ctx, in, what, err)
	}
	return nil
}

// dailyProblem tells the author privately why their reply was not taken
// (only the first reply counts, too long, …); a reply that answers nothing
// and a redelivery are silent; failures they cannot fix are logged.
func (a *Adapter) dailyProblem(ctx context.Context, in Incoming, what string, err error) {
	switch {
	case errors.Is(err, bot.ErrDuplicateDelivery):
		a.log.Info("daily answer redelivered", "action", what, "delivery_key", in.DeliveryKey)
	case bot.ErrorCode(err) == bot.ENOTFOUND:
		a.log.Debug("thread reply is not an answer", "action", what, "channel_id", in.Channel.ChannelID, "post_ref", in.PostRef)
	case bot.ErrorCode(err) == bot.EINVALID, bot.ErrorCode(err) == bot.ECONFLICT:
		text := "⚠️ " + esc(bot.ErrorMessage(err))
		if perr := a.api.private(ctx, in.Channel.ChannelID, in.Member.UserID, message{text: text, blocks: []slack.Block{section(text)}}); perr != nil {
			a.log.Warn("tell author about refused answer", "err", perr)
		}
	default:
		a.log.Error("daily answer failed", "action", what, "channel_id", in.Channel.ChannelID, "delivery_key", in.DeliveryKey, "err", err)
	}
}

// publishHome publishes the person's App Home: an introduction and their
// stats. In a durable job, stats the database cannot give now are retried
// (nothing was published yet); otherwise the home goes out without them.
func (a *Adapter) publishHome(ctx context.Context, team, user string, durable bool) error {
	lang := a.cfg.Lang
	bs := homeIntro(lang)
	if a.deps.Daily != nil {
		st, err := a.deps.Daily.Stats(ctx, a.memberKey(team, user))
		switch {
		case err == nil:
			bs = append(bs, header(msgStatsTitle.In(lang)))
			bs = append(bs, renderStats(st, lang)...)
		case bot.ErrorCode(err) == bot.ENOTFOUND:
			bs = append(bs, section(msgNoStatsYet.In(lang)))
		case retryLater(durable, err):
			return err
		default:
			a.log.Error("stats for App Home", "user_id", user, "err", err)
		}
	}
	if err := a.api.publishHome(ctx, user, bs); err != nil {
		a.log.Error("publish App Home", "user_id", user, "err", err)
	}
	return nil
}

func (a *Adapter) memberKey(team, user string) bot.MemberKey {
	return bot.MemberKey{Platform: bot.PlatformSlack, Workspace: team, UserID: user}
}

func (a *Adapter) channelKey(team, channel string) bot.ChannelKey {
	return bot.ChannelKey{Platform: bot.PlatformSlack, Workspace: team, ChannelID: channel}
}

// member finds or creates the member behind a Slack user.
func (a *Adapter) member(ctx context.Context, team, user, name string, lang bot.Lang) (*bot.Member, error) {
	m := &bot.Member{Key: a.memberKey(team, user), Name: strings.TrimSpace(name), Lang: lang}
	if err := a.deps.Members.UpsertMember(ctx, m); err != nil {
		return nil, err
	}
	return m, nil
}
