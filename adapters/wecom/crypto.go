package wecom

import (
	"crypto/aes"
	stdcipher "crypto/cipher"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// cipher checks and opens what one WeCom callback sends, following WeCom's
// 加解密方案: msg_signature = sha1 of the sorted token, timestamp, nonce and
// ciphertext; the ciphertext is AES-256-CBC (key = base64(EncodingAESKey+"="),
// IV = its first 16 bytes, PKCS#7 to 32-byte blocks) over random(16) +
// msg_len(4, big-endian) + msg + receive id. The library's util package has
// these building blocks; this type adds the checks around them.
type cipher struct {
	token     string
	aesKey    string
	receiveID string // the corp id for the app callback, "" for the smart robot
}

// errSignature is returned for a request whose signature does not match.
var errSignature = errors.New("msg_signature does not match")

func newCipher(token, aesKey, receiveID string) (*cipher, error) {
	if token == "" || len(aesKey) != 43 {
		return nil, errors.New("a token and a 43-character EncodingAESKey are required")
	}
	// Check the key once now, so a malformed one fails at startup rather
	// than on the first callback.
	if k, err := base64.StdEncoding.DecodeString(aesKey + "="); err != nil || len(k) != 32 {
		return nil, errors.New("the EncodingAESKey is not base64 of a 32-byte key")
	}
	return &cipher{token: token, aesKey: aesKey, receiveID: receiveID}, nil
}

// verify checks msg_signature in constant time.
func (c *cipher) verify(signature, timestamp, nonce, encrypted string) error {
	want := util.Signature(c.token, timestamp, nonce, encrypted)
	if subtle.ConstantTimeCompare([]byte(want), []byte(signature)) != 1 {
		return errSignature
	}
	return nil
}

// open verifies and decrypts one ciphertext and checks its receive id.
func (c *cipher) open(signature, timestamp, nonce, encrypted string) ([]byte, error) {
	if err := c.verify(signature, timestamp, nonce, encrypted); err != nil {
		return nil, err
	}
	var msg []byte
	var err error
	if c.receiveID != "" {
		_, msg, err = util.DecryptMsg(c.receiveID, encrypted, c.aesKey)
	} else {
		msg, err = decryptEmptyReceiveID(encrypted, c.aesKey)
	}
	if err != nil {
		// The library's message may quote the receive id; keep it out.
		return nil, errors.New("decrypt: the ciphertext or its receive id is not ours")
	}
	return msg, nil
}

// decryptEmptyReceiveID opens a smart-robot ciphertext, whose receive id is
// "". The library's AESDecryptMsg cannot: it insists on at least one byte of
// receive id after the message ("msg length too large"). Same layout, same
// checks, with the receive id required to be empty.
func decryptEmptyReceiveID(encrypted, encodingAESKey string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, errors.New("bad EncodingAESKey")
	}
	ct, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil || len(ct) < 32 || len(ct)%32 != 0 {
		return nil, errors.New("ciphertext is not base64 of whole 32-byte blocks")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	plain := make([]byte, len(ct))
	stdcipher.NewCBCDecrypter(block, key[:16]).CryptBlocks(plain, ct)
	pad := int(plain[len(plain)-1])
	if pad < 1 || pad > 32 {
		return nil, errors.New("bad PKCS#7 padding")
	}
	plain = plain[:len(plain)-pad]
	if len(plain) < 20 {
		return nil, errors.New("plaintext too short")
	}
	n := int(binary.BigEndian.Uint32(plain[16:20]))
	if n != len(plain)-20 {
		return nil, errors.New("message length does not match: the receive id is not empty")
	}
	return plain[20:], nil
}

// checkTimestamp rejects a callback whose timestamp is further than skew
// from now: a replay of an old request, or a badly wrong clock.
func checkTimestamp(timestamp string, now time.Time, skew time.Duration) error {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("timestamp %q is not a number", timestamp)
	}
	d := now.Sub(time.Unix(sec, 0))
	if d > skew || d < -skew {
		return fmt.Errorf("timestamp is %s away from now, more than %s", d.Round(time.Second), skew)
	}
	return nil
}

// nonceCache remembers the nonces of accepted callbacks for longer than a
// timestamp stays acceptable, so a captured request cannot be replayed
// within the window either. It is per process; the delivery keys in the
// store catch a replay that reaches another replica.
type nonceCache struct {
	ttl  time.Duration
	mu   sync.Mutex
	seen map[string]time.Time
}

func newNonceCache(ttl time.Duration) *nonceCache {
	return &nonceCache{ttl: ttl, seen: map[string]time.Time{}}
}

// add records the nonce and reports false when it was already there.
func (n *nonceCache) add(key string, now time.Time) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	for k, at := range n.seen {
		if now.Sub(at) > n.ttl {
			delete(n.seen, k)
		}
	}
	if _, ok := n.seen[key]; ok {
		return false
	}
	n.seen[key] = now
	return true
}

// forget drops a nonce whose request was not taken (no worker free), so
// WeCom's retry of it is not mistaken for a replay.
func (n *nonceCache) forget(key string) {
	n.mu.Lock()
	delete(n.seen, key)
	n.mu.Unlock()
}
