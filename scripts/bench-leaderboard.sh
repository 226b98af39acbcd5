#!/usr/bin/env bash
# bench-leaderboard.sh is the leaderboard benchmark's old name, kept for the
# docs and habits that use it: it runs scripts/bench/leaderboard.sh (1M
# answers, 10k members, 250 posts on PostgreSQL; a throwaway cluster unless
# TEST_DATABASE_URL is set), which prints its markdown section with the
# machine line and a table of every board's p50/p99/mean.
#
#   bash scripts/bench-leaderboard.sh              # 300 calls per board
#   BENCHTIME=1000x bash scripts/bench-leaderboard.sh
set -euo pipefail
exec bash "$(dirname "$0")/bench/leaderboard.sh" "$@"
