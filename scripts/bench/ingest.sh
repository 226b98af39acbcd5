#!/usr/bin/env bash
# ingest.sh measures how fast Slack deliveries are acknowledged: signed
# /mock-interview slash commands, then signed thread-reply message events,
# each fired by one wrk at three targets back to back in the same run:
#
#   bare          bench/bare: net/http + slack-go's signature check, nothing else (the ceiling)
#   Bolt          bench/bolt: Slack Bolt for JavaScript 5.1.0, ExpressReceiver, ack only
#   interviewbot  the real binary, `interviewbot serve` on PostgreSQL, Slack Web API = bench/fakeslack
#
# It prints ONE markdown section (see scripts/bench.sh) on stdout; progress
# goes to stderr. It starts a throwaway PostgreSQL unless TEST_DATABASE_URL
# is set (then it works in a schema of its own and drops it), installs wrk
# with apt-get when it is missing (root only) and Bolt with `npm ci`.
#
#   bash scripts/bench/ingest.sh > ingest.md
#   WRK_DURATION=5s BENCH_REQUESTS=50000 bash scripts/bench/ingest.sh   # a quick look
#
# Settings: WRK_THREADS (1), WRK_CONNECTIONS (50), WRK_DURATION (12s),
# BENCH_REQUESTS (distinct pre-signed requests per kind, 200000),
# BENCH_PAUSE (seconds between runs, 3), BENCH_WARMUP (an unreported run
# per target and kind before the measured ones, 2s; 0 for none), BENCH_LOGS (keep the logs and wrk
# outputs in this directory instead of a temporary one).
# Exits non-zero only when the measurement itself could not be made.
set -euo pipefail
cd "$(dirname "$0")/../.."

threads=${WRK_THREADS:-1}
conns=${WRK_CONNECTIONS:-50}
duration=${WRK_DURATION:-12s}
nreq=${BENCH_REQUESTS:-200000}
pause=${BENCH_PAUSE:-3}
warmup=${BENCH_WARMUP:-2s}
secret=bench-signing-secret-$$
bot_token=xoxb-bench-bot-token

log() { echo "ingest.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# --- tools -----------------------------------------------------------------
need_apt() { # need_apt command package
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "$1 is missing: apt-get install $2"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >&2 \
      || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >&2; } || true
  fi
  command -v "$1" >/dev/null || die "$1 is missing and could not be installed (Debian: apt-get install $2); the ingestion benchmark needs it."
}
need_apt wrk wrk
need_apt node nodejs
need_apt npm npm
command -v go >/dev/null || die "go is missing"

bolt_version() { node -p "require('./bench/bolt/node_modules/@slack/bolt/package.json').version" 2>/dev/null || true; }
if [ "$(bolt_version)" != "5.1.0" ]; then
  log "installing Bolt with npm ci (bench/bolt)"
  (cd bench/bolt && npm ci --no-audit --no-fund >&2) || die "npm ci in bench/bolt failed"
fi

# --- scratch, processes, cleanup --------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/interviewbot-ingest.XXXXXX")
logs=${BENCH_LOGS:-$work}
mkdir -p "$logs"
pids=()
pgdir=
schema=
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ -n "$schema" ]; then
    "$psql" "$TEST_DATABASE_URL" -qc "DROP SCHEMA IF EXISTS $schema CASCADE; DROP SCHEMA IF EXISTS ${schema}_river CASCADE" >/dev/null 2>&1 || true
  fi
  if [ -n "$pgdir" ]; then bash scripts/postgres.sh stop "$pgdir" 2>/dev/null || true; fi
  if [ -z "${BENCH_LOGS:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p=$1
  while port_in_use "$p"; do p=$((p + 1)); done
  echo "$p"
}
# wait_http url what: until url answers at all (any status).
wait_http() {
  for _ in $(seq 300); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  die "$2 did not start (logs in $logs)"
}

log "building"
go build -o "$work/interviewbot" ./cmd/interviewbot
go build -o "$work/" ./bench/bare ./bench/fakeslack ./bench/signreq

# --- PostgreSQL ---------------------------------------------------------------
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  eval "$(bash scripts/postgres.sh start)"
  pgdir=$PGTEST_DIR
  db_url=$TEST_DATABASE_URL
  jobs_schema=river
