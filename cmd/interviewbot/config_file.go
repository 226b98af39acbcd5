package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/jobs"
)

// ChannelConfig is one channel of the INTERVIEWBOT_CONFIG file: where it is
// and its schedule. serve stores the channel and saves the schedule through
// Daily.SaveSchedule at start, so the file wins over settings changed in
// chat until the next restart.
type ChannelConfig struct {
	Platform    string   `yaml:"platform"`  // slack or wecom
	Workspace   string   `yaml:"workspace"` // Slack team id, WeCom corp id
	Channel     string   `yaml:"channel"`   // Slack channel id, WeCom chat id
	Name        string   `yaml:"name"`
	Lang        string   `yaml:"lang"`
	Timezone    string   `yaml:"timezone"`
	Post        string   `yaml:"post"`
	Reveal      string   `yaml:"reveal"`
	Leaderboard string   `yaml:"leaderboard"`
	SkipDates   []string `yaml:"skip_dates"`
	Topics      []string `yaml:"topics"`
	Tracks      []string `yaml:"tracks"`
	Difficulty  []int    `yaml:"difficulty"`
	Paused      bool     `yaml:"paused"`
}

// fileConfig is the whole file; unknown keys are errors, so a typo does not
// silently leave a default in force.
type fileConfig struct {
	Channels []ChannelConfig `yaml:"channels"`
}

func loadConfigFile(path string) ([]ChannelConfig, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, bot.Errorf(bot.EINVALID, "%s=%s cannot be read: %v.", EnvConfigFile, path, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var f fileConfig
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, bot.Errorf(bot.EINVALID, "%s=%s: %v.", EnvConfigFile, path, err)
	}
	return f.Channels, nil
}

// name is how messages refer to the channel: its place in the file and key.
func (ch ChannelConfig) name(i int) string {
	return fmt.Sprintf("%s channels[%d] (%s %s)", EnvConfigFile, i, ch.Platform, ch.Channel)
}

// Schedule is the bot schedule the entry describes; empty times take the
// defaults.
func (ch ChannelConfig) Schedule(channelID int64) *bot.Schedule {
	s := bot.DefaultSchedule(channelID)
	if ch.Timezone != "" {
		s.Timezone = ch.Timezone
	}
	if ch.Post != "" {
		s.PostCron = ch.Post
	}
	if ch.Reveal != "" {
		s.RevealCron = ch.Reveal
	}
	if ch.Leaderboard != "" {
		s.LeaderboardCron = ch.Leaderboard
	}
	s.SkipDates, s.Topics, s.Tracks, s.Difficulty, s.Paused = ch.SkipDates, ch.Topics, ch.Tracks, ch.Difficulty, ch.Paused
	return s
}

// Key is the channel's identity.
func (ch ChannelConfig) Key() bot.ChannelKey {
	return bot.ChannelKey{Platform: ch.Platform, Workspace: ch.Workspace, ChannelID: ch.Channel}
}

// validateChannels checks every entry the way Daily.SaveSchedule will, plus
// what only the file can get wrong (an unknown platform, a duplicate), and
// names the entry and the field in each message.
func validateChannels(chans []ChannelConfig) []string {
	var ps []string
	seen := map[bot.ChannelKey]int{}
	for i, ch := range chans {
		n := ch.name(i)
		switch ch.Platform {
		case bot.PlatformSlack, bot.PlatformWeCom:
		default:
			ps = append(ps, fmt.Sprintf("%s: platform must be slack or wecom.", n))
		}
		if ch.Workspace == "" || ch.Channel == "" {
			ps = append(ps, fmt.Sprintf("%s: workspace and channel are required.", n))
		}
		if j, dup := seen[ch.Key()]; dup {
			ps = append(ps, fmt.Sprintf("%s: the same channel as channels[%d].", n, j))
		}
		seen[ch.Key()] = i
		if ch.Lang != "" {
			if _, err := bot.ParseLang(ch.Lang); err != nil {
				ps = append(ps, fmt.Sprintf("%s: lang %q: use zh or en.", n, ch.Lang))
			}
		}
		for _, t := range ch.Topics {
			if _, ok := bot.FindTopic(t); !ok {
				ps = append(ps, fmt.Sprintf("%s: unknown topic %q.", n, t))
			}
		}
		sched := ch.Schedule(0)
		if _, err := sched.Location(); err != nil {
			ps = append(ps, fmt.Sprintf("%s: timezone: %s", n, bot.ErrorMessage(err)))
			continue // the cron specs are checked in the zone
		}
		for _, spec := range []struct{ field, v string }{{"post", ch.Post}, {"reveal", ch.Reveal}, {"leaderboard", ch.Leaderboard}} {
			if spec.v == "" {
				continue
			}
			loc, _ := sched.Location()
			if _, err := jobs.ParseCron(spec.v, loc); err != nil {
				ps = append(ps, fmt.Sprintf("%s: %s %q is not a cron spec (minute hour day month weekday).", n, spec.field, spec.v))
			}
		}
		for _, d := range ch.SkipDates {
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				ps = append(ps, fmt.Sprintf("%s: skip date %q is not a date like 2026-10-01.", n, d))
			}
		}
		for _, d := range ch.Difficulty {
			if d < 1 || d > 3 {
				ps = append(ps, fmt.Sprintf("%s: difficulty %d: use 1 (easy) to 3 (hard).", n, d))
			}
		}
	}
	return ps
}

// unconfiguredPlatforms names the entries whose platform serve has no
// credentials for. Only serve checks this: the admin commands may run where
// the platform secrets are not.
func unconfiguredPlatforms(chans []ChannelConfig, s ServeConfig) []string {
	var ps []string
	for i, ch := range chans {
		if ch.Platform == bot.PlatformSlack && !s.Slack() {
			ps = append(ps, fmt.Sprintf("%s: Slack is not configured (set %s).", ch.name(i), EnvSlackBotToken))
		}
		if ch.Platform == bot.PlatformWeCom && s.WeCom == nil {
			ps = append(ps, fmt.Sprintf("%s: WeCom is not configured (set the WECOM_* variables).", ch.name(i)))
		}
	}
	return ps
}
