package wecom

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// Config is how the adapter reaches WeCom and checks what WeCom sends.
// Secrets, tokens, AES keys and webhook keys are never logged.
type Config struct {
	CorpID  string // WECOM_CORP_ID: 企业ID; the receive id of the app callback
	AgentID string // WECOM_AGENT_ID: the self-built app's AgentId
	Secret  string // WECOM_SECRET: the app's Secret, for access tokens
	Token   string // WECOM_TOKEN: the app callback's Token (signatures)
	AESKey  string // WECOM_AES_KEY: the app callback's EncodingAESKey (43 chars)
	// BotToken and BotAESKey (WECOM_BOT_TOKEN, WECOM_BOT_AES_KEY) enable the
	// smart robot's callback; both or neither.
	BotToken  string
	BotAESKey string
	// GroupWebhooks maps a group's chat id to the key of the group robot
	// (消息推送) added to it: WECOM_GROUP_WEBHOOKS="chatid=key,chatid2=key2".
	// Daily questions, reveals and leaderboards go to these groups.
	GroupWebhooks map[string]string
	// Timezone is the zone new groups get their schedule in
	// (WECOM_TIMEZONE). Default Asia/Shanghai.
	Timezone string
	// Lang is the language of replies outside a mock interview and the
	// default of new ones (WECOM_LANG). Default zh.
	Lang bot.Lang
	// CardURL (WECOM_CARD_URL), when set, makes daily feedback start with a
	// template card (score and summary) that opens this page, such as the
	// team's study wiki; WeCom requires a target for such cards.
	CardURL string
	// PlainText (WECOM_PLAIN_TEXT=true) sends personal messages as text
	// rather than markdown, for corps whose members read WeCom in WeChat,
	// which does not show markdown messages.
	PlainText bool
	// APIBaseURL replaces https://qyapi.weixin.qq.com (WECOM_API_BASE_URL),
	// for an egress gateway or a fake WeCom in tests. The library only
	// offers a process-wide URI hook for this, so it applies to every
	// silenceper/wechat call in the process.
	APIBaseURL string
	// MaxClockSkew is how old (or how far ahead) a callback's timestamp may
	// be. Default 5 minutes.
	MaxClockSkew time.Duration
	// RobotPerMinute is the group robot's limit per webhook. Default 20.
	RobotPerMinute int
	// Attempts bounds the tries of one API call WeCom answers with a
	// transient errcode. Default 4.
	Attempts int
	// Workers bounds the goroutines processing callbacks after the 200.
	// Default 64.
	Workers int
	// Queue is how many callbacks may wait for a worker; when it is full
	// too, WeCom gets a 503 and retries. Default 1024.
	Queue int
}

// Environment variables ConfigFromEnv reads.
const (
	EnvCorpID        = "WECOM_CORP_ID"
	EnvAgentID       = "WECOM_AGENT_ID"
	EnvSecret        = "WECOM_SECRET"
	EnvToken         = "WECOM_TOKEN"
	EnvAESKey        = "WECOM_AES_KEY"
	EnvBotToken      = "WECOM_BOT_TOKEN"
	EnvBotAESKey     = "WECOM_BOT_AES_KEY"
	EnvGroupWebhooks = "WECOM_GROUP_WEBHOOKS"
	EnvTimezone      = "WECOM_TIMEZONE"
	EnvLang          = "WECOM_LANG"
	EnvAPIBaseURL    = "WECOM_API_BASE_URL"
	EnvCardURL       = "WECOM_CARD_URL"
	EnvPlainText     = "WECOM_PLAIN_TEXT"
)

// ConfigFromEnv reads the WECOM_* variables through getenv (os.Getenv in
// main, a map in tests) and validates the result.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		CorpID: getenv(EnvCorpID), AgentID: getenv(EnvAgentID), Secret: getenv(EnvSecret),
		Token: getenv(EnvToken), AESKey: getenv(EnvAESKey),
		BotToken: getenv(EnvBotToken), BotAESKey: getenv(EnvBotAESKey),
		Timezone: getenv(EnvTimezone), Lang: bot.Lang(getenv(EnvLang)), APIBaseURL: getenv(EnvAPIBaseURL),
		CardURL: getenv(EnvCardURL),
	}
	switch v := strings.ToLower(getenv(EnvPlainText)); v {
	case "", "0", "false", "no":
	case "1", "true", "yes":
		c.PlainText = true
	default:
		return c, fmt.Errorf("wecom: %s must be true or false, not %q", EnvPlainText, v)
	}
	groups, err := parseGroupWebhooks(getenv(EnvGroupWebhooks))
	if err != nil {
		return c, err
	}
	c.GroupWebhooks = groups
	return c, c.Validate()
}