else
  psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -1)
  [ -n "$psql" ] || die "TEST_DATABASE_URL is set but psql is missing to create a schema in it"
  schema=bench_ingest_$$
  "$psql" "$TEST_DATABASE_URL" -qc "CREATE SCHEMA $schema" >/dev/null
  case "$TEST_DATABASE_URL" in *\?*) sep='&' ;; *) sep='?' ;; esac
  db_url="${TEST_DATABASE_URL}${sep}search_path=$schema"
  jobs_schema=${schema}_river
fi

# --- the fake Slack Web API and interviewbot ------------------------------------
SLACK_BOT_TOKEN=$bot_token "$work/fakeslack" >"$work/fakeslack.out" 2>"$logs/fakeslack.log" &
pids+=($!)
for _ in $(seq 100); do grep -q '^control ' "$work/fakeslack.out" 2>/dev/null && break; sleep 0.1; done
api_url=$(awk '$1 == "api" {print $2}' "$work/fakeslack.out")
control=$(awk '$1 == "control" {print $2}' "$work/fakeslack.out")
[ -n "$control" ] || die "fakeslack did not start (see $logs/fakeslack.log)"

# The channel posts its question at 10:00; the test clock starts at 09:59:58
# today, so the question goes out two seconds after start and stays open
# (reveal at 18:00) for the whole run. Replies in its thread are answers.
cat >"$work/channels.yaml" <<'YAML'
channels:
  - {platform: slack, workspace: T0FAKE, channel: C1, name: general, lang: en, timezone: UTC, post: "0 10 * * *", reveal: "0 18 * * *", leaderboard: "0 12 * * 0"}
YAML
ib_port=$(free_port 3103)
env DATABASE_URL="$db_url" INTERVIEWBOT_JOBS_SCHEMA="$jobs_schema" \
  SLACK_SIGNING_SECRET="$secret" SLACK_BOT_TOKEN="$bot_token" SLACK_API_URL="$api_url" \
  INTERVIEWBOT_HTTP_ADDR="127.0.0.1:$ib_port" INTERVIEWBOT_CONFIG="$work/channels.yaml" \
  INTERVIEWBOT_TEST_CLOCK="$(date -u +%Y-%m-%d)T09:59:58Z" INTERVIEWBOT_TICK=1s INTERVIEWBOT_LANG=en \
  "$work/interviewbot" serve >"$logs/interviewbot.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$ib_port/healthz" "interviewbot serve"
thread_ts=
for _ in $(seq 300); do
  thread_ts=$(curl -s "$control/messages?channel=C1" | grep -o '"ts":"[0-9.]*"' | head -1 | cut -d'"' -f4 || true)
  [ -n "$thread_ts" ] && break
  sleep 0.1
done
[ -n "$thread_ts" ] || die "interviewbot posted no question in C1 within 30s (see $logs/interviewbot.log)"
log "interviewbot on :$ib_port posted the question $thread_ts in C1"

bare_port=$(free_port 3101)
SLACK_SIGNING_SECRET=$secret "$work/bare" -addr "127.0.0.1:$bare_port" >"$logs/bare.log" 2>&1 &
pids+=($!)
bolt_port=$(free_port $((bare_port + 1)))
[ "$bolt_port" != "$ib_port" ] || bolt_port=$(free_port $((ib_port + 1)))
(cd bench/bolt && SLACK_SIGNING_SECRET=$secret SLACK_BOT_TOKEN=$bot_token SLACK_API_URL=$api_url PORT=$bolt_port exec node app.js) >"$logs/bolt.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$bare_port/" "bench/bare"
wait_http "http://127.0.0.1:$bolt_port/" "bench/bolt"

