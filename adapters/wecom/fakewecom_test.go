package wecom

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeWeCom is a local WeCom API: gettoken, message/send, webhook/send and
// the smart robot's response URL. It checks what the real one checks that
// matters here (the secret, the access token, the webhook key, the size
// limits, one call per response_url), records what was sent, and answers
// scripted errcodes when a test asks for them.
type fakeWeCom struct {
	*httptest.Server
	mu       sync.Mutex
	tokens   int              // access tokens issued
	token    string           // the valid one
	sent     []sentMessage    // accepted messages, in order
	script   map[string][]int // path → errcodes to answer next, in order
	answered map[string]bool  // response codes already used
	calls    map[string]int   // path → calls, accepted or not
}

type sentMessage struct {
	Path    string // "message/send", "webhook/send", "aibot/response"
	To      string // touser, webhook key or response code
	MsgType string
	Content string
}

func newFakeWeCom(tb testing.TB) *fakeWeCom {
	f := &fakeWeCom{script: map[string][]int{}, answered: map[string]bool{}, calls: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /cgi-bin/gettoken", f.getToken)
	mux.HandleFunc("POST /cgi-bin/message/send", f.messageSend)
	mux.HandleFunc("POST /cgi-bin/webhook/send", f.webhookSend)
	mux.HandleFunc("POST /cgi-bin/aibot/response", f.aibotResponse)
	f.Server = httptest.NewServer(mux)
	tb.Cleanup(f.Close)
	return f
}

// fail makes the next calls to path answer these errcodes, in order.
func (f *fakeWeCom) fail(path string, codes ...int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script[path] = append(f.script[path], codes...)
}

// expireToken makes the current access token invalid, as when it expires.
func (f *fakeWeCom) expireToken() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.token = "expired"
}

func (f *fakeWeCom) messages(path, to string) []sentMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []sentMessage
	for _, m := range f.sent {
		if m.Path == path && (to == "" || m.To == to) {
			out = append(out, m)
		}
	}
	return out
}

func (f *fakeWeCom) callCount(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[path]
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func errBody(code int, msg string) map[string]any {
	return map[string]any{"errcode": code, "errmsg": msg + ", hint: [1700000000_fake], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=" + fmt.Sprint(code)}
}

func (f *fakeWeCom) getToken(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.URL.Query().Get("corpid") != testCorpID || r.URL.Query().Get("corpsecret") != testSecret {
		writeJSON(w, errBody(40001, "invalid secret"))
		return
	}
	f.tokens++
	f.token = fmt.Sprintf("ACCESS_TOKEN_%d", f.tokens)
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "access_token": f.token, "expires_in": 7200})
}

// scripted pops the next scripted errcode for path; 0 means none.
func (f *fakeWeCom) scripted(path string) int {
	f.calls[path]++
	if q := f.script[path]; len(q) > 0 {
		f.script[path] = q[1:]
		return q[0]
	}
	return 0
}

// payload is the subset of a message body the fake reads.
type payload struct {
	ToUser   string                   `json:"touser"`
	AgentID  string                   `json:"agentid"`
	MsgType  string                   `json:"msgtype"`
	Text     struct{ Content string } `json:"text"`
	Markdown struct{ Content string } `json:"markdown"`
	Card     json.RawMessage          `json:"template_card"`
}

func (p payload) content() string {
	switch p.MsgType {
	case "text":
		return p.Text.Content
	case "template_card":
		return string(p.Card)
	}
	return p.Markdown.Content
}

func (f *fakeWeCom) messageSend(w http.ResponseWriter, r *http.Request) {
	var p payload
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		writeJSON(w, errBody(40035, "invalid json"))
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if code := f.scripted("message/send"); code != 0 {
		writeJSON(w, errBody(code, "scripted failure"))
		return
	}
	switch {
	case r.URL.Query().Get("access_token") != f.token:
		writeJSON(w, errBody(42001, "access_token expired"))
	case p.AgentID != testAgentID:
		writeJSON(w, errBody(40056, "invalid agentid"))
	case p.MsgType == "markdown" && len(p.Markdown.Content) > 2048:
		writeJSON(w, errBody(40058, "markdown.content exceed max length 2048"))
	default:
		f.sent = append(f.sent, sentMessage{Path: "message/send", To: p.ToUser, MsgType: p.MsgType, Content: p.content()})
		writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "msgid": fmt.Sprintf("msg%d", len(f.sent))})
	}
}

func (f *fakeWeCom) webhookSend(w http.ResponseWriter, r *http.Request) {
	var p payload
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		writeJSON(w, errBody(40035, "invalid json"))
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if code := f.scripted("webhook/send"); code != 0 {
		writeJSON(w, errBody(code, "scripted failure"))
		return
	}
	key := r.URL.Query().Get("key")
	switch {
	case key != testWebhook:
		writeJSON(w, errBody(93000, "invalid webhook url"))
	case len(p.Markdown.Content) > 4096:
		writeJSON(w, errBody(40058, "markdown.content exceed max length 4096"))
	default:
		f.sent = append(f.sent, sentMessage{Path: "webhook/send", To: key, MsgType: p.MsgType, Content: p.content()})
		writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok"})
	}
}

func (f *fakeWeCom) aibotResponse(w http.ResponseWriter, r *http.Request) {
	var p payload
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		writeJSON(w, errBody(40035, "invalid json"))
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if code := f.scripted("aibot/response"); code != 0 {
		writeJSON(w, errBody(code, "scripted failure"))
		return
	}
	rc := r.URL.Query().Get("response_code")
	switch {
	case rc == "" || f.answered[rc]:
		writeJSON(w, errBody(40001, "response_code used or invalid"))
	case len(p.Markdown.Content) > 4096:
		writeJSON(w, errBody(40058, "markdown.content exceed max length 4096"))
	default:
		f.answered[rc] = true
		f.sent = append(f.sent, sentMessage{Path: "aibot/response", To: rc, MsgType: p.MsgType, Content: p.content()})
		writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok"})
	}
}

// responseURL is the response_url WeCom would put in a smart-robot
// message: on WeCom's host, so the adapter reaches the fake only through
// the library's URI override.
func responseURL(code string) string {
	return defaultAPI + "/cgi-bin/aibot/response?response_code=" + code
}

func contentsOf(ms []sentMessage) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.Content + "\n")
	}
	return b.String()
}
