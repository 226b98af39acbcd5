package slack

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/interviewbot/interviewbot/bot"
)

// cmdSettings shows or changes this channel's schedule:
//
//	/interview settings                       show it
//	/interview settings timezone Asia/Shanghai
//	/interview settings post|reveal|leaderboard <five-field cron>
//	/interview settings pause|resume
func (a *Adapter) cmdSettings(ctx context.Context, c slack.SlashCommand, args []string) {
	lang := a.cfg.Lang
	if a.deps.Channels == nil {
		a.tell(ctx, c.ChannelID, c.UserID, msgNotSetUp.In(lang))
		return
	}
	ch, ok := a.channel(ctx, c)
	if !ok {
		return
	}
	s, err := a.deps.Channels.FindSchedule(ctx, ch.ID)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		s, err = bot.DefaultSchedule(ch.ID), nil
	}
	if err != nil {
		a.log.Error("find schedule", "channel_id", c.ChannelID, "err", err)
		a.tell(ctx, c.ChannelID, c.UserID, msgFailed.In(lang))
		return
	}
	if len(args) == 0 {
		a.tell(ctx, c.ChannelID, c.UserID, settingsText(s, lang))
		return
	}
	if problem := a.applySetting(s, strings.ToLower(args[0]), args[1:], lang); problem != "" {
		a.tell(ctx, c.ChannelID, c.UserID, problem)
		return
	}
	s.UpdatedAt = a.now().UTC()
	save := a.deps.Channels.SaveSchedule
	if v, ok := a.deps.Daily.(scheduleSaver); ok {
		save = v.SaveSchedule
	}
	if err := save(ctx, s); bot.ErrorCode(err) == bot.EINVALID {
		a.tell(ctx, c.ChannelID, c.UserID, fmt.Sprintf(msgProblem.In(lang), esc(bot.ErrorMessage(err))))
		return
	} else if err != nil {
		a.log.Error("save schedule", "channel_id", c.ChannelID, "err", err)
		a.tell(ctx, c.ChannelID, c.UserID, msgFailed.In(lang))
		return
	}
	a.log.Info("channel settings changed", "channel_id", c.ChannelID, "user_id", c.UserID, "setting", args[0])
	a.tell(ctx, c.ChannelID, c.UserID, msgSaved.In(lang)+"\n"+settingsText(s, lang))
}

// scheduleSaver validates a schedule before storing it; *bot.Daily is one,
// and settings go through it when the daily use case is wired.
type scheduleSaver interface {
	SaveSchedule(ctx context.Context, s *bot.Schedule) error
}

// applySetting changes one setting in s and returns a problem to show, or "".
func (a *Adapter) applySetting(s *bot.Schedule, key string, args []string, lang bot.Lang) string {
	value := strings.Join(args, " ")
	switch key {
	case "pause":
		s.Paused = true
	case "resume":
		s.Paused = false
	case "timezone", "tz":
		prev := s.Timezone
		s.Timezone = value
		if _, err := s.Location(); err != nil || value == "" {
			s.Timezone = prev
			return fmt.Sprintf(msgProblem.In(lang), esc(bot.ErrorMessage(err)))
		}
	case "post", "reveal", "leaderboard":
		if p := a.checkCron(value, s.Timezone); p != nil {
			return fmt.Sprintf(msgBadCron.In(lang), esc(value))
		}
		switch key {
		case "post":
			s.PostCron = value
		case "reveal":
			s.RevealCron = value
		default:
			s.LeaderboardCron = value
		}
	default:
		return msgSettingsUse.In(lang)
	}
	return ""
}

// checkCron accepts a five-field spec, parsed by the injected parser when
// there is one.
func (a *Adapter) checkCron(spec, zone string) error {
	if len(strings.Fields(spec)) != 5 {
		return bot.Errorf(bot.EINVALID, "not five fields")
	}
	if a.deps.CronParser == nil {
		return nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	_, err = a.deps.CronParser(spec, loc)
	return err
}

func settingsText(s *bot.Schedule, lang bot.Lang) string {
	state := msgActive.In(lang)
	if s.Paused {
		state = msgPausedState.In(lang)
	}
	return fmt.Sprintf(msgSettings.In(lang), esc(s.Timezone), esc(s.PostCron), esc(s.RevealCron), esc(s.LeaderboardCron), state)
}