# --- measuring ----------------------------------------------------------------
metrics() { curl -s "http://127.0.0.1:$ib_port/metrics"; }
# metric file series: the sample of one series, 0 when absent.
metric() { awk -v s="$2" 'index($0, s " ") == 1 {v = $2} END {printf "%d", v + 0}' "$1"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A res
run() { # run kind target port
  local kind=$1 target=$2 port=$3 out="$logs/wrk-$1-$2.txt"
  sleep "$pause"
  log "wrk $kind → $target"
  wrk -t"$threads" -c"$conns" -d"$duration" --latency -s bench/wrk/replay.lua "http://127.0.0.1:$port" -- "$work/$kind.req" >"$out" 2>&1 \
    || die "wrk against $target failed: $(tail -3 "$out")"
  local line
  line=$(grep '^BENCH ' "$out") || die "no BENCH line in $out"
  res[$kind.$target]=$line
}
# field kind target key: one value of a run's BENCH line.
field() { awk -v k="$3" '{for (i = 2; i <= NF; i++) {split($i, a, "="); if (a[1] == k) print a[2]}}' <<<"${res[$1.$2]}"; }

# warm target port kind: a short unreported run with requests of their own
# (Node's JIT, Go's and PostgreSQL's first connections), so no target is
# measured cold.
warm() {
  [ "$warmup" != 0 ] || return 0
  wrk -t"$threads" -c"$conns" -d"$warmup" -s bench/wrk/replay.lua "http://127.0.0.1:$2" -- "$work/warm-$3.req" >"$logs/wrk-warmup-$3-$1.txt" 2>&1 \
    || die "warm-up of $1 failed: $(tail -3 "$logs/wrk-warmup-$3-$1.txt")"
}

for kind in command event; do
  log "signing $nreq ${kind}s"
  "$work/signreq" -kind "$kind" -n "$nreq" -secret "$secret" -channel C1 -thread "$thread_ts" -out "$work/$kind.req"
  if [ "$warmup" != 0 ]; then
    log "warming the targets up ($warmup each)"
    "$work/signreq" -kind "$kind" -n 20000 -nonce "warm$$" -secret "$secret" -channel C1 -thread "$thread_ts" -out "$work/warm-$kind.req"
    warm bare "$bare_port" "$kind"
    warm bolt "$bolt_port" "$kind"
    warm interviewbot "$ib_port" "$kind"
  fi
  run "$kind" bare "$bare_port"
  run "$kind" bolt "$bolt_port"
  metrics >"$work/metrics-$kind-before.txt"
  curl -s "$control/stats" >"$work/fake-$kind-before.json"
  run "$kind" interviewbot "$ib_port"
  sleep 5 # the accepted deliveries' work (in workers, after the 200) finishes
  metrics >"$work/metrics-$kind-after.txt"
  curl -s "$control/stats" >"$work/fake-$kind-after.json"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the section -----------------------------------------------------------------
ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us / 1000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a >= b)}'; }
verdict() { if "$@"; then echo met; else echo "**missed**"; fi; }
delta() { echo $(($(metric "$work/metrics-$1-after.txt" "$2") - $(metric "$work/metrics-$1-before.txt" "$2"))); }
fake_delta() { # fake_delta kind jq-ish key: a count from /stats, after minus before
  local a b
  a=$(grep -o "\"$2\":[0-9]*" "$work/fake-$1-after.json" | head -1 | cut -d: -f2)
  b=$(grep -o "\"$2\":[0-9]*" "$work/fake-$1-before.json" | head -1 | cut -d: -f2)
  echo $((${a:-0} - ${b:-0}))
}
# accepted: 2xx answers that are not "busy" per second of the run.
accepted_rps() {
  awk -v ok="$(field "$1" "$2" ok2xx)" -v busy="$(field "$1" "$2" busy)" -v d="$(field "$1" "$2" duration_us)" \
    'BEGIN {printf "%.0f", (ok - busy) / (d / 1e6)}'
}
label() { case $1 in bare) echo "bare net/http + signature" ;; bolt) echo "Bolt-JS 5.1.0 ExpressReceiver" ;; *) echo "interviewbot serve" ;; esac; }

# BENCH_COMMIT names the source when it is not a git checkout (an export).
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "${BENCH_COMMIT:-unknown (not a git checkout)}")
dirty=
if git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet HEAD -- . 2>/dev/null; then
  dirty=" (with uncommitted changes in the checkout)"
fi
cat <<EOF
## Ingestion: acknowledging Slack deliveries (vs Bolt-JS and a bare handler)

