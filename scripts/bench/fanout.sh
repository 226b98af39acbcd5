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
message; "span" is the longest gap between one channel's first and last message; "queries per post" counts the
statements the product's store sent during the push (the tick's two included; River's fetches and completions, on a
pool of their own, are not) per message posted. The theoretical minimum is (messages per channel − 1) × 1 s;
the target is a completion within 10 % of it, with no message lost and none posted twice. The "reveal" row is a
heavier variant: a daily question revealed at the next day's 10:00, so Sunday's reveal (in its thread), Monday's
question and the leaderboard are all due at once.

\`\`\`
$cmd
\`\`\`

Machine: $(nproc) CPUs, load average before $load_before, after $load_after; $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD).

| scenario | channels | messages per channel | post workers | theoretical minimum | measured completion | ratio | tick done | first message | first wave | span | queries per post | 429s | lost | duplicates | files | target (≤ 1.10 × minimum, 0 lost, 0 duplicates) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
MD
missed=0
while IFS='|' read -r _ name ch per _ min done ratio t429 lost dup files first tick pwk wave span qpp; do
  verdict=met
  if awk -v r="$ratio" 'BEGIN { exit !(r > 1.10) }' || [ "$lost" != 0 ] || [ "$dup" != 0 ]; then
    verdict=missed
    missed=1
  fi
  printf '| %s | %s | %s | %s | %.1f s | %.2f s | %.2f | %.2f s | %.2f s | %.2f s | %.2f s | %.2f | %s | %s | %s | %s | %s |\n' \
    "$name" "$ch" "$per" "$pwk" "$min" "$done" "$ratio" "$tick" "$first" "$wave" "$span" "$qpp" "$t429" "$lost" "$dup" "$files" "$verdict"
done < <(grep '^FANOUT|' "$out")
echo
if [ "$missed" = 1 ]; then
  cat <<MD
Why missed: the limit's minimum assumes every channel's first message leaves at the due instant, and a
thousand of them cannot. Where the time goes (the columns): the tick takes a few tenths of a second (two
queries find the due posts, one InsertMany per thousand jobs stores them, and its notification wakes the
posts queue at once, the first message following within about 0.1 s). Then the first wave: each of the
thousand question posts is its share of a River fetch, three PostgreSQL queries and one HTTP call, on the
same two shared CPUs as PostgreSQL and the fake. The three queries are what the post's guarantees need:
one read of its context (channel, schedule, the post under its key, and the asked questions the rotation
picks from, only while the key is unclaimed: \`FindPostContext\`), the claim (the INSERT under the unique
key, before the send) and the reference (after it). A leaderboard post is four (the same read, the top ten
and the most improved member in one query on period_totals, claim, reference; a fifth reads streaks when
the board has entries), a reveal three (its question post comes with the context): 3.50 queries per post
for the default push, 3.33 for the reveal push. Before commit 950b2c6 they were six (channel, schedule,
key, asked questions, claim, reference), eight (plus a posts-span probe, the board, the most improved
member, and the key read after the board) and six: 7.00 and 6.67 per post. Claiming and reading a taken
key in one statement (INSERT ... ON CONFLICT DO NOTHING in a CTE, then the holder's row) was tried and
dropped: it saves a read only when two workers race, and cost every post more than the plain INSERT
(300 to 370 µs against 240 to 280 µs, one connection, back to back); the context read takes 210 to 320 µs
where the four reads it replaces took about 520 µs. Each later message of a channel goes out one second
after the previous one came back (the pacer; the 429 column stays 0), so the completion is about the
first wave plus 1.1 s per further message, as long as the later waves keep up; their jobs wait on the
pacer holding a post worker, so they bunch, and the span of the last channels stretches past the limit's
1.1 s per message. Wall-clock figures on this shared machine (load average 3.5 to 7, five sessions at
work; old and new code built as two test binaries and run alternately) move more with the load than with
the code: in the first rounds the default push took 3.0 to 5.1 s before (first wave 1.7 to 3.1 s) and 2.0
to 3.1 s after (first wave 1.0 to 1.7 s), the reveal push 3.8 to 4.4 s before and 3.2 to 4.2 s after; in a
later round at load average 4.5 to 7 the new code was the slower of each pair (default 3.7 to 5.9 s against
3.2 to 4.3 s). A bigger connection pool did not help (16 connections were slower than the default 4 on two CPUs), nor
did more workers: they only wait on the pacer. What would close the rest: PostgreSQL and the fake on cores
of their own (the bench process itself used about 2 s of CPU in a 6 s run; the rest of the wait is for CPU
shared with everything else on the machine), and later waves that do not hold a worker while the pacer
waits; the completion then tends to the first wave plus 1.1 s per further message.

Before this (commit fe60d63, same machine, load average about 10): the tick took 5.3 s to find the due posts
(three or four queries per channel) and insert their jobs one by one, and ten workers shared by grading and
posts, fetched at most every 100 ms, gave completions of 22.1 s (default) and 35.0 s (reveal).
MD
fi
