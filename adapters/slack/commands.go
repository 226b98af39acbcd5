package slack

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/slack-go/slack"

	"github.com/interviewbot/interviewbot/bot"
)

// Slash commands the app registers (see deploy/slack/manifest.yml).
const (
	cmdMockInterview = "/mock-interview"
	cmdInterview     = "/interview"
)

// command acknowledges a slash command and starts its work. It returns at
// once (Slack wants an answer within three seconds): help is answered in
// the reply; everything that touches the store or Slack's API runs in a
// worker and answers privately. The trigger_id is the idempotency key, so a
// Socket Mode redelivery runs the command once; it is claimed in the worker,
// before any effect, so the acknowledgement waits for no database (Slack
// never retries a slash command over HTTP, and a Socket Mode redelivery
// finds the key of the first one claimed before that one did anything).
func (a *Adapter) command(ctx context.Context, c slack.SlashCommand, wait bool) reply {
	lang := a.cfg.Lang
	args := strings.Fields(c.Text)
	var sub string
	if c.Command == cmdInterview && len(args) > 0 {
		sub = strings.ToLower(args[0])
	}
	var run func(context.Context)
	ack := ""
	switch {
	case c.Command == cmdMockInterview:
		run, ack = func(ctx context.Context) { a.startInterview(ctx, c) }, msgCheckDM.In(lang)
	case c.Command != cmdInterview:
		return reply{text: fmt.Sprintf(msgUnknownCmd.In(lang), c.Command)}
	case sub == "" || sub == "help":
		return reply{text: msgHelp.In(lang)}
	case sub == "stats":
		run = func(ctx context.Context) { a.cmdStats(ctx, c) }
	case sub == "leaderboard":
		run = func(ctx context.Context) { a.cmdLeaderboard(ctx, c, args[1:]) }
	case sub == "settings":
		run = func(ctx context.Context) { a.cmdSettings(ctx, c, args[1:]) }
	case sub == "question":
		run = func(ctx context.Context) { a.cmdQuestion(ctx, c, args[1:]) }
	default:
		return reply{text: fmt.Sprintf(msgUnknownCmd.In(lang), esc(sub)) + "\n" + msgHelp.In(lang)}
	}
	if c.TriggerID != "" {
		run = a.claimFirst("command:"+c.TriggerID, c, run)
	}
	if a.dispatch(ctx, "", "command "+c.Command, wait, run) == busy {
		return reply{text: msgBusy.In(lang)}
	}
	return reply{text: ack}
}

// claimFirst runs the command only if its key is claimed now: a redelivery
// of a command already taken does nothing. A claim the database refuses is
// tried again for a while (the command is already acknowledged, nothing
// else will retry it), then the user is told it failed.
func (a *Adapter) claimFirst(key string, c slack.SlashCommand, run func(context.Context)) func(context.Context) {
	return func(ctx context.Context) {
		var first bool
		err := a.whileUnavailable(ctx, "claim command", func() error {
			var err error
			first, err = a.deps.Deliveries.ClaimDelivery(ctx, bot.PlatformSlack, key, a.now().UTC())
			return err
		})
		switch {
		case err != nil:
			a.log.Error("claim delivery", "work", "command "+c.Command, "delivery_key", key, "err", err)
			a.tell(ctx, c.ChannelID, c.UserID, msgFailed.In(a.cfg.Lang))
		case !first:
			a.log.Info("duplicate delivery ignored", "work", "command "+c.Command, "delivery_key", key)
		default:
			run(ctx)
		}
	}
}

// cmdStats answers /interview stats privately.
func (a *Adapter) cmdStats(ctx context.Context, c slack.SlashCommand) {
	lang := a.cfg.Lang
	if a.deps.Daily == nil {
		a.tell(ctx, c.ChannelID, c.UserID, msgNotSetUp.In(lang))
		return
	}
	st, err := a.deps.Daily.Stats(ctx, a.memberKey(c.TeamID, c.UserID))
	var bs []slack.Block
	switch {
	case err == nil:
		bs = append([]slack.Block{header(msgStatsTitle.In(lang))}, renderStats(st, lang)...)
	case bot.ErrorCode(err) == bot.ENOTFOUND:
		bs = []slack.Block{section(msgNoStatsYet.In(lang))}
	default:
		a.log.Error("stats", "user_id", c.UserID, "err", err)
		a.tell(ctx, c.ChannelID, c.UserID, msgFailed.In(lang))
		return
	}
	a.privately(ctx, c, message{text: msgStatsTitle.In(lang), blocks: bs})
}

