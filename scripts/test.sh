#!/usr/bin/env bash
# test.sh runs the whole suite the way CI does: go test -race over every
# package, the PostgreSQL store included. When TEST_DATABASE_URL is unset it
# starts a throwaway cluster with scripts/postgres.sh and stops it on exit.
#
#   bash scripts/test.sh                 # everything
#   bash scripts/test.sh ./storage/...   # some packages
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
started=$(date +%s)

log=$(mktemp "${TMPDIR:-/tmp}/interviewbot-test.XXXXXX")
pgdir=
cleanup() {
  rm -f "$log"
  if [ -n "$pgdir" ]; then
    bash scripts/postgres.sh stop "$pgdir" 2>/dev/null || echo "test.sh: could not stop PostgreSQL in $pgdir" >&2
  fi
}
trap cleanup EXIT

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if ! bash scripts/postgres.sh check; then
    echo "test.sh: cannot run the PostgreSQL tests; see above." >&2
    exit 1
  fi
  env_lines=$(bash scripts/postgres.sh start)
  eval "$env_lines"
  pgdir=$PGTEST_DIR
  echo "test.sh: throwaway PostgreSQL at ${TEST_DATABASE_URL}"
else
  echo "test.sh: using TEST_DATABASE_URL from the environment"
fi

[ "$#" -gt 0 ] || set -- ./...
status=0
"$GO" test -race -count=1 "$@" 2>&1 | tee "$log" || status=$?

ok=$(grep -c '^ok ' "$log" || true)
failed=$(grep -cE '^FAIL[[:space:]]+[^[:space:]]' "$log" || true) # "FAIL<tab>pkg ...", not the bare "FAIL"
notests=$(grep -c 'no test files' "$log" || true)
echo
echo "== $notests packages without tests; $(($(date +%s) - started))s"
echo "packages: $ok passed, $failed failed"
if [ "$status" -ne 0 ]; then
  echo "== failures:"
  grep -E '^(FAIL|--- FAIL|panic:)' "$log" | sed 's/^/   /' || true
fi
exit "$status"
