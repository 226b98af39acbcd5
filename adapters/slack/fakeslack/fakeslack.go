// Package fakeslack is a local stand-in for Slack that the real slack-go
// client talks to: an httptest server with the Web API methods interviewbot
// calls (it stores messages, threads, reactions and views so tests can look
// at what a person would see), a Socket Mode websocket, a switch that answers
// 429 with Retry-After, and helpers that deliver events, slash commands and
// interactions signed and shaped exactly as Slack sends them.
//
// The signing here is written from Slack's documentation, independently of
// the adapter's verification, so a test that passes shows the two agree.
package fakeslack

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Identities the fake workspace hands out.
const (
	TeamID    = "T0FAKE"
	BotUserID = "UBOT"
	BotID     = "BBOT"
	AppID     = "A0FAKE"
)

// Message is a message as the fake stored it.
type Message struct {
	Channel   string
	TS        string
	ThreadTS  string // the parent's ts for a thread reply
	Author    string // who wrote it: BotUserID, or the person in a delivered event
	User      string // the recipient of an ephemeral message
	Ephemeral bool
	Text      string          // the fallback text
	Blocks    json.RawMessage // the Block Kit blocks as sent, or nil
	Edits     int             // how often chat.update changed it
	// At is when the fake accepted the message (Server.Now), so a test can
	// check the spacing of a channel's messages against Slack's limit.
	At time.Time
}

// Reaction is an emoji the bot put on a message.
type Reaction struct {
	Channel, TS, Name string
}

// View is a published App Home view.
type View struct {
	UserID string
	View   json.RawMessage
}

// Server is the fake Slack. Its zero value is not usable: call New.
type Server struct {
	// Tokens the Web API accepts; New fills defaults.
	BotToken, AppToken string
	// Now is the fake's clock for arrival times and the per-channel limit;
	// New sets time.Now. Replace it before the first request, if at all.
	Now func() time.Time

	srv *httptest.Server
	tb  testing.TB

	mu        sync.Mutex
	changed   chan struct{} // closed and replaced on every change, see Wait
	seq       int64         // ts counter
	messages  []*Message
	reactions []Reaction
	views     []View
	calls     map[string]int
	limits    map[string]*limit // method → pending 429s
	sock      *socket
	files     fileStore
	pace      channelLimit
	throttled int // 429s answered, by RateLimit or the per-channel limit
}

type limit struct {
	times      int
	retryAfter int
}

// New starts a fake Slack and stops it when the test ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{
		BotToken: "xoxb-fake-bot-token",
		AppToken: "xapp-fake-app-token",
		Now:      time.Now,
		tb:       tb,
		changed:  make(chan struct{}),
		calls:    make(map[string]int),
		limits:   make(map[string]*limit),
	}
	s.sock = newSocket(s)
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.serveAPI)
	mux.HandleFunc("/socket", s.sock.serve)
	mux.HandleFunc("/upload/{id}", s.serveUpload)
	s.srv = httptest.NewServer(mux)
	tb.Cleanup(s.Close)
	return s
}

// APIURL is what slack.OptionAPIURL takes.
func (s *Server) APIURL() string { return s.srv.URL + "/api/" }

// Close stops the server and drops websocket connections.
func (s *Server) Close() {
	s.sock.close()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// RateLimit makes the next times calls of method answer 429 with the given
// Retry-After (seconds), the way Slack throttles a busy app.
func (s *Server) RateLimit(method string, times, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits[method] = &limit{times: times, retryAfter: retryAfter}
}

// Calls reports how many requests method received, 429s included.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Messages returns copies of the stored messages that match keep (nil keeps all), in posting order.
func (s *Server) Messages(keep func(Message) bool) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if keep == nil || keep(*m) {
			out = append(out, *m)
		}
	}
	return out
}

// InChannel keeps the non-ephemeral top-level messages of a channel.
func InChannel(channel string) func(Message) bool {
	return func(m Message) bool { return m.Channel == channel && !m.Ephemeral && m.ThreadTS == "" }
}

// InThread keeps the replies under the message ts.
func InThread(channel, ts string) func(Message) bool {
	return func(m Message) bool { return m.Channel == channel && m.ThreadTS == ts && !m.Ephemeral }
}

