package wecom

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// Callback paths Handler serves; the admin console's 接收消息 URL points at
// them (see deploy/wecom/README.md).
const (
	PathApp   = "/wecom/app"   // the self-built app's callback
	PathRobot = "/wecom/robot" // the smart robot's callback
)

// maxBody caps a callback body; WeCom's are a few kilobytes.
const maxBody = 1 << 20

// inbound is one member message from either callback, decrypted and parsed.
type inbound struct {
	source      string // "app" or "aibot": the delivery key's namespace
	msgID       string
	user        string
	chatID      string // the group's chat id; "" in a direct chat
	text        string
	responseURL string // the smart robot's one-shot reply URL
	at          time.Time
}

func (in *inbound) group() bool { return in.chatID != "" }

// Handler serves both callbacks. Every request is checked before anything
// else happens: timestamp within MaxClockSkew, msg_signature, a nonce not
// seen before; then the message is decrypted, its receive id checked, its
// MsgId claimed in the store, and the 200 goes back at once while a worker
// does the rest.
func (a *Adapter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(PathApp, func(w http.ResponseWriter, r *http.Request) {
		a.serve(w, r, a.app, "app", parseAppMessage)
	})
	if a.robot != nil {
		mux.HandleFunc(PathRobot, func(w http.ResponseWriter, r *http.Request) {
			a.serve(w, r, a.robot, "aibot", parseRobotMessage)
		})
	}
	return mux
}

// parser turns a decrypted body into a message; nil means "nothing to do"
// (an event, a stream refresh, a message type the bot does not read).
type parser func(plain []byte, now time.Time) (*inbound, error)