How fast a Slack delivery is acknowledged, which is what Slack's three-second
deadline and its retries depend on. One wrk fires pre-signed requests
(\`bench/signreq\`: each with a fresh timestamp and its own trigger_id or
event_id and user, replayed by \`bench/wrk/replay.lua\`) at three targets,
one after the other in the same run: a bare Go handler that only checks the
v0 signature with slack-go (\`bench/bare\`, the ceiling), a minimal Slack Bolt
for JavaScript 5.1.0 app with ExpressReceiver that only acknowledges
(\`bench/bolt\`), and the real \`interviewbot serve\` on PostgreSQL
(${pgdir:+a throwaway cluster from scripts/postgres.sh, fsync off}${schema:+TEST_DATABASE_URL, schema $schema}) with the
Web API answered by \`bench/fakeslack\`. Commands are \`/mock-interview\`
(interviewbot deduplicates on the trigger_id and starts an interview in the
member's DM); events are thread replies under the channel's question
(deduplicated on the event_id; the answer is stored and its grading job
queued). How much of that happens before the 200 is whatever the measured
commit does; the second table shows what it had done 5 s after each run.

\`\`\`sh
bash scripts/bench/ingest.sh      # or: make bench BENCH_PARTS=ingest
# per kind and target, after an unreported ${warmup} warm-up of each target with other requests:
wrk -t$threads -c$conns -d$duration --latency -s bench/wrk/replay.lua http://127.0.0.1:PORT -- KIND.req
\`\`\`

Machine: $(nproc) vCPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), load average
$load_before before and $load_after after; $(date -u +%Y-%m-%d), commit $commit$dirty;
$(wrk --version 2>&1 | head -1 | awk '{print $1, $2}'), node $(node --version), $(go version | awk '{print $3}'). wrk, the targets,
PostgreSQL and the fake Slack share the machine.

| kind | target | requests/s | accepted/s | p50 ms | p99 ms | non-2xx | busy (200) | socket errors | repeats |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF
for kind in command event; do
  for target in bare bolt interviewbot; do
    errs=$(($(field $kind $target err_connect) + $(field $kind $target err_read) + $(field $kind $target err_write) + $(field $kind $target err_timeout)))
    sent=$(field $kind $target sent)
    pool=$(field $kind $target pool)
    repeats=$((sent > pool ? sent - pool : 0))
    printf '| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s |\n' "$kind" "$(label $target)" \
      "$(field $kind $target rps)" "$(accepted_rps $kind $target)" "$(ms "$(field $kind $target p50_us)")" "$(ms "$(field $kind $target p99_us)")" \
      "$(field $kind $target non2xx)" "$(field $kind $target busy)" "$errs" "$repeats"
  done
done

c_ib=$(accepted_rps command interviewbot)
c_bare=$(accepted_rps command bare)
c_bolt=$(accepted_rps command bolt)
c_p99=$(field command interviewbot p99_us)
e_ib=$(accepted_rps event interviewbot)
e_p99=$(field event interviewbot p99_us)
cat <<EOF

"accepted/s" counts 2xx answers that are not interviewbot's "the bot is busy"
reply (a command it has no free worker for gets 200 with that text; an event
gets 503, counted as non-2xx); the targets are judged on it. "repeats" are
requests sent after the ${nreq} distinct ones ran out (a duplicate to
interviewbot, which then acknowledges without work; nothing to bare or Bolt).

| target | figure | result |
| --- | --- | --- |
| commands: interviewbot ≥ 50 % of bare | $(ratio "$c_ib" "$c_bare") × bare ($c_ib vs $c_bare/s) | $(verdict ge "$(ratio "$c_ib" "$c_bare")" 0.5) |
| commands: interviewbot ≥ 4 × Bolt | $(ratio "$c_ib" "$c_bolt") × Bolt ($c_ib vs $c_bolt/s) | $(verdict ge "$(ratio "$c_ib" "$c_bolt")" 4) |
| commands: p99 ≤ 5 ms | $(ms "$c_p99") ms | $(verdict ge 5000 "$c_p99") |
| events (durable: signature, dedup, claim in PostgreSQL before the 200) ≥ 5,000/s | $e_ib/s ($(ratio "$e_ib" "$(accepted_rps event bare)") × bare, $(ratio "$e_ib" "$(accepted_rps event bolt)") × Bolt) | $(verdict ge "$e_ib" 5000) |
| events: p99 < 20 ms | $(ms "$e_p99") ms | $(verdict ge 19999 "$e_p99") |

What interviewbot did with the load (its /metrics and the fake Slack's
counters, after minus before each interviewbot run, read 5 s after it;
"deliveries taken" and "deduplicated" are interviewbot_events_received_total
and interviewbot_events_deduplicated_total, which count commands too):

| kind | HTTP 200 | HTTP 503 | deliveries taken | deliveries deduplicated | grade jobs queued | conversations.open (interviews started) | reactions.add (answers acknowledged) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF
for kind in command event; do
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$kind" \
    "$(delta $kind 'interviewbot_http_requests_total{code="200"}')" "$(delta $kind 'interviewbot_http_requests_total{code="503"}')" \
    "$(delta $kind 'interviewbot_events_received_total{platform="slack"}')" "$(delta $kind 'interviewbot_events_deduplicated_total{platform="slack"}')" \
    "$(delta $kind 'interviewbot_jobs_queued_total{kind="grade"}')" "$(fake_delta $kind conversations.open)" "$(fake_delta $kind reactions.add)"
done
echo

# --- reading the figures: facts the run can state about itself -------------
slots=${BENCH_SLACK_WORKERS:-64} # adapters/slack's worker slots as serve configures them
c_busy=$(field command interviewbot busy)
e_503=$(field event interviewbot non2xx)
notes=()
if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN {exit !(l > n)}'; then
  notes+=("The load average before the run ($load_before) was above the CPU count: other jobs were running and every figure here is lower, and every tail longer, than on a quiet machine.")
fi
little() { awk -v s="$slots" -v r="$1" 'BEGIN {if (r > 0) printf "%.0f", s / r * 1000; else print "∞"}'; }
if [ "$c_busy" -gt 0 ]; then
  notes+=("interviewbot answered $c_busy of $(field command interviewbot requests) commands \"busy\" (200 with that text): a command is taken only when one of the Slack adapter's $slots workers is free, and the worker keeps its slot for the whole of the work (PostgreSQL writes, Slack Web API calls), so what it accepts is bounded by $slots ÷ the time of that work, about $(little "$c_ib") ms a command in this run by Little's law, not by the HTTP path: its fast requests/s figure is mostly refusals. What would close it: acknowledge once the command is durable (or, for a command, at once) and run the work from a queue without holding a request-side slot.")
fi
if [ "$e_503" -gt 0 ]; then
  notes+=("interviewbot answered $e_503 of $(field event interviewbot requests) events 503: an event is taken only when one of the Slack adapter's $slots workers is free, and the worker keeps its slot for the whole of the work, about $(little "$e_ib") ms an event in this run by Little's law. What would close it: acknowledge once the event's claim and job are in PostgreSQL (many requests per commit), and run the answer from the queue without holding a request-side slot.")
fi
e_taken=$(delta event 'interviewbot_events_received_total{platform="slack"}')
e_jobs=$(delta event 'interviewbot_jobs_queued_total{kind="grade"}')
if [ "$e_jobs" -lt "$e_taken" ]; then
  notes+=("Of the $e_taken events interviewbot took, $e_jobs had their grading job queued 5 s after the run: the rest were acknowledged and stored but still waiting to be processed (a backlog, not a loss: the acknowledgement rate above is ahead of the processing rate).")
fi
for kind in command event; do
  sent=$(field $kind interviewbot sent)
  pool=$(field $kind interviewbot pool)
  if [ "$sent" -gt "$pool" ]; then
    notes+=("The $kind run against interviewbot sent $((sent - pool)) requests after the $pool distinct ones ran out: those are duplicates it acknowledges without work, which flatters its figure. Raise BENCH_REQUESTS.")
  fi
done
for target in bare bolt interviewbot; do
  for kind in command event; do
    t=$(field $kind $target err_timeout)
    if [ "$t" -gt 0 ]; then
      notes+=("$(label $target) left $t $kind requests unanswered within wrk's 2 s timeout (counted as socket errors, not in the latencies).")
    fi
  done
done
if [ "${#notes[@]}" -gt 0 ]; then
  echo "Reading the figures:"
  echo
  for n in "${notes[@]}"; do echo "- $n"; done
  echo
fi
log "logs and wrk outputs: $logs${BENCH_LOGS:+ (kept)}"