// parseGroupWebhooks reads "chatid=key,chatid=key". A full webhook URL is
// accepted in place of the key, since that is what the console shows.
func parseGroupWebhooks(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		chat, key, ok := strings.Cut(part, "=")
		chat, key = strings.TrimSpace(chat), strings.TrimSpace(key)
		if strings.HasPrefix(key, "http") {
			if u, err := url.Parse(key); err == nil {
				key = u.Query().Get("key")
			}
		}
		if !ok || chat == "" || key == "" {
			return nil, fmt.Errorf("wecom: %s entry %d is not chatid=webhookkey", EnvGroupWebhooks, len(out)+1)
		}
		out[chat] = key
	}
	return out, nil
}

// Validate reports what is missing or malformed, without echoing a secret.
func (c Config) Validate() error {
	var errs []error
	for _, f := range []struct{ name, v string }{
		{EnvCorpID, c.CorpID}, {EnvAgentID, c.AgentID}, {EnvSecret, c.Secret}, {EnvToken, c.Token}, {EnvAESKey, c.AESKey},
	} {
		if f.v == "" {
			errs = append(errs, fmt.Errorf("wecom: %s is required", f.name))
		}
	}
	if c.AgentID != "" {
		if _, err := strconv.Atoi(c.AgentID); err != nil {
			errs = append(errs, fmt.Errorf("wecom: %s must be the numeric AgentId", EnvAgentID))
		}
	}
	if c.AESKey != "" && len(c.AESKey) != 43 {
		errs = append(errs, fmt.Errorf("wecom: %s must be the 43-character EncodingAESKey (got %d characters)", EnvAESKey, len(c.AESKey)))
	}
	if (c.BotToken == "") != (c.BotAESKey == "") {
		errs = append(errs, fmt.Errorf("wecom: set both %s and %s for the smart robot, or neither", EnvBotToken, EnvBotAESKey))
	}
	if c.BotAESKey != "" && len(c.BotAESKey) != 43 {
		errs = append(errs, fmt.Errorf("wecom: %s must be the 43-character EncodingAESKey (got %d characters)", EnvBotAESKey, len(c.BotAESKey)))
	}
	if c.Timezone != "" {
		if _, err := time.LoadLocation(c.Timezone); err != nil {
			errs = append(errs, fmt.Errorf("wecom: %s %q is not an IANA zone such as Asia/Shanghai", EnvTimezone, c.Timezone))
		}
	}
	if c.Lang != "" && c.Lang != bot.LangZH && c.Lang != bot.LangEN {
		errs = append(errs, fmt.Errorf("wecom: %s must be zh or en, not %q", EnvLang, c.Lang))
	}
	if c.CardURL != "" {
		if u, err := url.Parse(c.CardURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Errorf("wecom: %s must be an http(s) URL", EnvCardURL))
		}
	}
	if c.APIBaseURL != "" {
		if u, err := url.Parse(c.APIBaseURL); err != nil || u.Scheme == "" || u.Host == "" {
			errs = append(errs, fmt.Errorf("wecom: %s must be an absolute URL", EnvAPIBaseURL))
		}
	}
	return errors.Join(errs...)
}

func (c Config) withDefaults() Config {
	if c.Timezone == "" {
		c.Timezone = "Asia/Shanghai"
	}
	if c.Lang == "" {
		c.Lang = bot.LangZH
	}
	if c.MaxClockSkew <= 0 {
		c.MaxClockSkew = 5 * time.Minute
	}
	if c.RobotPerMinute <= 0 {
		c.RobotPerMinute = 20
	}
	if c.Attempts <= 0 {
		c.Attempts = 4
	}
	if c.Workers <= 0 {
		c.Workers = 64
	}
	if c.Queue <= 0 {
		c.Queue = 1024
	}
	return c
}

// groupIDs returns the configured group chat ids, sorted.
func (c Config) groupIDs() []string {
	ids := make([]string, 0, len(c.GroupWebhooks))
	for id := range c.GroupWebhooks {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
