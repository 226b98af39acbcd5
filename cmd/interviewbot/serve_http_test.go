package main

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRequestLogLevels: served requests log at debug, failed ones at info,
// and every one counts in the status metric and carries a request id.
func TestRequestLogLevels(t *testing.T) {
	tests := []struct {
		status int
		want   string
	}{
		{http.StatusOK, "level=DEBUG"},
		{http.StatusUnauthorized, "level=INFO"},
		{http.StatusServiceUnavailable, "level=INFO"},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			h := withRequestLog(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(tt.status) }), log, newMetrics(nil))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/slack/events", nil))
			line := logs.String()
			if !strings.Contains(line, tt.want) || !strings.Contains(line, "path=/slack/events") {
				t.Errorf("log = %q, want one %s line for the path", line, tt.want)
			}
			if id := w.Header().Get("X-Request-Id"); id == "" || !strings.Contains(line, "request_id="+id) {
				t.Errorf("request id %q missing from the response or the log line %q", id, line)
			}
		})
	}
}
