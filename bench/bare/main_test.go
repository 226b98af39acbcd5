package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
)

// The ceiling must do the check it stands for: 200 for a correctly signed
// request, 401 for a wrong secret, a stale timestamp or no signature.
func TestVerifyOnly(t *testing.T) {
	h := verifyOnly("secret")
	body := []byte(`{"type":"event_callback"}`)
	for _, tc := range []struct {
		name   string
		secret string
		at     time.Time
		unsign bool
		want   int
	}{
		{"signed", "secret", time.Now(), false, http.StatusOK},
		{"wrong secret", "other", time.Now(), false, http.StatusUnauthorized},
		{"stale", "secret", time.Now().Add(-10 * time.Minute), false, http.StatusUnauthorized},
		{"unsigned", "secret", time.Now(), true, http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fakeslack.SignedRequest("http://bare/slack/events", tc.secret, tc.at, fakeslack.ContentJSON, body)
			if tc.unsign {
				r.Header.Del("X-Slack-Signature")
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tc.want {
				t.Errorf("status %d, want %d", w.Code, tc.want)
			}
		})
	}
}
