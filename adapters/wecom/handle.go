package wecom

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/interviewbot/interviewbot/bot"
)

// handle does what a message asks, in a worker, after the 200.
func (a *Adapter) handle(ctx context.Context, in *inbound) {
	m, err := a.member(ctx, in.user)
	if err != nil {
		a.log.Error("member for message", "callback", in.source, "msg_id", in.msgID, "err", err)
		a.reply(ctx, in, msgFailed.In(a.cfg.Lang))
		return
	}
	cmd, args := parseCommand(in.text)
	if in.group() {
		a.handleGroup(ctx, in, m, cmd, args)
		return
	}
	a.handleDirect(ctx, in, m, cmd, args)
}

// handleGroup serves an @-mention in a group: a command, or an answer to
// the day's question (PostRef "": the group's open question).
func (a *Adapter) handleGroup(ctx context.Context, in *inbound, m *bot.Member, cmd command, args []string) {
	lang := a.lang(m)
	switch cmd {
	case cmdHelp:
		a.reply(ctx, in, msgHelpGroup.In(lang)+fmt.Sprintf("\n<font color=\"comment\">chatid: %s</font>", esc(in.chatID)))
	case cmdLeaderboard:
		a.groupLeaderboard(ctx, in, lang, args)
	case cmdStats, cmdMock, cmdHint, cmdSkip, cmdQuit, cmdRetry:
		// Personal: the result goes to the member's app chat.
		md := a.personal(ctx, m, cmd, args, lang)
		if err := a.msg.tell(ctx, m.Key.UserID, md); err != nil {
			a.log.Error("private reply", "user_id", m.Key.UserID, "err", err)
			a.reply(ctx, in, msgFailed.In(lang))
			return
		}
		a.reply(ctx, in, fmt.Sprintf(msgSentPrivate.In(lang), esc(in.user)))
	default:
		a.groupAnswer(ctx, in, m, lang)
	}
}

// groupAnswer hands an @-reply to the daily use case as the member's answer.
func (a *Adapter) groupAnswer(ctx context.Context, in *inbound, m *bot.Member, lang bot.Lang) {
	if in.text == "" {
		a.reply(ctx, in, msgEmptyMention.In(lang))
		return
	}
	if a.deps.Daily == nil || a.deps.Channels == nil {
		a.reply(ctx, in, msgNotSetUp.In(lang))
		return
	}
	if _, err := a.channel(ctx, in.chatID); err != nil {
		a.log.Error("group channel", "chat_id", in.chatID, "err", err)
		a.reply(ctx, in, msgFailed.In(lang))
		return
	}
	// The message is acknowledged already and WeCom will not send it again:
	// ride out a database outage rather than lose the answer.
	err := bot.RetryUnavailable(ctx, bot.UnavailableBackoff(), a.sleep,
		func(attempt int, err error) {
			a.log.Warn("submit answer failed, retrying", "chat_id", in.chatID, "msg_id", in.msgID, "attempt", attempt, "err", err)
		},
		func() error {
			_, err := a.deps.Daily.SubmitAnswer(ctx, bot.Incoming{
				Channel: a.channelKey(in.chatID), Member: m.Key, PostRef: "",
				MessageRef: in.msgID, Text: in.text, DeliveryKey: in.msgID, At: in.at.UTC(),
			})
			return err
		})
	switch {
	case err == nil:
		a.reply(ctx, in, fmt.Sprintf(msgAnswerAck.In(lang), esc(in.user)))
	case errors.Is(err, bot.ErrDuplicateDelivery):
		// The first delivery answered already.
	case errors.Is(err, bot.ErrAlreadyAnswered):
		a.reply(ctx, in, fmt.Sprintf(msgAlready.In(lang), esc(in.user)))
	case bot.ErrorCode(err) == bot.ENOTFOUND:
		a.reply(ctx, in, msgNoQuestion.In(lang))
	case bot.ErrorCode(err) == bot.EINVALID:
		a.reply(ctx, in, fmt.Sprintf(msgProblem.In(lang), esc(bot.ErrorMessage(err))))
	default:
		a.log.Error("submit answer", "chat_id", in.chatID, "msg_id", in.msgID, "member_id", m.ID, "err", err)
		a.reply(ctx, in, msgFailed.In(lang))
	}
}

