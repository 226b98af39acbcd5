package wecom

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestURLVerification answers WeCom's GET check on both callbacks with the
// decrypted echostr, and refuses one signed with another token.
func TestURLVerification(t *testing.T) {
	deps, _, _ := fakeDeps()
	h := newHarness(t, deps)
	other := newFixtureCrypto(t, "SomeoneElsesToken", testAESKey, testCorpID)
	for _, tc := range []struct {
		name   string
		path   string
		fx     *fixtureCrypto
		status int
	}{
		{"app", PathApp, h.app, http.StatusOK},
		{"smart robot", PathRobot, h.robot, http.StatusOK},
		{"forged signature", PathApp, other, http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			echo := "echo-1234567890"
			enc := tc.fx.encrypt([]byte(echo), [16]byte([]byte("aaaaaaaaaaaaaaaa")))
			q := tc.fx.signedQuery(h.clock.now(), nextNonce(), enc, url.Values{"echostr": {enc}})
			w := h.do(httptest.NewRequest(http.MethodGet, tc.path+"?"+q, nil))
			MustStatus(t, w, tc.status)
			if tc.status == http.StatusOK && w.Body.String() != echo {
				t.Errorf("body = %q, want the plaintext %q (no quotes, no newline)", w.Body.String(), echo)
			}
		})
	}
}

// TestRejected: a request that fails a check gets 403 or 400 and has no
// effect: nothing claimed, nothing answered, nothing sent.
func TestRejected(t *testing.T) {
	deps, deliveries, iv := fakeDeps()
	h := newHarness(t, deps)
	forger := newFixtureCrypto(t, "GuessedToken", testAESKey, testCorpID)
	otherCorp := newFixtureCrypto(t, testToken, testAESKey, "wwSomeOtherCorp")
	wrongKey := newFixtureCrypto(t, testToken, "0000000000000000000000000000000000000000000", testCorpID)
	now := h.clock.now()
	msg := appXML("zhangsan", "my answer", "7000000000000000001", now)
	tampered := h.app.appRequest(now, "tamper-1", msg)
	tampered.URL.RawQuery = strings.Replace(tampered.URL.RawQuery, "msg_signature=", "msg_signature=0", 1)
	for _, tc := range []struct {
		name   string
		req    *http.Request
		status int
	}{
		{"forged signature", forger.appRequest(now, nextNonce(), msg), http.StatusForbidden},
		{"tampered signature", tampered, http.StatusForbidden},
		{"another corp's receive id", otherCorp.appRequest(now, nextNonce(), msg), http.StatusForbidden},
		{"another AES key", wrongKey.appRequest(now, nextNonce(), msg), http.StatusForbidden},
		{"stale timestamp", h.app.appRequest(now.Add(-6*time.Minute), nextNonce(), msg), http.StatusForbidden},
		{"timestamp from the future", h.app.appRequest(now.Add(6*time.Minute), nextNonce(), msg), http.StatusForbidden},
		{"robot envelope on the app path", func() *http.Request {
			r := h.robot.robotRequest(now, nextNonce(), msg)
			r.URL.Path = PathApp
			return r
		}(), http.StatusBadRequest},
		{"robot message signed with the app token", h.app.robotRequest(now, nextNonce(),
			robotJSON("m1", "single", "", "zhangsan", "hi", responseURL("x"))), http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := h.do(tc.req)
			MustStatus(t, w, tc.status)
		})
	}
	if n := deliveries.count(); n != 0 {
		t.Errorf("%d deliveries claimed, want 0", n)
	}
	if got := iv.answered(); len(got) != 0 {
		t.Errorf("answers handed to the interview: %q, want none", got)
	}
	if n := len(h.api.messages("message/send", "")) + len(h.api.messages("aibot/response", "")); n != 0 {
		t.Errorf("%d messages sent, want 0", n)
	}
	if strings.Contains(h.logs.String(), testToken) || strings.Contains(h.logs.String(), testAESKey) {
		t.Error("the logs contain the callback token or the AES key")
	}
}

