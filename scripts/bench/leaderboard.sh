#!/usr/bin/env bash
# leaderboard.sh measures the leaderboard reads on PostgreSQL with a year of
# history (BenchmarkLeaderboard in storage/postgres: 1M answers by 10k
# members to 250 question posts) and prints ONE markdown section (see
# scripts/bench.sh) on stdout, its table derived from the benchmark's own
# output; progress and, on failure, the raw output go to stderr.
#
#   bash scripts/bench/leaderboard.sh > leaderboard.md     # 300 calls per board
#   BENCHTIME=1000x bash scripts/bench/leaderboard.sh
#
# Uses TEST_DATABASE_URL (the benchmark works in a schema of its own and
# drops it), or a throwaway cluster from scripts/postgres.sh when that is
# unset, stopped on exit. Exits non-zero only when the measurement itself
# failed; a missed target is reported in the table.
set -euo pipefail
cd "$(dirname "$0")/../.."

benchtime=${BENCHTIME:-300x}
target_ms=50 # p99 of every read a posted board or /leaderboard makes

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

cmd="go test -run '^\$' -bench Leaderboard -benchtime $benchtime -timeout 30m ./storage/postgres/"
echo "leaderboard.sh: $cmd (seeding 1M answers takes about a minute)" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if ! go test -run '^$' -bench Leaderboard -benchtime "$benchtime" -timeout 30m ./storage/postgres/ >"$out" 2>&1; then
  cat "$out" >&2
  echo "leaderboard.sh: the benchmark failed" >&2
  exit 1
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
grep -q '^BenchmarkLeaderboard/.*p99-ms' "$out" || { cat "$out" >&2; echo "leaderboard.sh: no benchmark lines in the output" >&2; exit 1; }
cpu=$(sed -n 's/^cpu: *//p' "$out" | head -1 | sed 's/ *$//')

# rows turns "BenchmarkLeaderboard/week/top10-2  300  1327583 ns/op  0.83 p50-ms  5.7 p99-ms"
# into "board|read|used|p50|p99|mean|verdict" lines, in the benchmark's order.
rows=$(awk -v target="$target_ms" '
  /^BenchmarkLeaderboard\// {
    split($1, part, "/"); window = part[2]; kind = part[3]; sub(/-[0-9]+$/, "", kind)
    mean = ""; p50 = ""; p99 = ""
    for (i = 2; i < NF; i++) {
      if ($(i+1) == "ns/op") mean = $i / 1e6
      if ($(i+1) == "p50-ms") p50 = $i
      if ($(i+1) == "p99-ms") p99 = $i
    }
    board = window == "all" ? "all time" : window == "30days" ? "last 30 days" : window
    prev = window == "30days" ? "the 30 days before" : "the previous " window
    if (kind == "top10") read = "top 10"
    else if (kind == "everyone") read = "every member"
    else read = "most improved (vs " prev ")"
    # What the product asks for: the top ten of a week, month or all time,
    # and the most improved of a week or month against the one before.
    used = (window != "30days" && kind == "top10") || ((window == "week" || window == "month") && kind == "improved")
    verdict = !used ? "no target: the product never asks for it" : (p99 + 0 < target ? "met" : "missed")
    printf "%s|%s|%d|%.2f|%.2f|%.2f|%s\n", board, read, used, p50, p99, mean, verdict
  }' "$out")
missed=$(grep -c '|missed$' <<<"$rows" || true)

cat <<MD
## Leaderboard reads (PostgreSQL, 1M answers)

What is measured: the reads behind a posted weekly or monthly board and the \`/leaderboard\` command, on one
channel with a year of history: **1,000,000 answers by 10,000 members to 250 question posts** (a year of
weekdays, 4,000 answers a post; about 2 % ungraded, 1 % withdrawn and answered again), loaded with \`COPY\` into
a schema of its own, totals rebuilt, then \`VACUUM ANALYZE\` (what autovacuum keeps up in production); loading is
not timed. Each call of \`Store.Leaderboard\` (limit 10, and limit 0 = every member) and
\`Store.MostImproved\` is timed on its own; p50 and p99 are nearest-rank percentiles of those calls, mean is
the benchmark's ns/op. Whole weeks and months are read from \`period_totals\` (the top ten from its rank index,
the most improved member from its rise index, migrations 00004 and 00005), all time from \`member_totals\`;
"last 30 days" is a window no totals cover, summed from the answers, and nothing in the product asks for it.
Target: p99 < $target_ms ms for every read the product makes (top ten; most improved of a week or month).

\`\`\`
$cmd
\`\`\`

Machine: $(nproc) CPUs (${cpu:-unknown CPU}), load average before $load_before, after $load_after; $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD).

| board | read | p50 ms | p99 ms | mean ms | target (p99 < $target_ms ms) |
| --- | --- | ---: | ---: | ---: | --- |
MD
while IFS='|' read -r board read _ p50 p99 mean verdict; do
  printf '| %s | %s | %s | %s | %s | %s |\n' "$board" "$read" "$p50" "$p99" "$mean" "$verdict"
done <<<"$rows"
echo
if [ "$missed" -gt 0 ]; then
  cat <<MD
Why missed: each of these reads is a few index entries (the top ten; the most improved member and a count of
the members above them on the board, an index-only range of at most one period's members), a millisecond or two
on a quiet machine, so a p99 over $target_ms ms comes from the machine, not the query: the load average above
shows how busy it was (other jobs share the CPUs with PostgreSQL and the benchmark). What would close it:
re-measure on a quiet machine (\`make bench\`); if it still misses, \`EXPLAIN (ANALYZE, BUFFERS)\` the read on the
seeded schema to see whether it left its index.
MD
fi