// groupLeaderboard shows the group's ranking in the group: this week by
// default, or month / all (本月 / 总榜).
func (a *Adapter) groupLeaderboard(ctx context.Context, in *inbound, lang bot.Lang, args []string) {
	if a.deps.Daily == nil || a.deps.Channels == nil {
		a.reply(ctx, in, msgNotSetUp.In(lang))
		return
	}
	ch, err := a.channel(ctx, in.chatID)
	if err != nil {
		a.log.Error("group channel", "chat_id", in.chatID, "err", err)
		a.reply(ctx, in, msgFailed.In(lang))
		return
	}
	lb, err := a.deps.Daily.Leaderboard(ctx, ch.ID, parsePeriod(args), a.now())
	if err != nil {
		a.log.Error("leaderboard", "channel_id", ch.ID, "err", err)
		a.reply(ctx, in, msgFailed.In(lang))
		return
	}
	a.reply(ctx, in, renderLeaderboard(lb, lang))
}

func parsePeriod(args []string) bot.Period {
	for _, arg := range args {
		switch strings.ToLower(arg) {
		case "month", "本月", "月":
			return bot.PeriodMonth
		case "all", "总榜", "全部":
			return bot.PeriodAll
		}
	}
	return bot.PeriodWeek
}

// handleDirect serves a direct chat with the app or the smart robot: a
// command, or the next move in the member's mock interview.
func (a *Adapter) handleDirect(ctx context.Context, in *inbound, m *bot.Member, cmd command, args []string) {
	lang := a.lang(m)
	switch cmd {
	case cmdHelp:
		a.reply(ctx, in, msgHelpDirect.In(lang))
	case cmdLeaderboard:
		a.reply(ctx, in, msgGroupOnly.In(lang))
	case cmdNone:
		step, err := a.deps.Interviews.Answer(ctx, m.ID, in.text)
		a.reply(ctx, in, a.stepText(m, lang, step, err))
	default:
		a.reply(ctx, in, a.personal(ctx, m, cmd, args, lang))
	}
}

// personal runs a command whose answer only the member may see.
func (a *Adapter) personal(ctx context.Context, m *bot.Member, cmd command, args []string, lang bot.Lang) string {
	iv := a.deps.Interviews
	var step *bot.Step
	var err error
	switch cmd {
	case cmdStats:
		return a.stats(ctx, m, lang)
	case cmdMock:
		step, err = a.resumeOrStart(ctx, m, lang, args)
	case cmdHint:
		step, err = iv.Hint(ctx, m.ID)
	case cmdSkip:
		step, err = iv.Skip(ctx, m.ID)
	case cmdQuit:
		step, err = iv.Pause(ctx, m.ID)
	case cmdRetry:
		step, err = iv.Retry(ctx, m.ID)
	default:
		return msgHelpDirect.In(lang)
	}
	return a.stepText(m, lang, step, err)
}

func (a *Adapter) stats(ctx context.Context, m *bot.Member, lang bot.Lang) string {
	if a.deps.Daily == nil {
		return msgNotSetUp.In(lang)
	}
	st, err := a.deps.Daily.Stats(ctx, m.Key)
	if err != nil {
		a.log.Error("stats", "member_id", m.ID, "err", err)
		return msgFailed.In(lang)
	}
	return renderStats(st, lang)
}

// resumeOrStart runs /mock-interview [track] [zh|en] [new]: it resumes the
// open interview unless "new" is given, else starts one.
func (a *Adapter) resumeOrStart(ctx context.Context, m *bot.Member, lang bot.Lang, args []string) (*bot.Step, error) {
	opts, fresh := bot.StartOptions{Lang: lang}, false
	for _, arg := range args {
		if l, err := bot.ParseLang(arg); err == nil {
			opts.Lang = l
		} else if strings.EqualFold(arg, "new") || arg == "重新开始" {
			fresh = true
		} else {
			opts.Track = arg
		}
	}
	iv := a.deps.Interviews
	if fresh {
		if err := iv.Abandon(ctx, m.ID); err != nil {
			return nil, err
		}
		return iv.Start(ctx, m.ID, opts)
	}
	step, err := iv.Resume(ctx, m.ID)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		return iv.Start(ctx, m.ID, opts)
	}
	return step, err
}

// stepText renders a step, or words the error that stopped it: no
// interview, a grading failure to retry, a problem the member can fix, or a
// generic failure (logged) for anything else.
func (a *Adapter) stepText(m *bot.Member, lang bot.Lang, step *bot.Step, err error) string {
	if err == nil {
		return renderStep(step)
	}
	switch bot.ErrorCode(err) {
	case bot.ENOTFOUND:
		if bot.ErrorMessage(err) == bot.MsgNoOpenSession {
			return msgNoSession.In(lang)
		}
		return fmt.Sprintf(msgProblem.In(lang), esc(bot.ErrorMessage(err)))
	case bot.EUNAVAILABLE:
		return fmt.Sprintf(msgGradeFail.In(lang), esc(bot.ErrorMessage(err)))
	case bot.EINVALID, bot.ECONFLICT:
		return fmt.Sprintf(msgProblem.In(lang), esc(bot.ErrorMessage(err)))
	}
	a.log.Error("mock interview step failed", "member_id", m.ID, "err", err)
	return msgFailed.In(lang)
}

