// Command signreq writes pre-signed Slack deliveries for the ingestion
// benchmark: n distinct slash commands or Events API callbacks, each a raw
// HTTP/1.1 request that wrk replays through bench/wrk/replay.lua.
//
// wrk's Lua has no HMAC, and signing in the load generator would cost it
// CPU the targets need, so the requests are signed here, ahead of the run,
// with a fresh timestamp (Slack's verifiers accept five minutes). Each
// request is distinct where the bot deduplicates: a new trigger_id and user
// for a command, a new event_id, user and message ts for an event, so a run
// that does not cycle past n measures first deliveries only.
//
//	signreq -kind command -n 200000 -secret S -out commands.req
//	signreq -kind event -thread 1700000001.000001 -channel C1 -n 200000 -secret S -out events.req
//
// The file holds, per request, its length in bytes on a line of its own and
// then the request itself.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	var o options
	flag.StringVar(&o.Kind, "kind", "command", "command (a /mock-interview slash command), help (/interview help, answered in the acknowledgement) or event (a thread reply message event)")
	flag.IntVar(&o.N, "n", 100000, "how many distinct requests")
	flag.StringVar(&o.Secret, "secret", "", "the signing secret (required)")
	flag.StringVar(&o.Channel, "channel", "C1", "the channel of commands and replies")
	flag.StringVar(&o.Thread, "thread", "", "events: the ts of the question post the replies answer (required for events)")
	flag.StringVar(&o.Text, "text", "", "events: the reply's text (default: a short answer)")
	flag.StringVar(&o.Nonce, "nonce", "", "makes ids unique across runs on one database (default: the current time)")
	out := flag.String("out", "-", "file to write, - for stdout")
	flag.Parse()
	if o.Nonce == "" {
		o.Nonce = fmt.Sprint(time.Now().Unix())
	}
	o.At = time.Now()
	if err := run(o, *out); err != nil {
		fmt.Fprintln(os.Stderr, "signreq:", err)
		os.Exit(1)
	}
}

func run(o options, out string) error {
	if err := o.check(); err != nil {
		return err
	}
	var w io.Writer = os.Stdout
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return fmt.Errorf("create %s: %w", out, err)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := write(bw, o); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return bw.Flush()
}
