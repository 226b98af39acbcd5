package slack

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/interviewbot/interviewbot/bot"
)

// interaction acknowledges a button click and handles it in a worker: the
// daily question's hint and my-score buttons. The trigger_id is the
// idempotency key.
func (a *Adapter) interaction(ctx context.Context, ic slack.InteractionCallback, wait bool) reply {
	if ic.Type != slack.InteractionTypeBlockActions {
		return reply{}
	}
	for _, act := range ic.ActionCallback.BlockActions {
		var run func(context.Context)
		switch act.ActionID {
		case actionHint:
			run = func(ctx context.Context) { a.clickHint(ctx, ic, act.Value) }
		case actionScore:
			run = func(ctx context.Context) { a.clickScore(ctx, ic) }
		default:
			continue
		}
		key := ""
		if ic.TriggerID != "" {
			key = "action:" + ic.TriggerID + ":" + act.ActionID
		}
		if a.dispatch(ctx, key, "action "+act.ActionID, wait, run) == busy {
			return reply{text: msgBusy.In(a.cfg.Lang)}
		}
	}
	return reply{}
}

// clickChannel is where the clicked message is.
func clickChannel(ic slack.InteractionCallback) string {
	if ic.Container.ChannelID != "" {
		return ic.Container.ChannelID
	}
	return ic.Channel.ID
}

// clickHint shows the first hint of the daily question to the clicker.
func (a *Adapter) clickHint(ctx context.Context, ic slack.InteractionCallback, questionID string) {
	lang := a.cfg.Lang
	if a.deps.Bank == nil {
		a.tell(ctx, clickChannel(ic), ic.User.ID, msgNotSetUp.In(lang))
		return
	}
	q, err := a.deps.Bank.Find(questionID)
	if err != nil {
		a.log.Warn("hint for unknown question", "question_id", questionID, "err", err)
		a.tell(ctx, clickChannel(ic), ic.User.ID, msgNoHints.In(lang))
		return
	}
	names := bot.HintFor(q, 1, lang)
	if len(names) == 0 {
		a.tell(ctx, clickChannel(ic), ic.User.ID, msgNoHints.In(lang))
		return
	}
	a.tell(ctx, clickChannel(ic), ic.User.ID, fmt.Sprintf(msgDailyHint.In(lang), esc(strings.Join(names, listSep.In(lang)))))
}

// clickScore shows the clicker their own results.
func (a *Adapter) clickScore(ctx context.Context, ic slack.InteractionCallback) {
	lang := a.cfg.Lang
	if a.deps.Daily == nil {
		a.tell(ctx, clickChannel(ic), ic.User.ID, msgNotSetUp.In(lang))
		return
	}
	st, err := a.deps.Daily.Stats(ctx, a.memberKey(ic.Team.ID, ic.User.ID))
	var bs []slack.Block
	switch {
	case err == nil:
		bs = renderStats(st, lang)
	case bot.ErrorCode(err) == bot.ENOTFOUND:
		bs = []slack.Block{section(msgNoStatsYet.In(lang))}
	default:
		a.log.Error("stats for button", "user_id", ic.User.ID, "err", err)
		a.tell(ctx, clickChannel(ic), ic.User.ID, msgFailed.In(lang))
		return
	}
	if err := a.api.private(ctx, clickChannel(ic), ic.User.ID, message{text: msgStatsTitle.In(lang), blocks: bs}); err != nil {
		a.log.Error("show stats", "user_id", ic.User.ID, "err", err)
	}
}

// homeIntro opens the App Home tab.
func homeIntro(lang bot.Lang) []slack.Block {
	return []slack.Block{header(msgHomeTitle.In(lang)), section(msgHomeIntro.In(lang)), slack.NewDividerBlock()}
}