// reply answers a message where it came from. In a group that is the
// smart robot's response_url (one call per message). In a direct chat it is
// response_url when the answer fits in one message, else app messages,
// which may be several.
func (a *Adapter) reply(ctx context.Context, in *inbound, md string) {
	var err error
	switch {
	case in.responseURL != "" && len(md) <= maxRobotMarkdown:
		err = a.msg.api.sendResponseURL(ctx, in.responseURL, md)
	case in.group():
		if err = a.msg.tell(ctx, in.user, md); err == nil && in.responseURL != "" {
			err = a.msg.api.sendResponseURL(ctx, in.responseURL, fmt.Sprintf(msgSentPrivate.In(a.cfg.Lang), esc(in.user)))
		}
	default:
		if err = a.msg.tell(ctx, in.user, md); err == nil && in.responseURL != "" {
			err = a.msg.api.sendResponseURL(ctx, in.responseURL, msgLongReply.In(a.cfg.Lang))
		}
	}
	if err != nil {
		a.log.Error("reply", "callback", in.source, "msg_id", in.msgID, "err", err)
	}
}

// member finds or creates the member behind a user id of this corp.
func (a *Adapter) member(ctx context.Context, userID string) (*bot.Member, error) {
	m := &bot.Member{Key: bot.MemberKey{Platform: bot.PlatformWeCom, Workspace: a.cfg.CorpID, UserID: userID}}
	if err := a.deps.Members.UpsertMember(ctx, m); err != nil {
		return nil, fmt.Errorf("upsert member: %w", err)
	}
	return m, nil
}

func (a *Adapter) lang(m *bot.Member) bot.Lang {
	if m.Lang != "" {
		return m.Lang
	}
	return a.cfg.Lang
}

func (a *Adapter) channelKey(chatID string) bot.ChannelKey {
	return bot.ChannelKey{Platform: bot.PlatformWeCom, Workspace: a.cfg.CorpID, ChannelID: chatID}
}

// groupSync remembers which groups already have a stored channel and
// schedule in this process.
type groupSync struct {
	mu   sync.Mutex
	done map[string]*bot.Channel
}

// channel finds or creates the group's channel and gives it the default
// schedule (in Config.Timezone) when it has none, so a group starts getting
// daily questions once it is configured or first speaks to the bot.
func (a *Adapter) channel(ctx context.Context, chatID string) (*bot.Channel, error) {
	g := a.grouped
	g.mu.Lock()
	ch, ok := g.done[chatID]
	g.mu.Unlock()
	if ok {
		return ch, nil
	}
	ch = &bot.Channel{Key: a.channelKey(chatID), Lang: a.cfg.Lang, Timezone: a.cfg.Timezone}
	if err := a.deps.Channels.UpsertChannel(ctx, ch); err != nil {
		return nil, fmt.Errorf("upsert channel %s: %w", chatID, err)
	}
	if _, err := a.deps.Channels.FindSchedule(ctx, ch.ID); bot.ErrorCode(err) == bot.ENOTFOUND {
		s := bot.DefaultSchedule(ch.ID)
		s.Timezone = a.cfg.Timezone
		s.UpdatedAt = a.now().UTC()
		if err := a.deps.Channels.SaveSchedule(ctx, s); err != nil {
			return nil, fmt.Errorf("save default schedule of %s: %w", chatID, err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("find schedule of %s: %w", chatID, err)
	}
	g.mu.Lock()
	if g.done == nil {
		g.done = map[string]*bot.Channel{}
	}
	g.done[chatID] = ch
	g.mu.Unlock()
	return ch, nil
}

// SyncGroups stores a channel and a default schedule for every group in
// Config.GroupWebhooks that has none, so the daily question reaches a
// configured group before anyone there has talked to the bot. serve calls
// it at startup.
func (a *Adapter) SyncGroups(ctx context.Context) error {
	if a.deps.Channels == nil {
		return errors.New("wecom: SyncGroups needs Deps.Channels")
	}
	for _, id := range a.cfg.groupIDs() {
		if _, err := a.channel(ctx, id); err != nil {
			return err
		}
	}
	return nil
}
