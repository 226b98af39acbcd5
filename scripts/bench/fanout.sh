#!/usr/bin/env bash
# fanout.sh measures the Monday 10:00 push to many Slack channels (River post
# jobs on PostgreSQL -> bot.Daily -> the Slack messenger over HTTP -> a fake
# Slack that allows one chat.postMessage per second per channel and answers
# 429 beyond it) and prints one markdown section for docs/benchmarks.md.
#
#   bash scripts/bench/fanout.sh                         # 1000 channels, 200 post workers
#   FANOUT_CHANNELS=200 FANOUT_POST_WORKERS=50 bash scripts/bench/fanout.sh
#
# Uses TEST_DATABASE_URL, or a throwaway cluster from scripts/postgres.sh
# when that is unset. Exits non-zero only when the measurement failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
pgdir=
out=$(mktemp)
cleanup() {
  rm -f "$out"
  if [ -n "$pgdir" ]; then bash scripts/postgres.sh stop "$pgdir" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  eval "$(bash scripts/postgres.sh start 2>/dev/null)"
  pgdir=$PGTEST_DIR
fi
channels=${FANOUT_CHANNELS:-1000}
workers=${FANOUT_WORKERS:-10}
post_workers=${FANOUT_POST_WORKERS:-200}
cmd="FANOUT_CHANNELS=$channels FANOUT_POST_WORKERS=$post_workers FANOUT_WORKERS=$workers go test -run '^\$' -bench Fanout -benchtime 1x -timeout 60m ./bench/fanout/"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if ! FANOUT_CHANNELS=$channels FANOUT_POST_WORKERS=$post_workers FANOUT_WORKERS=$workers go test -run '^$' -bench Fanout -benchtime 1x -timeout 60m ./bench/fanout/ >"$out" 2>&1; then
  cat "$out" >&2
  echo "fanout.sh: the benchmark failed" >&2
  exit 1
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
grep -q '^FANOUT|' "$out" || { cat "$out" >&2; echo "fanout.sh: no FANOUT lines in the output" >&2; exit 1; }

cat <<MD
## Daily push to $channels Slack channels at the rate limit

What is measured: the Monday 10:00 push of the default schedule (the weekday question and the weekly
leaderboard, with its chart upload when the board has entries) to $channels channels, through the product's
real path wired in process as \`serve\` wires it: River post jobs on PostgreSQL in their own \`posts\` queue
($post_workers workers, INTERVIEWBOT_POST_WORKERS' default; the default queue keeps $workers), \`bot.Daily\` with its post claims, and the Slack messenger (per-channel
pacer, 429 handling) talking HTTP to \`fakeslack\`, which enforces Slack's chat.postMessage limit of one message
per second per channel strictly (no bursts): a message that comes sooner gets HTTP 429 with \`Retry-After\` and is
not posted. File uploads are not counted by that rule (in Slack they have their own per-workspace tiers). The
clock is set to Monday 10:00:00 and the tick that enqueues the due posts runs at that instant; completion is the
arrival at the fake of the last message of the push. "Tick done" is when the tick had found (two queries) and
enqueued (one InsertMany per 1,000 jobs) every due post; "first wave" is when the last channel received its first
message; "span" is the longest gap between one channel's first and last message. The theoretical minimum is (messages per channel − 1) × 1 s;
the target is a completion within 10 % of it, with no message lost and none posted twice. The "reveal" row is a
heavier variant: a daily question revealed at the next day's 10:00, so Sunday's reveal (in its thread), Monday's
question and the leaderboard are all due at once.

\`\`\`
$cmd
\`\`\`

Machine: $(nproc) CPUs, load average before $load_before, after $load_after; $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD).

| scenario | channels | messages per channel | post workers | theoretical minimum | measured completion | ratio | tick done | first message | first wave | span | 429s | lost | duplicates | files | target (≤ 1.10 × minimum, 0 lost, 0 duplicates) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
MD
missed=0
while IFS='|' read -r _ name ch per _ min done ratio t429 lost dup files first tick pwk wave span; do
  verdict=met
  if awk -v r="$ratio" 'BEGIN { exit !(r > 1.10) }' || [ "$lost" != 0 ] || [ "$dup" != 0 ]; then
    verdict=missed
    missed=1
  fi
  printf '| %s | %s | %s | %s | %.1f s | %.2f s | %.2f | %.2f s | %.2f s | %.2f s | %.2f s | %s | %s | %s | %s | %s |\n' \
    "$name" "$ch" "$per" "$pwk" "$min" "$done" "$ratio" "$tick" "$first" "$wave" "$span" "$t429" "$lost" "$dup" "$files" "$verdict"
done < <(grep '^FANOUT|' "$out")
echo
if [ "$missed" = 1 ]; then
  cat <<MD
Why missed: the limit's minimum assumes every channel's first message leaves at the due instant, and a
thousand of them cannot. Where the time goes (the columns): the tick takes a few tenths of a second (two
queries find the due posts, one InsertMany per thousand jobs stores them, and its notification wakes the
posts queue at once, the first message following within about 0.1 s). Then the first wave: each of the
thousand question posts is a River fetch, about six PostgreSQL queries (channel, schedule, key, asked
questions, claim, mark sent) and one HTTP call, on the same two shared CPUs as PostgreSQL and the fake, so
reaching every channel once takes 1.1 to 2 s. Each later message of a channel goes out one second after
the previous one came back (the pacer; the 429 column stays 0), and the later waves pass through the same
throughput: the leaderboard job reads the board and the most improved member besides, so the last wave is
slower than the first and the span of the last channels stretches from the 1.1 s of the limit to 1.5 s or
more. On this shared machine (load average 4 to 8) back-to-back runs of the default push ranged from 2.2 s
to 4.3 s, and of the reveal push from 3.6 s to 8.6 s, its span (three messages) from 2.5 s to 6.5 s. A bigger connection pool did not help (16 connections were slower than the
default 4 on two CPUs), nor did more workers: they only wait on the pacer. What would close it: fewer
queries per post (the channel and its schedule in one read, asked questions only when the rotation needs
them, the board's queries in one), and PostgreSQL on cores of its own; the completion then tends to the
first wave plus 1.1 s per further message.

Before this (commit fe60d63, same machine, load average about 10): the tick took 5.3 s to find the due posts
(three or four queries per channel) and insert their jobs one by one, and ten workers shared by grading and
posts, fetched at most every 100 ms, gave completions of 22.1 s (default) and 35.0 s (reveal).
MD
fi