func (a *Adapter) serve(w http.ResponseWriter, r *http.Request, c *cipher, source string, parse parser) {
	q := r.URL.Query()
	sig, ts, nonce := q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce")
	now := a.now()
	if err := checkTimestamp(ts, now, a.cfg.MaxClockSkew); err != nil {
		a.reject(w, source, http.StatusForbidden, err)
		return
	}
	switch r.Method {
	case http.MethodGet:
		plain, err := c.open(sig, ts, nonce, q.Get("echostr"))
		if err != nil {
			a.reject(w, source, http.StatusForbidden, err)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(plain)
	case http.MethodPost:
		a.servePost(w, r, c, source, parse, sig, ts, nonce, now)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func (a *Adapter) servePost(w http.ResponseWriter, r *http.Request, c *cipher, source string, parse parser, sig, ts, nonce string, now time.Time) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		a.reject(w, source, http.StatusBadRequest, fmt.Errorf("read body: %w", err))
		return
	}
	encrypted, err := envelope(source, body)
	if err != nil {
		a.reject(w, source, http.StatusBadRequest, err)
		return
	}
	plain, err := c.open(sig, ts, nonce, encrypted)
	if err != nil {
		a.reject(w, source, http.StatusForbidden, err)
		return
	}
	nonceKey := source + ":" + ts + ":" + nonce
	if !a.nonces.add(nonceKey, now) {
		a.reject(w, source, http.StatusForbidden, errors.New("nonce already used"))
		return
	}
	in, err := parse(plain, now)
	if err != nil {
		a.reject(w, source, http.StatusBadRequest, err)
		return
	}
	if in == nil {
		w.WriteHeader(http.StatusOK) // an event or a refresh: nothing to answer
		return
	}
	switch a.dispatch(r, in) {
	case busy:
		a.nonces.forget(nonceKey) // WeCom's retry must not look like a replay
		http.Error(w, "busy", http.StatusServiceUnavailable)
	case failed:
		a.nonces.forget(nonceKey)
		http.Error(w, "try again", http.StatusInternalServerError)
	default:
		// An empty 200: WeCom shows nothing and does not retry; the reply
		// follows as an app message or through response_url.
		w.WriteHeader(http.StatusOK)
	}
}

// reject answers a request that failed a check, logging why without any of
// its content.
func (a *Adapter) reject(w http.ResponseWriter, source string, status int, err error) {
	a.log.Warn("callback rejected", "callback", source, "status", status, "reason", err.Error())
	http.Error(w, http.StatusText(status), status)
}

// envelope extracts the ciphertext: <xml><Encrypt> for the app,
// {"encrypt": …} for the smart robot.
func envelope(source string, body []byte) (string, error) {
	if source == "app" {
		var env struct {
			Encrypt string `xml:"Encrypt"`
		}
		if err := xml.Unmarshal(body, &env); err != nil || env.Encrypt == "" {
			return "", errors.New("body is not an encrypted XML envelope")
		}
		return env.Encrypt, nil
	}
	var env struct {
		Encrypt string `json:"encrypt"`
	}
	if err := json.Unmarshal(body, &env); err != nil || env.Encrypt == "" {
		return "", errors.New("body is not an encrypted JSON envelope")
	}
	return env.Encrypt, nil
}

// appMessage is the decrypted XML of an app callback.
type appMessage struct {
	ToUserName   string `xml:"ToUserName"`
	FromUserName string `xml:"FromUserName"`
	CreateTime   int64  `xml:"CreateTime"`
	MsgType      string `xml:"MsgType"`
	Content      string `xml:"Content"`
	MsgID        string `xml:"MsgId"`
	AgentID      string `xml:"AgentID"`
}

// parseAppMessage reads a text message a member sent the app (a direct
// chat); events and other types are not for the bot.
func parseAppMessage(plain []byte, now time.Time) (*inbound, error) {
	var m appMessage
	if err := xml.Unmarshal(plain, &m); err != nil {
		return nil, errors.New("decrypted app message is not XML")
	}
	if m.MsgType != "text" {
		return nil, nil
	}
	if m.MsgID == "" || m.FromUserName == "" {
		return nil, errors.New("text message without MsgId or FromUserName")
	}
	at := now
	if m.CreateTime > 0 {
		at = time.Unix(m.CreateTime, 0)
	}
	return &inbound{source: "app", msgID: m.MsgID, user: m.FromUserName, text: strings.TrimSpace(m.Content), at: at}, nil
}

// robotMessage is the decrypted JSON of a smart-robot callback.
type robotMessage struct {
	MsgID    string `json:"msgid"`
	AIBotID  string `json:"aibotid"`
	ChatID   string `json:"chatid"`
	ChatType string `json:"chattype"` // "group" or "single"
	From     struct {
		UserID string `json:"userid"`
	} `json:"from"`
	ResponseURL string `json:"response_url"`
	MsgType     string `json:"msgtype"`
	Text        struct {
		Content string `json:"content"`
	} `json:"text"`
}

// parseRobotMessage reads a text message to the smart robot: an @-mention
// in a group or a direct chat. Stream refreshes, events and other types
// are not for the bot.
func parseRobotMessage(plain []byte, now time.Time) (*inbound, error) {
	var m robotMessage
	if err := json.Unmarshal(plain, &m); err != nil {
		return nil, errors.New("decrypted smart-robot message is not JSON")
	}
	if m.MsgType != "text" {
		return nil, nil
	}
	if m.MsgID == "" || m.From.UserID == "" {
		return nil, errors.New("text message without msgid or from.userid")
	}
	in := &inbound{source: "aibot", msgID: m.MsgID, user: m.From.UserID, text: stripMentions(m.Text.Content),
		responseURL: m.ResponseURL, at: now}
	if m.ChatType == "group" {
		if m.ChatID == "" {
			return nil, errors.New("group message without chatid")
		}
		in.chatID = m.ChatID
	}
	return in, nil
}

// stripMentions drops the leading @-mentions ("@RobotA answer…") so what
// is left is the command or the answer.
func stripMentions(s string) string {
	s = strings.TrimSpace(s)
	for strings.HasPrefix(s, "@") {
		i := strings.IndexAny(s, " \u00a0\u2005\n\t")
		if i < 0 {
			return ""
		}
		s = strings.TrimSpace(s[i:])
	}
	return s
}

// outcome is what became of a delivery handed to dispatch.
type outcome int

const (
	started   outcome = iota // claimed and running
	duplicate                // seen before: WeCom retried or redelivered; nothing done
	busy                     // no worker free (or shutting down); nothing claimed
	failed                   // the claim could not be stored; nothing done
)

// dispatch claims the message's MsgId and runs the rest in a worker. The
// slot is reserved before the claim, so a busy bot never claims what it
// cannot process, and the claim is stored before any side effect, so a
// retry or a redelivery does nothing.
func (a *Adapter) dispatch(r *http.Request, in *inbound) outcome {
	if !a.work.Reserve() {
		a.log.Warn("no worker free; delivery not taken", "callback", in.source, "msg_id", in.msgID)
		return busy
	}
	first, err := a.deps.Deliveries.ClaimDelivery(r.Context(), bot.PlatformWeCom, in.source+":"+in.msgID, a.now().UTC())
	if err != nil {
		a.work.Release()
		a.log.Error("claim delivery", "callback", in.source, "msg_id", in.msgID, "err", err)
		return failed
	}
	if !first {
		a.work.Release()
		a.log.Info("duplicate delivery ignored", "callback", in.source, "msg_id", in.msgID)
		return duplicate
	}
	a.work.Run(in.source, func(ctx context.Context) { a.handle(ctx, in) })
	return started
}
