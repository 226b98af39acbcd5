package wecom

// The fixture side of WeCom's encryption, written from WeCom's developer
// documentation and independently of the code under test (which uses the
// library's util package): its own CBC chaining over the AES block
// function, its own PKCS#7 padding to 32-byte blocks, its own signature
// over the sorted parameters. If both sides misread the documentation the
// same way these tests could still pass, so one test also decrypts with
// the library a message built here, and the known-answer test below pins
// the layout.

import (
	"crypto/aes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Fixture credentials: random-looking, never real.
const (
	testCorpID    = "ww0123456789abcdef"
	testAgentID   = "1000002"
	testSecret    = "test-app-secret-not-real"
	testToken     = "AppCallbackToken"
	testAESKey    = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG" // 43 chars
	testBotToken  = "RobotCallbackToken"
	testBotAESKey = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut" // 43 chars
	testChatID    = "wrkSFfCgAAxxxxGroupChat"
	testWebhook   = "webhook-key-for-the-group"
)

// fixtureCrypto encrypts and signs like WeCom's servers.
type fixtureCrypto struct {
	token     string
	key       []byte
	receiveID string
}

func newFixtureCrypto(tb testing.TB, token, encodingAESKey, receiveID string) *fixtureCrypto {
	tb.Helper()
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		tb.Fatalf("fixture key: %v (len %d)", err, len(key))
	}
	return &fixtureCrypto{token: token, key: key, receiveID: receiveID}
}

// encrypt builds random(16) + msg_len(4, big-endian) + msg + receiveid,
// pads it with PKCS#7 to a multiple of 32 and encrypts it with AES-256-CBC,
// IV = the key's first 16 bytes, then base64.
func (f *fixtureCrypto) encrypt(msg []byte, random [16]byte) string {
	plain := append([]byte{}, random[:]...)
	plain = binary.BigEndian.AppendUint32(plain, uint32(len(msg)))
	plain = append(plain, msg...)
	plain = append(plain, f.receiveID...)
	pad := 32 - len(plain)%32
	for range pad {
		plain = append(plain, byte(pad))
	}
	block, err := aes.NewCipher(f.key)
	if err != nil {
		panic(err)
	}
	out := make([]byte, len(plain))
	prev := f.key[:16]
	for i := 0; i < len(plain); i += 16 {
		var x [16]byte
		for j := range 16 {
			x[j] = plain[i+j] ^ prev[j]
		}
		block.Encrypt(out[i:i+16], x[:])
		prev = out[i : i+16]
	}
	return base64.StdEncoding.EncodeToString(out)
}

// sign is msg_signature: sha1 over the sorted, concatenated token,
// timestamp, nonce and ciphertext, in hex.
func (f *fixtureCrypto) sign(timestamp, nonce, encrypted string) string {
	parts := []string{f.token, timestamp, nonce, encrypted}
	sort.Strings(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	return hex.EncodeToString(sum[:])
}

// fixtureNonces hands out distinct nonces, as WeCom does.
var fixtureNonce int

func nextNonce() string {
	fixtureNonce++
	return "n" + strconv.Itoa(1_000_000+fixtureNonce)
}

// signedQuery is the query string of a callback at time at.
func (f *fixtureCrypto) signedQuery(at time.Time, nonce, encrypted string, extra url.Values) string {
	ts := strconv.FormatInt(at.Unix(), 10)
	q := url.Values{"msg_signature": {f.sign(ts, nonce, encrypted)}, "timestamp": {ts}, "nonce": {nonce}}
	for k, v := range extra {
		q[k] = v
	}
	return q.Encode()
}

// appXML is the plaintext of an app text message, as WeCom documents it.
func appXML(user, content, msgID string, at time.Time) []byte {
	return fmt.Appendf(nil, "<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>"+
		"<CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content>"+
		"<MsgId>%s</MsgId><AgentID>%s</AgentID></xml>", testCorpID, user, at.Unix(), content, msgID, testAgentID)
}

// robotJSON is the plaintext of a smart-robot text message.
func robotJSON(msgID, chatType, chatID, user, content, responseURL string) []byte {
	m := map[string]any{
		"msgid": msgID, "aibotid": "AIBOTID", "chattype": chatType,
		"from": map[string]string{"userid": user}, "response_url": responseURL,
		"msgtype": "text", "text": map[string]string{"content": content},
	}
	if chatID != "" {
		m["chatid"] = chatID
	}
	b, _ := json.Marshal(m)
	return b
}

// appRequest is an encrypted app callback POST.
func (f *fixtureCrypto) appRequest(at time.Time, nonce string, plain []byte) *http.Request {
	enc := f.encrypt(plain, [16]byte([]byte("0123456789abcdef")))
	body := fmt.Sprintf("<xml><ToUserName><![CDATA[%s]]></ToUserName><AgentID><![CDATA[%s]]></AgentID><Encrypt><![CDATA[%s]]></Encrypt></xml>",
		testCorpID, testAgentID, enc)
	return httptest.NewRequest(http.MethodPost, PathApp+"?"+f.signedQuery(at, nonce, enc, nil), strings.NewReader(body))
}

// robotRequest is an encrypted smart-robot callback POST.
func (f *fixtureCrypto) robotRequest(at time.Time, nonce string, plain []byte) *http.Request {
	enc := f.encrypt(plain, [16]byte([]byte("fedcba9876543210")))
	body, _ := json.Marshal(map[string]string{"encrypt": enc})
	return httptest.NewRequest(http.MethodPost, PathRobot+"?"+f.signedQuery(at, nonce, enc, nil), strings.NewReader(string(body)))
}

// TestFixtureKnownAnswer pins the fixture's layout against the library's
// decryption, so the two independent implementations agree on WeCom's format.
func TestFixtureKnownAnswer(t *testing.T) {
	f := newFixtureCrypto(t, testToken, testAESKey, testCorpID)
	enc := f.encrypt([]byte("<xml>hello 你好</xml>"), [16]byte([]byte("0123456789abcdef")))
	c, err := newCipher(testToken, testAESKey, testCorpID)
	if err != nil {
		t.Fatal(err)
	}
	ts, nonce := "1700000000", "12345"
	got, err := c.open(f.sign(ts, nonce, enc), ts, nonce, enc)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	if string(got) != "<xml>hello 你好</xml>" {
		t.Errorf("open = %q, want the fixture's plaintext", got)
	}
	raw, _ := base64.StdEncoding.DecodeString(enc)
	if len(raw)%32 != 0 {
		t.Errorf("ciphertext is %d bytes, want a multiple of 32 (PKCS#7 to 32-byte blocks)", len(raw))
	}
}
