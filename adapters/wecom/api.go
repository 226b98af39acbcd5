package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	wxcache "github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/util"
	"github.com/silenceper/wechat/v2/work"
	wxconfig "github.com/silenceper/wechat/v2/work/config"
	"github.com/silenceper/wechat/v2/work/message"
	"github.com/silenceper/wechat/v2/work/robot"
)

// defaultAPI is where the library sends every WeCom call.
const defaultAPI = "https://qyapi.weixin.qq.com"

// APIError is a WeCom answer with errcode ≠ 0. The library returns a nil
// error for some of these (the group robot webhook), so every call checks
// the code itself and surfaces it as this type.
type APIError struct {
	Op   string // which call: "message/send", "webhook/send", "aibot/response"
	Code int64
	Msg  string // WeCom's errmsg: a description, a hint id, the caller's IP; no secrets
}

func (e *APIError) Error() string {
	return fmt.Sprintf("wecom %s: errcode %d: %s", e.Op, e.Code, e.Msg)
}

// Transient reports whether trying again later may succeed: the system is
// busy (-1), a data version conflict (6000), or a frequency or concurrency
// limit (45009, 45011, 45033).
func (e *APIError) Transient() bool { return slices.Contains(transientCodes, e.Code) }

var transientCodes = []int64{-1, 6000, 45009, 45011, 45033}

// tokenCodes mean the cached access token is gone or stale (40014 invalid,
// 41001 missing, 42001 expired): fetch a new one and try again.
var tokenCodes = []int64{40014, 41001, 42001}

// api makes WeCom calls through silenceper/wechat: app messages with
// work/message, group robot pushes with work/robot, smart-robot replies
// with the library's JSON poster. It adds what the library leaves out:
// errcode checks, retries with backoff, access-token refresh, the group
// robot's rate limit, and errors with secrets removed.
type api struct {
	agentID string
	msg     *message.Client
	robot   *robot.Client
	tokens  *tokenCache
	limits  *limiter
	tries   int
	sleep   func(ctx context.Context, d time.Duration) error
	log     *slog.Logger
}

// libraryHooks guards the library's process-wide HTTP settings.
var libraryHooks sync.Mutex

func newAPI(cfg Config, now func() time.Time, sleep func(context.Context, time.Duration) error, log *slog.Logger) *api {
	libraryHooks.Lock()
	if util.DefaultHTTPClient == http.DefaultClient {
		// The library's default has no timeout; one hung call would hold a
		// worker forever.
		util.DefaultHTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.APIBaseURL != "" {
		base := strings.TrimRight(cfg.APIBaseURL, "/")
		util.SetURIModifier(func(uri string) string {
			if rest, ok := strings.CutPrefix(uri, defaultAPI); ok {
				return base + rest
			}
			return uri
		})
	}
	libraryHooks.Unlock()
	if sleep == nil {
		sleep = sleepCtx
	}
	tokens := &tokenCache{}
	wk := work.NewWork(&wxconfig.Config{CorpID: cfg.CorpID, CorpSecret: cfg.Secret, AgentID: cfg.AgentID, Cache: tokens})
	return &api{
		agentID: cfg.AgentID, msg: wk.GetMessage(), robot: wk.GetRobot(), tokens: tokens,
		limits: newLimiter(cfg.RobotPerMinute, time.Minute, now), tries: cfg.Attempts, sleep: sleep, log: log,
	}
}

// appMarkdown is an app markdown message; the library has helpers for text,
// image and voice only, so the others are built here and sent with Send.
type appMarkdown struct {
	*message.SendRequestCommon
	Markdown struct {
		Content string `json:"content"`
	} `json:"markdown"`
}

// appCard is an app template card message (text_notice).
type appCard struct {
	*message.SendRequestCommon
	TemplateCard textNoticeCard `json:"template_card"`
}

// sendApp sends one app message (msgtype "text", "markdown" or
// "template_card") to one member.
func (a *api) sendApp(ctx context.Context, user, msgType string, build func(*message.SendRequestCommon) any) error {
	common := &message.SendRequestCommon{ToUser: user, MsgType: msgType, AgentID: a.agentID}
	req := build(common)
	return a.call(ctx, "message/send", func() (util.CommonError, error) {
		res, err := a.msg.Send("message/send", req)
		if res != nil && err == nil {
			return res.CommonError, nil
		}
		return util.CommonError{}, err
	})
}

func (a *api) sendAppText(ctx context.Context, user, text string) error {
	return a.sendApp(ctx, user, "text", func(c *message.SendRequestCommon) any {
		return message.SendTextRequest{SendRequestCommon: c, Text: message.TextField{Content: text}}
	})
}

func (a *api) sendAppMarkdown(ctx context.Context, user, md string) error {
	return a.sendApp(ctx, user, "markdown", func(c *message.SendRequestCommon) any {
		m := appMarkdown{SendRequestCommon: c}
		m.Markdown.Content = md
		return m
	})
}

func (a *api) sendAppCard(ctx context.Context, user string, card textNoticeCard) error {
	return a.sendApp(ctx, user, "template_card", func(c *message.SendRequestCommon) any {
		return appCard{SendRequestCommon: c, TemplateCard: card}
	})
}

// webhookMarkdown is the group robot's markdown message.
type webhookMarkdown struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Content string `json:"content"`
	} `json:"markdown"`
}

