package slack

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/interviewbot/interviewbot/bot"
)

// dmCommand is a DM message that is a command rather than an answer.
type dmCommand int

const (
	dmAnswer dmCommand = iota
	dmSkip
	dmHint
	dmQuit
	dmRetry
)

// dmCommands are the words, in either language, that a DM message made of
// nothing else means; the same words as in the terminal.
var dmCommands = map[string]dmCommand{
	"skip": dmSkip, "/skip": dmSkip, "跳过": dmSkip,
	"hint": dmHint, "/hint": dmHint, "提示": dmHint,
	"quit": dmQuit, "/quit": dmQuit, "exit": dmQuit, "退出": dmQuit, "暂停": dmQuit,
	"retry": dmRetry, "/retry": dmRetry, "重试": dmRetry,
}

// startInterview runs /mock-interview [track] [zh|en] [N] [new]: it opens the
// DM, resumes the member's open interview (or, with "new", abandons it) or
// starts one, and posts the first step there.
func (a *Adapter) startInterview(ctx context.Context, c slack.SlashCommand) {
	opts, fresh := bot.StartOptions{Lang: a.cfg.Lang}, false
	var explicitLang bot.Lang
	for _, arg := range strings.Fields(c.Text) {
		if l, err := bot.ParseLang(arg); err == nil {
			opts.Lang, explicitLang = l, l
			continue
		}
		if strings.EqualFold(arg, "new") {
			fresh = true
			continue
		}
		if n, err := strconv.Atoi(arg); err == nil {
			opts.Questions = n
			continue
		}
		opts.Track = arg
	}
	lang := opts.Lang
	dm, err := a.api.openDM(ctx, c.UserID)
	if err != nil {
		a.log.Error("open DM for mock interview", "user_id", c.UserID, "err", err)
		a.tell(ctx, c.ChannelID, c.UserID, msgFailed.In(lang))
		return
	}
	m, err := a.member(ctx, c.TeamID, c.UserID, c.UserName, explicitLang)
	if err != nil {
		a.log.Error("member for mock interview", "user_id", c.UserID, "err", err)
		a.post(ctx, dm, message{text: msgFailed.In(lang)})
		return
	}
	step, err := a.resumeOrStart(ctx, dm, m.ID, opts, fresh)
	if err != nil {
		a.post(ctx, dm, a.problem(lang, m.ID, err))
		return
	}
	a.post(ctx, dm, renderStep(step))
}

// resumeOrStart resumes the open interview unless fresh, else starts one.
// An interview that just expired is mentioned before the new one starts.
func (a *Adapter) resumeOrStart(ctx context.Context, dm string, memberID int64, opts bot.StartOptions, fresh bool) (*bot.Step, error) {
	iv := a.deps.Interviews
	if fresh {
		if err := iv.Abandon(ctx, memberID); err != nil {
			return nil, err
		}
	} else {
		step, err := iv.Resume(ctx, memberID)
		switch {
		case err == nil:
			return step, nil
		case bot.ErrorCode(err) != bot.ENOTFOUND:
			return nil, err
		case bot.ErrorMessage(err) != bot.MsgNoOpenSession:
			a.post(ctx, dm, message{text: "ℹ️ " + bot.ErrorMessage(err), blocks: []slack.Block{section("ℹ️ " + esc(bot.ErrorMessage(err)))}})
		}
	}
	return iv.Start(ctx, memberID, opts)
}

// handleDM takes one DM message as the member's next move in their mock
// interview: a command word, or an answer.
func (a *Adapter) handleDM(ctx context.Context, team, channel, user, text string) {
	lang := a.cfg.Lang
	m, err := a.member(ctx, team, user, "", "")
	if err != nil {
		a.log.Error("member for DM", "user_id", user, "err", err)
		a.post(ctx, channel, message{text: msgFailed.In(lang)})
		return
	}
	if m.Lang != "" {
		lang = m.Lang
	}
	iv := a.deps.Interviews
	var step *bot.Step
	switch dmCommands[strings.ToLower(strings.TrimSpace(text))] {
	case dmQuit:
		step, err = iv.Pause(ctx, m.ID)
	case dmSkip:
		step, err = iv.Skip(ctx, m.ID)
	case dmHint:
		step, err = iv.Hint(ctx, m.ID)
	case dmRetry:
		step, err = iv.Retry(ctx, m.ID)
	default:
		step, err = iv.Answer(ctx, m.ID, text)
	}
	if err != nil {
		a.post(ctx, channel, a.problem(lang, m.ID, err))
		return
	}
	a.post(ctx, channel, renderStep(step))
}

// problem words a failed step for the member: no interview, a grading
// failure they can retry, a problem they can fix, or a generic failure
// (logged) for anything else.
func (a *Adapter) problem(lang bot.Lang, memberID int64, err error) message {
	var text string
	switch bot.ErrorCode(err) {
	case bot.ENOTFOUND:
		if bot.ErrorMessage(err) == bot.MsgNoOpenSession {
			text = msgNoSession.In(lang)
		} else {
			text = fmt.Sprintf(msgProblem.In(lang), esc(bot.ErrorMessage(err)))
		}
	case bot.EUNAVAILABLE:
		text = fmt.Sprintf(msgGradeFail.In(lang), esc(bot.ErrorMessage(err)))
	case bot.EINVALID, bot.ECONFLICT:
		text = fmt.Sprintf(msgProblem.In(lang), esc(bot.ErrorMessage(err)))
	default:
		a.log.Error("mock interview step failed", "member_id", memberID, "err", err)
		text = msgFailed.In(lang)
	}
	return message{text: text, blocks: []slack.Block{section(text)}}
}

// post sends m to a channel, logging a failure: there is nobody else to tell.
func (a *Adapter) post(ctx context.Context, channel string, m message) {
	if _, err := a.api.post(ctx, channel, "", m); err != nil {
		a.log.Error("post to slack", "channel_id", channel, "err", err)
	}
}

// tell shows text to user alone in channel (or their DM).
func (a *Adapter) tell(ctx context.Context, channel, user, text string) {
	if err := a.api.private(ctx, channel, user, message{text: text, blocks: []slack.Block{section(text)}}); err != nil {
		a.log.Error("private reply", "channel_id", channel, "user_id", user, "err", err)
	}
}
