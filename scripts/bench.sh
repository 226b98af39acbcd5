#!/usr/bin/env bash
# bench.sh is `make bench`: it runs the benchmark parts in scripts/bench/
# (each prints one markdown section) and writes docs/benchmarks.md: a short
# header (what ran, the machine, the date, the commit) and the sections.
#
#   bash scripts/bench.sh                          # every part
#   BENCH_PARTS="ingest grading" bash scripts/bench.sh
#   BENCH_OUT=/tmp/b.md bash scripts/bench.sh      # write elsewhere
#
# A part that is missing is named in the file and skipped; a part that
# fails keeps its partial output and makes bench.sh exit non-zero, after
# the file is written. The parts start their own throwaway PostgreSQL
# unless TEST_DATABASE_URL is set. The Go micro-benchmarks are
# `make bench-go`.
set -euo pipefail
cd "$(dirname "$0")/.."
parts=${BENCH_PARTS:-ingest grading leaderboard fanout}
out=${BENCH_OUT:-docs/benchmarks.md}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/interviewbot-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

status=0
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for part in $parts; do
  script=scripts/bench/$part.sh
  if [ ! -f "$script" ]; then
    echo "bench.sh: $script is missing: part '$part' skipped" >&2
    printf '## %s\n\nNot measured: `%s` is missing in this checkout.\n\n' "$part" "$script" >"$tmp/$part.md"
    continue
  fi
  echo "bench.sh: running $script" >&2
  t0=$(date +%s)
  if bash "$script" >"$tmp/$part.md"; then
    echo "bench.sh: $part done in $(($(date +%s) - t0))s" >&2
  else
    rc=$?
    status=1
    echo "bench.sh: $script failed (exit $rc) after $(($(date +%s) - t0))s" >&2
    printf '\n**This part failed (exit %s) and its figures above, if any, are incomplete.**\n\n' "$rc" >>"$tmp/$part.md"
  fi
done

# BENCH_COMMIT names the source when it is not a git checkout (an export).
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "${BENCH_COMMIT:-unknown (not a git checkout)}")
if git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet HEAD -- . 2>/dev/null; then
  commit="$commit (with uncommitted changes)"
fi
{
  cat <<EOF
# Benchmarks

Written by \`make bench\` (\`scripts/bench.sh\`), which runs the parts in
\`scripts/bench/\` (here: $parts) and puts their sections below; each
section names the exact commands it ran. Do not edit the figures by hand:
re-run \`make bench\` (or \`BENCH_PARTS="…" make bench\` for some parts) on a
quiet machine. The Go micro-benchmarks are \`make bench-go\`.

Machine: $(nproc) vCPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM,
$(uname -sr); load average $load_before at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end.
Run: $started, commit $commit.

EOF
  for part in $parts; do
    cat "$tmp/$part.md"
    echo
  done
} | cat -s >"$tmp/out.md"
mkdir -p "$(dirname "$out")"
mv "$tmp/out.md" "$out"
echo "bench.sh: wrote $out" >&2
exit "$status"