// cmdLeaderboard answers /interview leaderboard [week|month|all] privately
// with this channel's table.
func (a *Adapter) cmdLeaderboard(ctx context.Context, c slack.SlashCommand, args []string) {
	lang := a.cfg.Lang
	if a.deps.Daily == nil || a.deps.Channels == nil {
		a.tell(ctx, c.ChannelID, c.UserID, msgNotSetUp.In(lang))
		return
	}
	period := bot.PeriodWeek
	if len(args) > 0 {
		period = bot.Period(strings.ToLower(args[0]))
		if _, ok := periodTitles[period]; !ok {
			a.tell(ctx, c.ChannelID, c.UserID, msgBadPeriod.In(lang))
			return
		}
	}
	ch, ok := a.channel(ctx, c)
	if !ok {
		return
	}
	lb, err := a.deps.Daily.Leaderboard(ctx, ch.ID, period, a.now())
	if err != nil {
		a.log.Error("leaderboard", "channel_id", c.ChannelID, "err", err)
		a.tell(ctx, c.ChannelID, c.UserID, msgFailed.In(lang))
		return
	}
	a.privately(ctx, c, renderLeaderboard(lb, lang))
}

// cmdQuestion answers /interview question [topic] with a practice question
// from the bank, shown privately.
func (a *Adapter) cmdQuestion(ctx context.Context, c slack.SlashCommand, args []string) {
	lang := a.cfg.Lang
	if a.deps.Bank == nil {
		a.tell(ctx, c.ChannelID, c.UserID, msgNotSetUp.In(lang))
		return
	}
	var f bot.QuestionFilter
	if len(args) > 0 {
		f.Topics = []string{strings.ToLower(args[0])}
	}
	qs := a.deps.Bank.Filter(f)
	if len(qs) == 0 {
		var names []string
		for _, t := range bot.Topics {
			names = append(names, "`"+t.Name+"`")
		}
		a.tell(ctx, c.ChannelID, c.UserID, fmt.Sprintf(msgNoQuestions.In(lang), esc(args[0]), strings.Join(names, ", ")))
		return
	}
	q := qs[rand.IntN(len(qs))]
	bs := []slack.Block{section(fmt.Sprintf(msgPracticeQ.In(lang), esc(topicTitle(q.Topic, lang)), difficulty(q.Difficulty), esc(q.ID)))}
	bs = append(bs, sections(esc(strings.TrimSpace(q.Text.In(lang))))...)
	bs = append(bs, contextLine(msgPracticeTip.In(lang)))
	a.privately(ctx, c, message{text: clip(oneLine(q.Text.In(lang)), 200), blocks: bs})
}

// privately shows m to the command's user in the channel it came from.
func (a *Adapter) privately(ctx context.Context, c slack.SlashCommand, m message) {
	if err := a.api.private(ctx, c.ChannelID, c.UserID, m); err != nil {
		a.log.Error("private reply", "channel_id", c.ChannelID, "user_id", c.UserID, "err", err)
	}
}

// channel finds or creates the bot.Channel the command came from; commands
// sent in a DM have none.
func (a *Adapter) channel(ctx context.Context, c slack.SlashCommand) (*bot.Channel, bool) {
	if strings.HasPrefix(c.ChannelID, "D") || c.ChannelID == "" {
		a.tell(ctx, c.ChannelID, c.UserID, msgNeedChannel.In(a.cfg.Lang))
		return nil, false
	}
	ch := &bot.Channel{Key: a.channelKey(c.TeamID, c.ChannelID), Name: c.ChannelName}
	if err := a.deps.Channels.UpsertChannel(ctx, ch); err != nil {
		a.log.Error("upsert channel", "channel_id", c.ChannelID, "err", err)
		a.tell(ctx, c.ChannelID, c.UserID, msgFailed.In(a.cfg.Lang))
		return nil, false
	}
	return ch, true
}
