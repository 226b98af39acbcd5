#!/usr/bin/env bash
# bench-leaderboard.sh runs the leaderboard benchmark (1M answers, 10k
# members, 250 posts; see docs/benchmarks.md) against TEST_DATABASE_URL, or
# against a throwaway cluster from scripts/postgres.sh when that is unset,
# and prints the load average before and after: the figures mean little on
# a busy machine.
#
#   bash scripts/bench-leaderboard.sh              # 300 calls per board
#   BENCHTIME=1000x bash scripts/bench-leaderboard.sh
set -euo pipefail
cd "$(dirname "$0")/.."
pgdir=
cleanup() {
  if [ -n "$pgdir" ]; then bash scripts/postgres.sh stop "$pgdir" 2>/dev/null || true; fi
}
trap cleanup EXIT
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  eval "$(bash scripts/postgres.sh start)"
  pgdir=$PGTEST_DIR
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
go test -run '^$' -bench Leaderboard -benchtime "${BENCHTIME:-300x}" -timeout 30m ./storage/postgres/
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
