#!/usr/bin/env bash
# postgres.sh starts and stops a throwaway PostgreSQL cluster for the tests:
# loopback only, a free port, fsync off, everything in one temp directory.
#
#   eval "$(bash scripts/postgres.sh start)"   # exports TEST_DATABASE_URL and PGTEST_DIR
#   go test ./storage/...
#   bash scripts/postgres.sh stop              # stops the cluster in $PGTEST_DIR, removes it
#   bash scripts/postgres.sh check             # exit 0 when start can work, else say how to get PostgreSQL
#
# When the PostgreSQL server binaries are missing, start installs Debian's
# postgresql package with apt-get (root only). Settings: PGTEST_PORT (first
# port tried, default 55432), PG_BINDIR (server binaries, found when unset).
# Progress goes to stderr; stdout carries only the export lines.
set -euo pipefail

PGTEST_DB=interviewbot_test

log() { echo "postgres.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# bindir prints the newest installed server's bin directory, or nothing.
bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then
    if [ -x "$PG_BINDIR/initdb" ]; then echo "$PG_BINDIR"; fi
    return
  fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return
    fi
  done
  d=$(command -v pg_ctl 2>/dev/null || true)
  if [ -n "$d" ] && [ -x "$(dirname "$d")/initdb" ]; then
    dirname "$d"
  fi
}

# install gets the server from Debian without creating or starting the
# package's own "main" cluster, which the tests do not need.
install() {
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and installing it needs root: run 'sudo apt-get install postgresql' or set TEST_DATABASE_URL to a database you own."
  command -v apt-get >/dev/null || die "PostgreSQL is not installed and apt-get is missing: install PostgreSQL 13+ or set TEST_DATABASE_URL."
  log "installing postgresql with apt-get"
  mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/interviewbot-test.conf
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
}

# as_owner runs a command as the cluster owner: initdb and postgres refuse
# to run as root, so root hands them to the postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p=${PGTEST_PORT:-55432}
  local last=$((p + 100))
  while port_in_use "$p"; do
    p=$((p + 1))
    [ "$p" -le "$last" ] || die "no free port in ${PGTEST_PORT:-55432}..$last"
  done
  echo "$p"
}

# check tells whether start can work here: the server binaries are
# installed, or this is root with apt-get to install them.
check() {
  [ -n "$(bindir)" ] && return 0
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && return 0
  cat >&2 <<'MSG'
PostgreSQL is needed for the storage tests and is not installed here.
Either install it (Debian/Ubuntu: sudo apt-get install postgresql; the tests start
their own throwaway server from its binaries, no service needs to run), or point
TEST_DATABASE_URL at a database you own, e.g.
    export TEST_DATABASE_URL='postgres://user@127.0.0.1:5432/scratch?sslmode=disable'
MSG
  return 1
}

start() {
  local bin dir port
  bin=$(bindir)
  if [ -z "$bin" ]; then
    install
    bin=$(bindir)
    [ -n "$bin" ] || die "apt-get installed postgresql but no server binaries were found"
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/interviewbot-pg.XXXXXX")
  chmod 755 "$dir" # the socket directory must be reachable for the owner
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to own the cluster (Debian's postgresql package creates it)"
    chown postgres: "$dir"
  fi
  log "initdb in $dir ($bin)"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; die "initdb failed"; }
  port=$(free_port)
  log "starting on 127.0.0.1:$port"
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o \
    "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >&2; then
    cat "$dir/server.log" >&2 || true
    rm -rf "$dir"
    die "the server did not start"
  fi
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$PGTEST_DB" >&2
  echo "export TEST_DATABASE_URL='postgres://postgres@127.0.0.1:$port/$PGTEST_DB?sslmode=disable'"
  echo "export PGTEST_DIR='$dir'"
}

stop() {
  local dir=${1:-${PGTEST_DIR:-}}
  [ -n "$dir" ] || die "stop: no cluster directory: pass it or set PGTEST_DIR (start prints it)"
  case "$dir" in
  "${TMPDIR:-/tmp}"/interviewbot-pg.*) ;;
  *) die "stop: $dir is not a directory start made" ;;
  esac
  if [ -f "$dir/data/postmaster.pid" ]; then
    local bin
    bin=$(bindir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || log "pg_ctl stop failed; removing $dir anyway"
  fi
  rm -rf "$dir"
  log "stopped and removed $dir"
}

case "${1:-}" in
start) start ;;
stop) stop "${2:-}" ;;
check) check ;;
*) die "usage: postgres.sh start | stop [dir] | check" ;;
esac