// EphemeralTo keeps the ephemeral messages shown to user.
func EphemeralTo(user string) func(Message) bool {
	return func(m Message) bool { return m.Ephemeral && m.User == user }
}

// Reactions returns the reactions added so far.
func (s *Server) Reactions() []Reaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reactions)
}

// Views returns the views published so far.
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.views)
}

// DMChannel is the id conversations.open gives the bot's DM with user.
func DMChannel(user string) string { return "D" + user }

// Wait blocks until cond holds or the timeout passes; then it fails the
// test with what. Work in the app runs asynchronously, so tests wait for
// its visible effects rather than sleeping. cond is checked on every change
// to the fake and every few milliseconds, so it may also look elsewhere.
func (s *Server) Wait(timeout time.Duration, what string, cond func(s *Server) bool) {
	s.tb.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond(s) {
			return
		}
		select {
		case <-ch:
		case <-tick.C:
		case <-deadline.C:
			s.tb.Fatalf("fakeslack: waited %s for %s", timeout, what)
		}
	}
}

// notify wakes Wait; callers hold mu.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// nextTS returns a unique, increasing message ts in Slack's "seconds.micros" form.
func (s *Server) nextTS() string {
	s.seq++
	return fmt.Sprintf("%d.%06d", 1_700_000_000+s.seq, s.seq)
}

