package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/interviewbot/interviewbot/bot"
)

// readiness is what /readyz checks: the database answers and its schema is
// the binary's. Draining flips it off first on SIGTERM, so load balancers
// stop sending work before the listener closes.
type readiness struct {
	store    bot.Store
	admin    bot.AdminStore
	draining atomic.Bool
}

func (r *readiness) check(ctx context.Context) error {
	if r.draining.Load() {
		return fmt.Errorf("shutting down")
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := r.store.Ping(ctx); err != nil {
		return fmt.Errorf("database unreachable")
	}
	pending, err := r.admin.PendingMigrations(ctx)
	if err != nil {
		return fmt.Errorf("migration status unknown")
	}
	if pending {
		return fmt.Errorf("migrations pending: run interviewbot migrate")
	}
	return nil
}

// serveMux routes the operational endpoints and the adapters' callbacks.
func serveMux(m *metrics, ready *readiness, adapters map[string]http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := ready.check(r.Context()); err != nil {
			http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg}))
	for prefix, h := range adapters {
		mux.Handle(prefix, h)
	}
	return mux
}

type requestIDKey struct{}

// RequestID returns the id the middleware gave the request, "" outside one.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// slowRequest is when a served request is worth a log line: Slack gives up
// after three seconds.
const slowRequest = time.Second

// withRequestLog gives every request an id (the caller's X-Request-Id when
// it sends a sane one), returns it in the response header, counts the
// status and logs one line per request: at info when it failed or was
// slow, else at debug.
func withRequestLog(next http.Handler, log *slog.Logger, m *metrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
		m.requests.WithLabelValues(strconv.Itoa(rec.code)).Inc()
		// A line per delivery would be thousands a second in a busy
		// workspace and says nothing the request counter does not: served
		// requests log at debug, failures and slow ones at info.
		level := slog.LevelDebug
		if rec.code >= 400 || time.Since(start) > slowRequest {
			level = slog.LevelInfo
		}
		log.Log(r.Context(), level, "http request", slog.String("request_id", id), slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", rec.code), slog.Duration("duration", time.Since(start)))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the real writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
