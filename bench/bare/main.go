// Command bare is the ingestion benchmark's ceiling: a net/http server that
// reads a Slack delivery, checks its v0 signature with slack-go's
// SecretsVerifier (the check adapters/slack makes, five-minute window
// included) and answers 200 with an empty body. Whatever interviewbot adds
// on top of this is its own work.
//
//	SLACK_SIGNING_SECRET=… bare -addr 127.0.0.1:3101
package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/slack-go/slack"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:3101", "listen address")
	flag.Parse()
	secret := os.Getenv("SLACK_SIGNING_SECRET")
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if secret == "" {
		log.Error("SLACK_SIGNING_SECRET is not set")
		os.Exit(2)
	}
	srv := &http.Server{Addr: *addr, Handler: verifyOnly(secret), ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("bare listening on %s\n", *addr)
	if err := srv.ListenAndServe(); err != nil {
		log.Error("serve", "err", err)
		os.Exit(1)
	}
}

// verifyOnly answers 200 to a correctly signed request on any path, 401
// otherwise, the way interviewbot's handler does before its own work.
func verifyOnly(secret string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, "request body too large or unreadable", http.StatusRequestEntityTooLarge)
			return
		}
		sv, err := slack.NewSecretsVerifier(r.Header, secret)
		if err == nil {
			_, _ = sv.Write(body)
			err = sv.Ensure()
		}
		if err != nil {
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
