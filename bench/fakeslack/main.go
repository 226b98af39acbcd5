// Command fakeslack runs adapters/slack/fakeslack, the fake Slack Web API
// the tests use, as a process, so the ingestion benchmark can point a real
// `interviewbot serve` at it (SLACK_API_URL). A second listener reports
// what the bot did through it:
//
//	GET /messages?channel=C1   top-level messages of a channel (ts, text), JSON
//	GET /stats                 message counts and Web API calls per method, JSON
//
// It prints "api <url>" and "control <url>" on stdout once both listen.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/interviewbot/interviewbot/adapters/slack/fakeslack"
)

// apiMethods are the Web API methods /stats counts.
var apiMethods = []string{"auth.test", "chat.postMessage", "chat.postEphemeral", "chat.update", "reactions.add", "conversations.open", "views.publish"}

func main() {
	addr := flag.String("control", "127.0.0.1:0", "listen address of /messages and /stats")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	tb := &processTB{log: log}
	fake := fakeslack.New(tb)
	fake.BotToken = envOr("SLACK_BOT_TOKEN", fake.BotToken)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Error("listen", "err", err)
		os.Exit(1)
	}
	go http.Serve(ln, control(fake))
	fmt.Printf("api %s\ncontrol http://%s\n", fake.APIURL(), ln.Addr())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	tb.cleanup()
}

func control(fake *fakeslack.Server) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /messages", func(w http.ResponseWriter, r *http.Request) {
		type msg struct {
			TS   string `json:"ts"`
			Text string `json:"text"`
		}
		out := []msg{}
		for _, m := range fake.Messages(fakeslack.InChannel(r.URL.Query().Get("channel"))) {
			out = append(out, msg{m.TS, m.Text})
		}
		writeJSON(w, out)
	})
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		all := fake.Messages(nil)
		eph := 0
		for _, m := range all {
			if m.Ephemeral {
				eph++
			}
		}
		calls := map[string]int{}
		for _, m := range apiMethods {
			calls[m] = fake.Calls(m)
		}
		writeJSON(w, map[string]any{"messages": len(all), "ephemeral": eph, "reactions": len(fake.Reactions()), "calls": calls})
	})
	return mux
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// processTB is the testing.TB fakeslack.New asks for, outside a test: it
// runs cleanups at exit and logs failures instead of ending a test. Only
// the methods fakeslack calls are implemented; the embedded nil TB panics
// on any other, which would be a bug here.
type processTB struct {
	testing.TB
	log      *slog.Logger
	cleanups []func()
}

func (p *processTB) Helper()                         {}
func (p *processTB) Cleanup(f func())                { p.cleanups = append(p.cleanups, f) }
func (p *processTB) Logf(format string, args ...any) { p.log.Info(fmt.Sprintf(format, args...)) }
func (p *processTB) Errorf(format string, args ...any) {
	p.log.Error(fmt.Sprintf(format, args...))
}
func (p *processTB) Fatalf(format string, args ...any) {
	p.log.Error(fmt.Sprintf(format, args...))
	os.Exit(1)
}

func (p *processTB) cleanup() {
	for i := len(p.cleanups) - 1; i >= 0; i-- {
		p.cleanups[i]()
	}
}