// TestReplayedNonce: the same signed request twice is a replay; the second
// is refused even though its signature is valid.
func TestReplayedNonce(t *testing.T) {
	deps, _, iv := fakeDeps()
	h := newHarness(t, deps)
	now := h.clock.now()
	body := appXML("zhangsan", "goroutines are cheap", "7000000000000000002", now)
	MustStatus(t, h.do(h.app.appRequest(now, "same-nonce", body)), http.StatusOK)
	MustStatus(t, h.do(h.app.appRequest(now, "same-nonce", body)), http.StatusForbidden)
	if got := iv.answered(); len(got) != 1 {
		t.Errorf("answers = %q, want exactly one", got)
	}
}

// TestRedelivery: WeCom retries a message (same MsgId, new nonce and
// timestamp) when the 200 came late; it is processed once.
func TestRedelivery(t *testing.T) {
	for _, tc := range []struct {
		name string
		send func(h *harness)
	}{
		{"app", func(h *harness) {
			MustStatus(h.t, h.appSays("zhangsan", "channels block", "7000000000000000003"), http.StatusOK)
		}},
		{"smart robot", func(h *harness) {
			MustStatus(h.t, h.do(h.robot.robotRequest(h.clock.now(), nextNonce(),
				robotJSON("CAIQ16HMjQYY", "single", "", "zhangsan", "channels block", responseURL("rc-once")))), http.StatusOK)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			deps, deliveries, iv := fakeDeps()
			h := newHarness(t, deps)
			for range 3 {
				tc.send(h)
				h.clock.advance(5 * time.Second)
			}
			if got := iv.answered(); len(got) != 1 || got[0] != "channels block" {
				t.Errorf("answers = %q, want exactly one %q", got, "channels block")
			}
			if n := deliveries.count(); n != 1 {
				t.Errorf("%d deliveries claimed, want 1", n)
			}
			replies := len(h.api.messages("message/send", "zhangsan")) + len(h.api.messages("aibot/response", ""))
			if replies != 1 {
				t.Errorf("%d replies sent, want 1", replies)
			}
		})
	}
}

// TestIgnoredMessages: events and non-text messages get an empty 200 and
// no effect.
func TestIgnoredMessages(t *testing.T) {
	deps, deliveries, _ := fakeDeps()
	h := newHarness(t, deps)
	now := h.clock.now()
	event := []byte("<xml><ToUserName><![CDATA[" + testCorpID + "]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>" +
		"<CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><AgentID>1000002</AgentID></xml>")
	MustStatus(t, h.do(h.app.appRequest(now, nextNonce(), event)), http.StatusOK)
	stream := []byte(`{"msgid":"s1","aibotid":"A","chattype":"single","from":{"userid":"zhangsan"},"msgtype":"stream","stream":{"id":"x"}}`)
	MustStatus(t, h.do(h.robot.robotRequest(now, nextNonce(), stream)), http.StatusOK)
	if n := deliveries.count(); n != 0 {
		t.Errorf("%d deliveries claimed, want 0", n)
	}
}

func TestStripMentions(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"@面试机器人 goroutine 是用户态线程", "goroutine 是用户态线程"},
		{"@Bot\u2005排行榜 本月", "排行榜 本月"},
		{"@Bot", ""},
		{"no mention", "no mention"},
		{"@a @b  answer", "answer"},
	} {
		if got := stripMentions(tc.in); got != tc.want {
			t.Errorf("stripMentions(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want command
		args int
	}{
		{"模拟面试", cmdMock, 0},
		{"/mock-interview go-backend en new", cmdMock, 3},
		{"排行榜 本月", cmdLeaderboard, 1},
		{"/LEADERBOARD", cmdLeaderboard, 0},
		{"帮助", cmdHelp, 0},
		{"我的成绩", cmdStats, 0},
		{"提示", cmdHint, 0},
		{"跳过", cmdSkip, 0},
		{"退出", cmdQuit, 0},
		{"提示 一下我觉得是 GMP", cmdNone, 0},
		{"channels block until a receiver is ready", cmdNone, 0},
	} {
		got, args := parseCommand(tc.in)
		if got != tc.want || len(args) != tc.args {
			t.Errorf("parseCommand(%q) = %v with %d args, want %v with %d", tc.in, got, len(args), tc.want, tc.args)
		}
	}
}
