#!/usr/bin/env bash
# ingest.sh measures how fast Slack deliveries are acknowledged: signed
# /mock-interview slash commands, then signed thread-reply message events,
# each fired by one wrk at the targets back to back in the same run:
#
#   bare          bench/bare: net/http + slack-go's signature check, nothing else (the ceiling)
#   Bolt          bench/bolt: Slack Bolt for JavaScript 5.1.0, ExpressReceiver, ack only
#   interviewbot  the real binary, `interviewbot serve` on PostgreSQL, Slack Web API = bench/fakeslack:
#     all in one  one process that takes the deliveries and runs their jobs (commands and events)
#     replica     events only: INTERVIEWBOT_WORKERS=0 (takes and stores deliveries, runs no job),
#                 on a schema of its own in the same database, started after the
#                 all-in-one process has been stopped; the issue's event target is judged on it
#
# For the replica the durability of every acknowledged event is checked in
# PostgreSQL afterwards (psql): its delivery jobs in River's table against
# the 200s. It prints ONE markdown section (see scripts/bench.sh) on
# stdout; progress goes to stderr. It starts a throwaway PostgreSQL unless
# TEST_DATABASE_URL is set (then it works in schemas of its own and drops
# them), installs wrk with apt-get when it is missing (root only) and Bolt
# with `npm ci`.
#
#   bash scripts/bench/ingest.sh > ingest.md
#   WRK_DURATION=5s BENCH_REQUESTS=50000 bash scripts/bench/ingest.sh   # a quick look
#
# Settings: WRK_THREADS (1), WRK_CONNECTIONS (50), WRK_DURATION (12s),
# BENCH_REQUESTS (distinct pre-signed requests per kind and run, 200000),
# BENCH_PAUSE (seconds between runs, 3), BENCH_WARMUP (an unreported run
# per target and kind before the measured ones, 2s; 0 for none), BENCH_DRAIN
# (longest wait for the accepted commands' work after their run, 60 s),
# BENCH_LOGS (keep the logs and wrk outputs in this directory instead of a
# temporary one).
# Exits non-zero only when the measurement itself could not be made.
set -euo pipefail
cd "$(dirname "$0")/../.."