// serveAPI answers one Web API call.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	s.mu.Lock()
	s.calls[method]++
	if l := s.limits[method]; l != nil && l.times > 0 {
		l.times--
		s.throttled++
		s.notify()
		s.mu.Unlock()
		tooManyRequests(w, l.retryAfter)
		return
	}
	s.mu.Unlock()

	req, err := parseRequest(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	want := s.BotToken
	if method == "apps.connections.open" {
		want = s.AppToken
	}
	if req.token != want {
		reply(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	h, ok := s.methods()[method]
	if !ok {
		reply(w, map[string]any{"ok": false, "error": "unknown_method"})
		return
	}
	s.mu.Lock()
	// The limit is checked and the message stored under one lock, so two
	// racing posts to a channel cannot both get in.
	if retryAfter, limited := s.pace.check(method, req.get("channel"), s.Now()); limited {
		s.throttled++
		s.notify()
		s.mu.Unlock()
		tooManyRequests(w, retryAfter)
		return
	}
	out := h(req)
	s.notify()
	s.mu.Unlock()
	reply(w, out)
}

// tooManyRequests answers the way Slack throttles: HTTP 429, Retry-After in
// whole seconds, and a "ratelimited" error body.
func tooManyRequests(w http.ResponseWriter, retryAfter int) {
	w.Header().Set("Retry-After", fmt.Sprint(retryAfter))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusTooManyRequests)
	fmt.Fprintln(w, `{"ok":false,"error":"ratelimited"}`)
}

// request is a Web API call's arguments, from a form or a JSON body.
type request struct {
	token string
	form  map[string]string
	json  map[string]json.RawMessage
}

func (q request) get(k string) string {
	if v, ok := q.form[k]; ok {
		return v
	}
	var s string
	if raw, ok := q.json[k]; ok && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}

func parseRequest(r *http.Request) (request, error) {
	q := request{form: map[string]string{}}
	if auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		q.token = auth
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		if err := json.NewDecoder(r.Body).Decode(&q.json); err != nil && err != io.EOF {
			return q, fmt.Errorf("decode JSON body: %w", err)
		}
		return q, nil
	}
	if err := r.ParseForm(); err != nil {
		return q, fmt.Errorf("parse form: %w", err)
	}
	for k := range r.PostForm {
		q.form[k] = r.PostForm.Get(k)
	}
	if t := q.form["token"]; t != "" {
		q.token = t
	}
	return q, nil
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// methods are the Web API methods the fake serves; they run with mu held.
func (s *Server) methods() map[string]func(request) map[string]any {
	return map[string]func(request) map[string]any{
		"auth.test": func(request) map[string]any {
			return map[string]any{"ok": true, "team_id": TeamID, "user_id": BotUserID, "bot_id": BotID, "user": "interviewbot", "team": "Fake"}
		},
		"chat.postMessage":             s.postMessage,
		"chat.postEphemeral":           s.postEphemeral,
		"chat.update":                  s.update,
		"reactions.add":                s.addReaction,
		"conversations.open":           s.openConversation,
		"views.publish":                s.publishView,
		"apps.connections.open":        func(request) map[string]any { return map[string]any{"ok": true, "url": s.sock.url()} },
		"files.getUploadURLExternal":   s.getUploadURL,
		"files.completeUploadExternal": s.completeUpload,
	}
}

func (s *Server) postMessage(q request) map[string]any {
	ch := q.get("channel")
	if ch == "" {
		return map[string]any{"ok": false, "error": "channel_not_found"}
	}
	if thread := q.get("thread_ts"); thread != "" && s.find(ch, thread) == nil {
		return map[string]any{"ok": false, "error": "thread_not_found"}
	}
	m := &Message{Channel: ch, TS: s.nextTS(), ThreadTS: q.get("thread_ts"), Author: BotUserID, Text: q.get("text"), Blocks: blocks(q), At: s.Now()}
	s.messages = append(s.messages, m)
	s.pace.accepted(ch, m.At)
	return map[string]any{"ok": true, "channel": ch, "ts": m.TS, "message": map[string]any{"text": m.Text, "ts": m.TS, "thread_ts": m.ThreadTS, "bot_id": BotID}}
}

func (s *Server) postEphemeral(q request) map[string]any {
	ch, user := q.get("channel"), q.get("user")
	if ch == "" || user == "" {
		return map[string]any{"ok": false, "error": "invalid_arguments"}
	}
	m := &Message{Channel: ch, TS: s.nextTS(), ThreadTS: q.get("thread_ts"), Author: BotUserID, User: user, Ephemeral: true, Text: q.get("text"), Blocks: blocks(q), At: s.Now()}
	s.messages = append(s.messages, m)
	return map[string]any{"ok": true, "message_ts": m.TS}
}

func (s *Server) update(q request) map[string]any {
	m := s.find(q.get("channel"), q.get("ts"))
	if m == nil {
		return map[string]any{"ok": false, "error": "message_not_found"}
	}
	m.Text, m.Blocks = q.get("text"), blocks(q)
	m.Edits++
	return map[string]any{"ok": true, "channel": m.Channel, "ts": m.TS, "text": m.Text}
}

func (s *Server) addReaction(q request) map[string]any {
	r := Reaction{Channel: q.get("channel"), TS: q.get("timestamp"), Name: q.get("name")}
	if s.find(r.Channel, r.TS) == nil {
		return map[string]any{"ok": false, "error": "message_not_found"}
	}
	if slices.Contains(s.reactions, r) {
		return map[string]any{"ok": false, "error": "already_reacted"}
	}
	s.reactions = append(s.reactions, r)
	return map[string]any{"ok": true}
}

func (s *Server) openConversation(q request) map[string]any {
	users := q.get("users")
	if users == "" || strings.Contains(users, ",") {
		return map[string]any{"ok": false, "error": "invalid_arguments"}
	}
	return map[string]any{"ok": true, "channel": map[string]any{"id": DMChannel(users), "is_im": true, "user": users}}
}

func (s *Server) publishView(q request) map[string]any {
	user := q.get("user_id")
	if user == "" || q.json["view"] == nil {
		return map[string]any{"ok": false, "error": "invalid_arguments"}
	}
	s.views = append(s.views, View{UserID: user, View: q.json["view"]})
	return map[string]any{"ok": true, "view": map[string]any{"id": "V" + s.nextTS()}}
}

func (s *Server) find(channel, ts string) *Message {
	for _, m := range s.messages {
		if m.Channel == channel && m.TS == ts {
			return m
		}
	}
	return nil
}

func blocks(q request) json.RawMessage {
	if b := q.get("blocks"); b != "" {
		return json.RawMessage(b)
	}
	return nil
}

// BlocksText is every text string inside a message's blocks, joined by
// newlines, so a test can assert on what a person reads.
func BlocksText(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if t, ok := x["text"].(string); ok {
				b.WriteString(t)
				b.WriteByte('\n')
			}
			for _, k := range slices.Sorted(maps.Keys(x)) {
				if k != "text" || !isString(x[k]) {
					walk(x[k])
				}
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(v)
	return b.String()
}

func isString(v any) bool { _, ok := v.(string); return ok }