func newMarkdown(md string) webhookMarkdown {
	m := webhookMarkdown{MsgType: "markdown"}
	m.Markdown.Content = md
	return m
}

// sendWebhook pushes markdown to a group through its robot webhook, waiting
// for the webhook's rate limit first.
func (a *api) sendWebhook(ctx context.Context, key, md string) error {
	if wait := a.limits.reserve(key); wait > 0 {
		if err := a.sleep(ctx, wait); err != nil {
			return fmt.Errorf("wecom webhook/send: waiting for the rate limit: %w", err)
		}
	}
	return a.call(ctx, "webhook/send", func() (util.CommonError, error) {
		return a.robot.RobotBroadcast(key, newMarkdown(md))
	})
}

// sendResponseURL answers a smart-robot message through the response_url
// it came with; WeCom takes one call per URL, within an hour.
func (a *api) sendResponseURL(ctx context.Context, responseURL, md string) error {
	return a.call(ctx, "aibot/response", func() (util.CommonError, error) {
		body, err := util.PostJSONContext(ctx, responseURL, newMarkdown(md))
		if err != nil {
			return util.CommonError{}, err
		}
		var res util.CommonError
		if err := json.Unmarshal(body, &res); err != nil {
			return res, fmt.Errorf("decode answer: %w", err)
		}
		return res, nil
	})
}

// call runs fn until WeCom accepts it, a code says trying again is
// pointless, or the attempts run out. Transient codes and transport errors
// are retried with exponential backoff; a stale access token is refreshed
// once; anything else is logged (without secrets) and returned.
func (a *api) call(ctx context.Context, op string, fn func() (util.CommonError, error)) error {
	wait := time.Second
	refreshed := false
	for attempt := 1; ; attempt++ {
		res, err := fn()
		var ce *util.CommonError
		if errors.As(err, &ce) {
			res, err = *ce, nil
		}
		var failure error
		retry := false
		switch {
		case err != nil:
			failure = fmt.Errorf("wecom %s: %s", op, redact(err.Error()))
			retry = true
		case res.ErrCode == 0:
			return nil
		default:
			ae := &APIError{Op: op, Code: res.ErrCode, Msg: redact(res.ErrMsg)}
			failure = ae
			if slices.Contains(tokenCodes, res.ErrCode) && !refreshed {
				a.tokens.clear()
				refreshed, retry = true, true
			} else {
				retry = ae.Transient()
			}
		}
		if !retry || attempt >= a.tries {
			a.logFailure(op, attempt, failure)
			return failure
		}
		a.log.Warn("wecom call failed; retrying", "op", op, "attempt", attempt, "wait", wait.String(), "err", failure)
		if err := a.sleep(ctx, wait); err != nil {
			return fmt.Errorf("%w (gave up waiting: %w)", failure, err)
		}
		wait = min(2*wait, 30*time.Second)
	}
}

func (a *api) logFailure(op string, attempts int, err error) {
	var ae *APIError
	if errors.As(err, &ae) {
		a.log.Error("wecom call failed", "op", op, "attempts", attempts, "errcode", ae.Code, "errmsg", ae.Msg, "transient", ae.Transient())
		return
	}
	a.log.Error("wecom call failed", "op", op, "attempts", attempts, "err", err)
}

// secretParams are the query parameters that carry credentials in WeCom
// URLs; the library and net/http quote URLs in their errors.
var secretParams = regexp.MustCompile(`(?i)(access_token|corpsecret|key|response_code)=[^&\s"']*`)

// redact removes credentials from a message before it is logged or returned.
func redact(s string) string {
	return secretParams.ReplaceAllString(s, "$1=REDACTED")
}

// tokenCache holds the app's access token for the library (its own memory
// cache reads without a lock) and lets call drop a token WeCom rejected.
type tokenCache struct {
	mu   sync.Mutex
	vals map[string]tokenEntry
}

type tokenEntry struct {
	val     any
	expires time.Time
}

var _ wxcache.Cache = (*tokenCache)(nil)

func (c *tokenCache) Get(key string) any {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.vals[key]
	if !ok || time.Now().After(e.expires) {
		return nil
	}
	return e.val
}

func (c *tokenCache) Set(key string, val any, ttl time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.vals == nil {
		c.vals = map[string]tokenEntry{}
	}
	c.vals[key] = tokenEntry{val: val, expires: time.Now().Add(ttl)}
	return nil
}

func (c *tokenCache) IsExist(key string) bool { return c.Get(key) != nil }

func (c *tokenCache) Delete(key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.vals, key)
	return nil
}

func (c *tokenCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.vals = nil
}