threads=${WRK_THREADS:-1}
conns=${WRK_CONNECTIONS:-50}
duration=${WRK_DURATION:-12s}
nreq=${BENCH_REQUESTS:-200000}
pause=${BENCH_PAUSE:-3}
warmup=${BENCH_WARMUP:-2s}
drain_max=${BENCH_DRAIN:-60}
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
psql=
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ -n "$schema" ]; then
    "$psql" "$TEST_DATABASE_URL" -qc "DROP SCHEMA IF EXISTS $schema CASCADE; DROP SCHEMA IF EXISTS ${schema}_river CASCADE;
      DROP SCHEMA IF EXISTS ${schema}_rep CASCADE; DROP SCHEMA IF EXISTS ${schema}_rep_river CASCADE" >/dev/null 2>&1 || true
  fi
  if [ -n "$pgdir" ]; then bash scripts/postgres.sh stop "$pgdir" 2>/dev/null || true; fi
  if [ -z "${BENCH_LOGS:-}" ]; then
    rm -rf "$work"
  else # keep the metrics and counters beside the logs, not the binaries and the request files (hundreds of MB)
    rm -f "$work"/*.req "$work"/interviewbot "$work"/bare "$work"/fakeslack "$work"/signreq
  fi
}
trap cleanup EXIT

# stop pid: SIGTERM, then SIGKILL after 30 s.
stop() {
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 150); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$1" 2>/dev/null || true
}

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
# The all-in-one process works in app_schema (its River in jobs_schema); the
# replica in rep_schema and rep_jobs, fresh, so both start from empty tables.
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  eval "$(bash scripts/postgres.sh start)"
  pgdir=$PGTEST_DIR
fi
psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -1)
[ -n "$psql" ] || die "psql is missing: it creates the schemas and checks what was stored"
if [ -n "$pgdir" ]; then
  app_schema=public
  jobs_schema=river
  rep_schema=ingest_replica
  rep_jobs=ingest_replica_river
else
  schema=bench_ingest_$$
  app_schema=$schema
  jobs_schema=${schema}_river
  rep_schema=${schema}_rep
  rep_jobs=${schema}_rep_river
  "$psql" "$TEST_DATABASE_URL" -qc "CREATE SCHEMA $app_schema" >/dev/null
fi
"$psql" "$TEST_DATABASE_URL" -qc "CREATE SCHEMA $rep_schema" >/dev/null
case "$TEST_DATABASE_URL" in *\?*) sep='&' ;; *) sep='?' ;; esac
db_url="${TEST_DATABASE_URL}${sep}search_path=$app_schema"
rep_url="${TEST_DATABASE_URL}${sep}search_path=$rep_schema"
sql() { "$psql" "$TEST_DATABASE_URL" -qAt -F ' ' -c "$1"; }

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
# serve name port database-url jobs-schema workers: starts interviewbot serve; its pid in served_pid.
serve() {
  env DATABASE_URL="$3" INTERVIEWBOT_JOBS_SCHEMA="$4" INTERVIEWBOT_WORKERS="$5" INTERVIEWBOT_SHUTDOWN_TIMEOUT=5s \
    SLACK_SIGNING_SECRET="$secret" SLACK_BOT_TOKEN="$bot_token" SLACK_API_URL="$api_url" \
    INTERVIEWBOT_HTTP_ADDR="127.0.0.1:$2" INTERVIEWBOT_CONFIG="$work/channels.yaml" \
    INTERVIEWBOT_TEST_CLOCK="$(date -u +%Y-%m-%d)T09:59:58Z" INTERVIEWBOT_TICK=1s INTERVIEWBOT_LANG=en \
    "$work/interviewbot" serve >"$logs/$1.log" 2>&1 &
  served_pid=$!
  pids+=($served_pid)
  wait_http "http://127.0.0.1:$2/healthz" "interviewbot serve ($1)"
}
ib_workers=10 # serve's default INTERVIEWBOT_WORKERS
ib_port=$(free_port 3103)
serve interviewbot "$ib_port" "$db_url" "$jobs_schema" "$ib_workers"
ib_pid=$served_pid
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
# metric port: interviewbot's /metrics.
metrics() { curl -s "http://127.0.0.1:$1/metrics"; }
# metric file series: the sample of one series, 0 when absent.
metric() { awk -v s="$2" 'index($0, s " ") == 1 {v = $2} END {printf "%d", v + 0}' "$1"; }
metricf() { awk -v s="$2" 'index($0, s " ") == 1 {v = $2} END {printf "%.1f", v + 0}' "$1"; }
fakestats() { curl -s "$control/stats"; }
# calls file method: a Web API call count from a /stats answer.
calls() { local v; v=$(grep -o "\"$2\":[0-9]*" "$1" | head -1 | cut -d: -f2); echo "${v:-0}"; }
all_calls() { grep -o '"calls":{[^}]*}' | grep -o ':[0-9]*' | tr -d : | awk '{s += $1} END {print s + 0}'; }
# jobs river-schema key-prefix: delivery jobs of the run: total, distinct keys, completed, waiting.
jobs() {
  sql "SELECT count(*), count(DISTINCT args->>'key'), count(*) FILTER (WHERE state = 'completed'),
         count(*) FILTER (WHERE state IN ('available', 'running', 'retryable', 'scheduled', 'pending'))
       FROM $1.river_job WHERE kind = 'delivery' AND args->>'key' LIKE '$2%'"
}
# deliveries river-schema: every delivery job: run, waiting to be run.
deliveries() {
  sql "SELECT count(*) FILTER (WHERE state = 'completed'),
         count(*) FILTER (WHERE state IN ('available', 'running', 'retryable', 'scheduled', 'pending'))
       FROM $1.river_job WHERE kind = 'delivery'"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A res loads
run() { # run kind target port requests
  local kind=$1 target=$2 port=$3 out="$logs/wrk-$1-$2.txt"
  sleep "$pause"
  loads[$kind.$target]=$(cut -d' ' -f1 /proc/loadavg)
  log "wrk $kind → $target (load ${loads[$kind.$target]})"
  wrk -t"$threads" -c"$conns" -d"$duration" --latency -s bench/wrk/replay.lua "http://127.0.0.1:$port" -- "$4" >"$out" 2>&1 \
    || die "wrk against $target failed: $(tail -3 "$out")"
  local line
  line=$(grep '^BENCH ' "$out") || die "no BENCH line in $out"
  res[$kind.$target]=$line
}
# field kind target key: one value of a run's BENCH line.
field() { awk -v k="$3" '{for (i = 2; i <= NF; i++) {split($i, a, "="); if (a[1] == k) print a[2]}}' <<<"${res[$1.$2]}"; }

# warm target port kind: a short unreported run with requests of their own
# (Node's JIT, Go's and PostgreSQL's first connections), so no target is
# measured cold. Its pool is 1,000 requests, repeated after that: to
# interviewbot the repeats are duplicates (the dedup path, no new work), so
# the backlog it leaves is small and is let drain before the measured run.
warm() {
  [ "$warmup" != 0 ] || return 0
  wrk -t"$threads" -c"$conns" -d"$warmup" -s bench/wrk/replay.lua "http://127.0.0.1:$2" -- "$work/warm-$3.req" >"$logs/wrk-warmup-$3-$1.txt" 2>&1 \
    || die "warm-up of $1 failed: $(tail -3 "$logs/wrk-warmup-$3-$1.txt")"
}
# quiet what: waits (up to BENCH_DRAIN s) until the fake Slack has seen no
# Web API call for 2 s, so queued work from earlier requests is done; the
# seconds waited in quiet_s.
quiet() {
  local t0 prev=-1 cur
  t0=$(date +%s)
  while [ $(($(date +%s) - t0)) -lt "$drain_max" ]; do
    sleep 2
    cur=$(fakestats | all_calls)
    [ "$cur" = "$prev" ] && break
    prev=$cur
  done
  quiet_s=$(($(date +%s) - t0))
  log "$1: quiet after ${quiet_s}s"
}
# no_backlog river-schema: waits (up to BENCH_DRAIN s) until no delivery job waits.
no_backlog() {
  local t0 done wait
  t0=$(date +%s)
  while [ $(($(date +%s) - t0)) -lt "$drain_max" ]; do
    read -r done wait <<<"$(deliveries "$1")"
    [ "$wait" = 0 ] && return 0
    sleep 1
  done
  log "$wait delivery jobs still waiting after ${drain_max}s"
}
sign() { # sign kind nonce file [n]
  "$work/signreq" -kind "$1" -n "${4:-$nreq}" -nonce "$2" -secret "$secret" -channel C1 -thread "$thread_ts" -out "$3"
}

# Commands: bare, Bolt, then interviewbot; after it, wait until the fake
# Slack sees no more calls (the accepted commands' work has drained).
log "signing $nreq commands"
sign command "C$$" "$work/command.req"
if [ "$warmup" != 0 ]; then
  sign command "warm$$" "$work/warm-command.req" 1000
  log "warming the targets up ($warmup each)"
  warm bare "$bare_port" command
  warm bolt "$bolt_port" command
  warm interviewbot "$ib_port" command
fi
run command bare "$bare_port" "$work/command.req"
run command bolt "$bolt_port" "$work/command.req"
quiet "the warm-up's commands" # the measured run starts with an idle pool
metrics "$ib_port" >"$work/metrics-command-before.txt"
fakestats >"$work/fake-command-before.json"
run command interviewbot "$ib_port" "$work/command.req"
fakestats >"$work/fake-command-end.json"
metrics "$ib_port" >"$work/metrics-command-end.txt"
quiet "the accepted commands' work"
c_drain=$quiet_s
fakestats >"$work/fake-command-after.json"
metrics "$ib_port" >"$work/metrics-command-after.txt"
# The acknowledgement path alone: /interview help is answered in the 200
# with nothing queued behind it (a diagnostic row, not judged).
sign help "H$$" "$work/help.req"
run help interviewbot "$ib_port" "$work/help.req"

# Events: bare, Bolt, interviewbot all in one; then that process is stopped
# and the ingest replica (fresh schema, same database) takes its turn.
log "signing $nreq events"
sign event "A$$" "$work/event.req"
if [ "$warmup" != 0 ]; then
  sign event "warm$$" "$work/warm-event.req" 1000
  log "warming the targets up ($warmup each)"
  warm bare "$bare_port" event
  warm bolt "$bolt_port" event
  warm interviewbot "$ib_port" event
fi
run event bare "$bare_port" "$work/event.req"
run event bolt "$bolt_port" "$work/event.req"
# The commands' delivery keys go, so the all-in-one deduplicates against
# the same empty table as the replica.
sql "TRUNCATE $app_schema.deliveries" >/dev/null
no_backlog "$jobs_schema" # the warm-up's events are processed: the run starts with no backlog
read -r a_done0 a_wait0 <<<"$(deliveries "$jobs_schema")"
metrics "$ib_port" >"$work/metrics-event-before.txt"
fakestats >"$work/fake-event-before.json"
run event interviewbot "$ib_port" "$work/event.req"
read -r a_done_end a_wait_end <<<"$(deliveries "$jobs_schema")"
metrics "$ib_port" >"$work/metrics-event-end.txt"
sleep 5
read -r a_done_5 a_wait_5 <<<"$(deliveries "$jobs_schema")"
read -r a_jobs _ a_run_done _ <<<"$(jobs "$jobs_schema" "event:EvBA$$")"
metrics "$ib_port" >"$work/metrics-event-after.txt"
fakestats >"$work/fake-event-after.json"
log "stopping the all-in-one interviewbot ($a_wait_5 of its deliveries still waiting)"
stop "$ib_pid"

rep_port=$(free_port $((ib_port + 10)))
serve replica "$rep_port" "$rep_url" "$rep_jobs" 0
rep_pid=$served_pid
log "signing $nreq events for the ingest replica on :$rep_port"
sign event "B$$" "$work/event-replica.req"
warm replica "$rep_port" event
metrics "$rep_port" >"$work/metrics-replica-before.txt"
run event replica "$rep_port" "$work/event-replica.req"
sleep 1 # answers wrk stopped waiting for are written
metrics "$rep_port" >"$work/metrics-replica-after.txt"
read -r b_jobs b_keys b_done b_wait <<<"$(jobs "$rep_jobs" "event:EvBB$$")"
b_rows=$(sql "SELECT count(*) FROM $rep_schema.deliveries WHERE key LIKE 'event:EvBB$$%'")
b_ran=$(sql "SELECT count(*) FROM $rep_jobs.river_job WHERE kind = 'delivery' AND state NOT IN ('available', 'scheduled', 'pending')")
stop "$rep_pid"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the section -----------------------------------------------------------------
ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us / 1000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a >= b)}'; }
verdict() { if "$@"; then echo met; else echo "**missed**"; fi; }
# delta name series [when]: a metric from metrics-NAME-WHEN.txt (after) minus metrics-NAME-before.txt.
delta() { echo $(($(metric "$work/metrics-$1-${3:-after}.txt" "$2") - $(metric "$work/metrics-$1-before.txt" "$2"))); }
# cpu name when: interviewbot's CPU seconds between metrics-NAME-before and metrics-NAME-WHEN.
cpu() {
  awk -v a="$(metricf "$work/metrics-$1-$2.txt" process_cpu_seconds_total)" -v b="$(metricf "$work/metrics-$1-before.txt" process_cpu_seconds_total)" \
    'BEGIN {printf "%.1f", a - b}'
}
fake_delta() { echo $(($(calls "$work/fake-$1-$2.json" "$3") - $(calls "$work/fake-$1-before.json" "$3"))); }
secs() { awk -v d="$(field "$1" "$2" duration_us)" 'BEGIN {printf "%.1f", d / 1e6}'; }
per_s() { awk -v n="$1" -v d="$(field "$2" "$3" duration_us)" 'BEGIN {printf "%.0f", n / (d / 1e6)}'; }
acks() { per_s "$(field "$1" "$2" ok2xx)" "$1" "$2"; }                                       # every 200
accepted() { per_s $(($(field "$1" "$2" ok2xx) - $(field "$1" "$2" busy))) "$1" "$2"; } # 200s that are not "busy"
label() {
  case $1 in
    bare) echo "bare net/http + signature" ;;
    bolt) echo "Bolt-JS 5.1.0 ExpressReceiver" ;;
    interviewbot) echo "interviewbot serve, all in one ($ib_workers job workers)" ;;
    help) echo "interviewbot serve, \`/interview help\` (answered in the 200, no work behind it)" ;;
    replica) echo "interviewbot ingest replica (INTERVIEWBOT_WORKERS=0)" ;;
  esac
}
kts=(command.bare command.bolt command.interviewbot help.interviewbot event.bare event.bolt event.interviewbot event.replica)

# BENCH_COMMIT names the source when it is not a git checkout (an export).
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "${BENCH_COMMIT:-unknown (not a git checkout)}")
dirty=
if git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet HEAD -- . 2>/dev/null; then
  dirty=" (with uncommitted changes in the checkout)"
fi
slots=${BENCH_SLACK_WORKERS:-16} # adapters/slack's worker slots as serve configures them (queue: 4,096 more)
cat <<EOF
## Ingestion: acknowledging Slack deliveries (vs Bolt-JS and a bare handler)

How fast a Slack delivery is acknowledged, which is what Slack's three-second
deadline and its retries depend on. One wrk fires pre-signed requests
(\`bench/signreq\`: each with a fresh timestamp and its own trigger_id or
event_id and user, replayed by \`bench/wrk/replay.lua\`) at each target in
turn, in the same run: a bare Go handler that only checks the v0 signature
with slack-go (\`bench/bare\`, the ceiling), a minimal Slack Bolt for
JavaScript 5.1.0 app with ExpressReceiver that only acknowledges
(\`bench/bolt\`), and the real \`interviewbot serve\` on PostgreSQL
(${pgdir:+a throwaway cluster from scripts/postgres.sh, fsync off}${schema:+TEST_DATABASE_URL, schemas ${schema}*}) with the
Web API answered by \`bench/fakeslack\`. Commands are \`/mock-interview\`:
interviewbot answers at once and queues the work (claim the trigger_id, open
the DM, store the session, post the first question) for its $slots Slack
workers, with up to 4,096 more waiting; beyond that it answers 200 "busy, try
again". Events are thread replies under the channel's question: interviewbot
checks the signature, stores the event_id and a \`delivery\` job in PostgreSQL
in one (group) commit, and only then answers 200. Events go to interviewbot
twice: one process doing everything (ingestion competes with the jobs that
grade the answers), then, once that process is stopped, an ingest replica
(\`INTERVIEWBOT_WORKERS=0\`: stores deliveries, runs no job) on fresh schemas
of the same database, the way a deployment that cares about ingestion runs it
(worker replicas beside it); the event target is judged on the replica.

\`\`\`sh
bash scripts/bench/ingest.sh      # or: make bench BENCH_PARTS=ingest
# per kind and target, after an unreported ${warmup} warm-up of each target with 1,000 other requests
# (whose work interviewbot finishes before its measured run):
wrk -t$threads -c$conns -d$duration --latency -s bench/wrk/replay.lua http://127.0.0.1:PORT -- KIND.req
# the replica: INTERVIEWBOT_WORKERS=0 interviewbot serve on fresh schemas; psql then counts its delivery jobs
\`\`\`

Machine: $(nproc) vCPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), load average
$load_before before and $load_after after (1-minute load as each interviewbot run began: commands
${loads[command.interviewbot]}, events all in one ${loads[event.interviewbot]}, events replica ${loads[event.replica]});
$(date -u +%Y-%m-%d), commit $commit$dirty;
$(wrk --version 2>&1 | head -1 | awk '{print $1, $2}'), node $(node --version), $(go version | awk '{print $3}'). wrk, the targets,
PostgreSQL and the fake Slack share the machine.

| kind | target | acknowledged/s (every 200) | accepted for work/s | "busy, try again" (200) | p50 ms | p99 ms | non-2xx | socket errors | repeats |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF
for kt in "${kts[@]}"; do
  kind=${kt%%.*} target=${kt#*.}
  errs=$(($(field $kind $target err_connect) + $(field $kind $target err_read) + $(field $kind $target err_write) + $(field $kind $target err_timeout)))
  sent=$(field $kind $target sent)
  pool=$(field $kind $target pool)
  repeats=$((sent > pool ? sent - pool : 0))
  lbl=$(label $target)
  [ "$kind" = help ] && lbl=$(label help)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$kind" "$lbl" \
    "$(acks $kind $target)" "$(accepted $kind $target)" "$(field $kind $target busy)" \
    "$(ms "$(field $kind $target p50_us)")" "$(ms "$(field $kind $target p99_us)")" \
    "$(field $kind $target non2xx)" "$errs" "$repeats"
done

c_ib=$(acks command interviewbot)
c_bare=$(acks command bare)
c_bolt=$(acks command bolt)
c_p99=$(field command interviewbot p99_us)
e_rep=$(acks event replica)
e_rep_p99=$(field event replica p99_us)
e_all=$(acks event interviewbot)
e_all_p99=$(field event interviewbot p99_us)
b_ok=$(field event replica ok2xx)
b_answered=$(delta replica 'interviewbot_events_received_total{platform="slack"}')
b_dups=$(delta replica 'interviewbot_events_deduplicated_total{platform="slack"}')
b_first=$((b_answered - b_dups))
b_refused=$(delta replica 'interviewbot_events_refused_total{platform="slack"}')
b_lost=$((b_first > b_keys ? b_first - b_keys : 0))
b_durable() { [ "$b_lost" = 0 ] && [ "$b_jobs" = "$b_keys" ] && [ "$b_rows" = "$b_keys" ] && [ "$b_keys" -ge "$b_ok" ]; }
cat <<EOF

"acknowledged/s" counts every 200: for a command that is "check your DMs"
or "busy, try again", both answers Slack shows the user; "accepted for
work/s" leaves the busy ones out. An event is acknowledged only once stored
(a failure is 503, counted as non-2xx). "repeats" are requests sent after the
${nreq} distinct ones ran out (a duplicate to interviewbot, acknowledged
without work; nothing to bare or Bolt).

| target | figure | result |
| --- | --- | --- |
| commands: acknowledgements ≥ 50 % of bare | $(ratio "$c_ib" "$c_bare") × bare ($c_ib vs $c_bare/s; accepted for work: $(accepted command interviewbot)/s) | $(verdict ge "$(ratio "$c_ib" "$c_bare")" 0.5) |
| commands: acknowledgements ≥ 4 × Bolt | $(ratio "$c_ib" "$c_bolt") × Bolt ($c_ib vs $c_bolt/s) | $(verdict ge "$(ratio "$c_ib" "$c_bolt")" 4) |
| commands: p99 ≤ 5 ms | $(ms "$c_p99") ms | $(verdict ge 5000 "$c_p99") |
| events, durable (signature, dedup by event_id, job in PostgreSQL before the 200), ingest replica: ≥ 5,000/s | $e_rep/s ($(ratio "$e_rep" "$(acks event bare)") × bare, $(ratio "$e_rep" "$(acks event bolt)") × Bolt); all in one: $e_all/s | $(verdict ge "$e_rep" 5000) |
| events, ingest replica: p99 < 20 ms | $(ms "$e_rep_p99") ms; all in one: $(ms "$e_all_p99") ms | $(verdict ge 19999 "$e_rep_p99") |
| events, ingest replica: every acknowledged event stored | $b_keys event_ids with a delivery job, for $b_answered 200s answered ($b_ok received by wrk); lost: $b_lost | $(verdict b_durable) |

Commands: what interviewbot did with them (the fake Slack's counters and its
own; "during the run" is read when wrk stops, "in all" once the fake Slack has
seen no call for 2 s, ${c_drain} s later):

| acknowledged (200) | "busy, try again" (200) | accepted for work | interviews started during the run (conversations.open) | interviews started per second of the run | interviews started in all | its CPU during the run |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF
c_ok=$(field command interviewbot ok2xx)
c_busy=$(field command interviewbot busy)
c_open_run=$(fake_delta command end conversations.open)
c_open_all=$(fake_delta command after conversations.open)
c_open_rps=$(per_s "$c_open_run" command interviewbot)
printf '| %s | %s | %s | %s | %s/s | %s | %s CPU-s in %s s |\n' "$c_ok" "$c_busy" "$((c_ok - c_busy))" "$c_open_run" "$c_open_rps" "$c_open_all" \
  "$(cpu command end)" "$(secs command interviewbot)"

a_grade=$(delta event 'interviewbot_jobs_queued_total{kind="grade"}')
cat <<EOF

Events: what each interviewbot did with them (delivery jobs counted in
River's table with psql, by the run's event_ids; the backlog is jobs stored
and not yet run):

| target | acknowledged (200) | 503 | delivery jobs stored for the run's events | delivery jobs run during the run | backlog (delivery jobs waiting) at its start → end → 5 s later | grade jobs queued (by 5 s later) | its CPU during the run |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| $(label interviewbot) | $(field event interviewbot ok2xx) | $(field event interviewbot non2xx) | $a_jobs | $((a_done_end - a_done0)) ($(per_s $((a_done_end - a_done0)) event interviewbot)/s) | $a_wait0 → $a_wait_end → $a_wait_5 | $a_grade | $(cpu event end) CPU-s in $(secs event interviewbot) s |
| $(label replica) | $b_ok | $(field event replica non2xx) | $b_jobs | $b_ran (runs none) | $b_wait of the run's, left to worker replicas | — | $(cpu replica after) CPU-s in $(secs event replica) s |

Durability of the replica's acknowledgements, checked in PostgreSQL after
its run: wrk received $b_ok 200s, each for a distinct event_id ($(field event replica sent)
requests sent from a pool of $(field event replica pool)); interviewbot answered
$b_answered with 200 (its interviewbot_events_received_total, $b_dups of them duplicates;
the $((b_answered - b_ok)) beyond wrk's were answered after wrk stopped reading at $(secs event replica) s)
and refused $b_refused (interviewbot_events_refused_total). River's table
${rep_jobs}.river_job holds $b_jobs \`delivery\` jobs for the run's event_ids,
$b_keys distinct, and ${rep_schema}.deliveries $b_rows of their keys:
EOF
if [ "$b_keys" -gt "$b_first" ]; then
  echo "$((b_keys - b_first)) events were stored without a 200 (refused because their request was gone when wrk stopped,"
  echo "though their batch committed: harmless, Slack's retry of one finds a duplicate);"
fi
if b_durable; then
  echo "every event answered 200 has its job, none twice: **zero lost**."
else
  echo "**the counts do not match** ($b_lost acknowledged events without a job, or duplicate jobs): a durability bug to look into."
fi
echo

# --- reading the figures: facts the run can state about itself -------------
notes=()
for l in "${load_before%% *}" "${loads[command.interviewbot]}" "${loads[event.interviewbot]}" "${loads[event.replica]}"; do
  if awk -v l="$l" -v n="$(nproc)" 'BEGIN {exit !(l > n)}'; then
    notes+=("The 1-minute load average reached $l as a run began, above the $(nproc) CPUs: other jobs (another benchmark) were running, so every figure here is lower, and every tail longer, than on a quiet machine.")
    break
  fi
done
little() { awk -v s="$slots" -v r="$1" 'BEGIN {if (r > 0) printf "%.0f", s / r * 1000; else print "∞"}'; }
notes+=("The acknowledgement path alone, measured with \`/interview help\` (signature, form parsing and the reply in the 200, nothing queued behind it): $(acks help interviewbot)/s, $(ratio "$(acks help interviewbot)" "$c_bare") × bare and $(ratio "$(acks help interviewbot)" "$c_bolt") × Bolt, p99 $(ms "$(field help interviewbot p99_us)") ms. The gap between it and the /mock-interview row is the CPU the interview starts behind the acknowledgements take on the same machine, not the acknowledgement.")
notes+=("Commands: every 200 is an answer Slack shows the user, so the acknowledgement targets are judged on all of them; $c_busy of the $c_ok were \"busy, try again\". What bounds the commands accepted for work is the work behind a /mock-interview (claim the trigger_id, open a DM, store the session, post the first question) in the $slots Slack workers: $c_open_run interviews started during the $(secs command interviewbot) s run, $c_open_rps/s, about $(little "$c_open_rps") ms of work each by Little's law, on the same $(nproc) CPUs as the HTTP path, wrk, PostgreSQL and the fake Slack. What would raise it: more CPUs or worker replicas (take a command like an event, stored as a job, so any replica with workers starts the interview), and a cheaper start (the claim and the session in one transaction).")
if ! ge "$(ratio "$c_ib" "$c_bare")" 0.5 || ! ge "$(ratio "$c_ib" "$c_bolt")" 4 || ! ge 5000 "$c_p99"; then
  notes+=("Commands missed a target: interviewbot acknowledges without touching the database, but the same process runs the accepted commands' work meanwhile (it used $(cpu command end) CPU-s of the $(nproc) × $(secs command interviewbot) s, where the bare handler only checks signatures), so the acknowledging path gets less CPU and waits behind the workers and the garbage collector. What would close it: acknowledge in a process that does not run the work (an ingest replica that stores the command as a job, as it does events), or give the worker pool a CPU budget below the HTTP path's.")
fi
if ! ge "$e_rep" 5000 || ! ge 19999 "$e_rep_p99"; then
  notes+=("Events on the ingest replica missed a target: each of the $conns connections waits for the group commit of its request's batch (the event_id and its delivery job in one transaction; mean latency $(ms "$(field event replica mean_us)") ms), and the replica, PostgreSQL and wrk share the $(nproc) CPUs (it used $(cpu replica after) CPU-s of the $(nproc) × $(secs event replica) s). What would close it: a machine where the replica, PostgreSQL and the load generator do not share $(nproc) CPUs (PostgreSQL on its own host), or more replicas behind the load balancer (they share only the database, and each batch's commit is one transaction whatever its size).")
fi
notes+=("Events all in one: the process that acknowledges also runs the delivery jobs (grading, reactions) with $ib_workers workers: it acknowledged $e_all/s (the replica: $e_rep/s) while running $(per_s $((a_done_end - a_done0)) event interviewbot) delivery jobs/s (and $((a_done_5 - a_done_end)) in the 5 s after, with the load gone): its backlog went from $a_wait0 waiting deliveries as it began to $a_wait_end at the end of its run and $a_wait_5 five seconds later, $((a_jobs - a_run_done)) of the run's $a_jobs events still unprocessed then. A backlog, not a loss: each is a stored job a worker will run (this process is stopped before the replica's run; its jobs stay in PostgreSQL). What would close the gap between acknowledging and processing: more job workers or worker replicas, on CPUs the acknowledging process does not need. The replica stores at the acknowledgement rate and leaves the running to worker replicas, which is how a deployment that cares about ingestion runs it.")
if ! ge "$e_rep" "$e_all"; then
  notes+=("The replica acknowledged fewer events per second than the all-in-one process here ($e_rep vs $e_all/s, 1-minute load ${loads[event.replica]} vs ${loads[event.interviewbot]} as they began): on this shared machine the run-to-run difference is larger than the cost of the jobs the replica does not run; compare them on a quiet machine.")
fi
for kt in command.interviewbot event.interviewbot event.replica; do
  kind=${kt%%.*} target=${kt#*.}
  sent=$(field $kind $target sent)
  pool=$(field $kind $target pool)
  if [ "$sent" -gt "$pool" ]; then
    notes+=("The $kind run against $(label $target) sent $((sent - pool)) requests after the $pool distinct ones ran out: those are duplicates it acknowledges without work, which flatters its figure. Raise BENCH_REQUESTS.")
  fi
done
for kt in "${kts[@]}"; do
  kind=${kt%%.*} target=${kt#*.}
  t=$(field $kind $target err_timeout)
  if [ "$t" -gt 0 ]; then
    notes+=("$(label $target) left $t $kind requests unanswered within wrk's 2 s timeout (counted as socket errors, not in the latencies).")
  fi
done
echo "Reading the figures:"
echo
for n in "${notes[@]}"; do echo "- $n"; done
echo
log "logs and wrk outputs: $logs${BENCH_LOGS:+ (kept)}"
