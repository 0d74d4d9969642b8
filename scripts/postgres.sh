#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, from the machine's own packages.
#   scripts/postgres.sh start   → starts it (installing Debian's postgresql if absent) and prints its URL
#   scripts/postgres.sh stop    → stops it and removes its files
set -euo pipefail
DIR=${BOILERLAB_PG_DIR:-/tmp/boilerlab-postgres}
PORT=${BOILERLAB_PG_PORT:-55432}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_owner() {  # postgres refuses to run as root: use the postgres account when we are root
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "${1:-}" in
  start)
    BIN=$(find_bin)
    if [ -z "$BIN" ]; then
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
      BIN=$(find_bin)
    fi
    as_owner "test -f '$DIR/data/postmaster.pid' && '$BIN/pg_ctl' -D '$DIR/data' -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$DIR" && mkdir -p "$DIR"
    [ "$(id -u)" = "0" ] && chown postgres "$DIR"
    as_owner "'$BIN/initdb' -D '$DIR/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >"$DIR/initdb.log" 2>&1 \
      || as_owner "'$BIN/initdb' -D '$DIR/data' -A trust -U postgres -E UTF8" >"$DIR/initdb.log" 2>&1
    as_owner "'$BIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off\" start" >&2
    as_owner "'$BIN/createdb' -h 127.0.0.1 -p $PORT -U postgres boilerlab_test"
    echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/boilerlab_test"
    ;;
  stop)
    BIN=$(find_bin)
    if [ -n "$BIN" ] && [ -f "$DIR/data/postmaster.pid" ]; then
      as_owner "'$BIN/pg_ctl' -D '$DIR/data' -m fast -w stop" >&2 || true
    fi
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
