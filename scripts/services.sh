#!/usr/bin/env bash
# Start or stop local PostgreSQL and Redis servers from Debian's packages (no Docker here),
# for production-like runs and the PostgreSQL + Redis test pass.
# Usage: scripts/services.sh start|stop|status   (prints the URLs to export on start)
#        scripts/services.sh stop pg|redis         (stop one; `start` brings back whatever is down)
#        scripts/services.sh restart pg|redis      (fault injection: stop one, start it again)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
# Under /tmp: the postgres user must be able to reach it whatever the checkout's parents allow.
STATE="${EKINERJA_SERVICES_DIR:-/tmp/ekinerja-services}"
PG_PORT="${EKINERJA_PG_PORT:-55432}"
REDIS_PORT="${EKINERJA_REDIS_PORT:-56379}"
PG_DB="${EKINERJA_PG_DB:-ekinerja}"

install_packages() {
  if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || ! command -v redis-server >/dev/null; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql redis-server
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

# PostgreSQL refuses to run as root: run it as the postgres user the package creates.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  install_packages
  local bin; bin="$(pg_bin)"
  mkdir -p "$STATE/pg" "$STATE/redis"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$STATE/pg"
  if [ ! -f "$STATE/pg/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$STATE/pg" -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_pg "$bin/pg_ctl" -D "$STATE/pg" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$STATE/pg" -l "$STATE/pg/server.log" -w \
      -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  fi
  for db in "$PG_DB" "${PG_DB}_test"; do
    as_pg "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
      || as_pg "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db"
  done
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$STATE/redis" \
      --pidfile "$STATE/redis/redis.pid" --logfile "$STATE/redis/redis.log" --save "" --appendonly no >/dev/null
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "export EKINERJA_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/$PG_DB"
  echo "export EKINERJA_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/${PG_DB}_test"
  echo "export EKINERJA_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
}

stop_pg() {
  local bin; bin="$(pg_bin 2>/dev/null || true)"
  if [ -n "$bin" ] && [ -f "$STATE/pg/PG_VERSION" ]; then
    as_pg "$bin/pg_ctl" -D "$STATE/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

# Redis runs without persistence (--save "" --appendonly no): stopping it loses its data, as a crash would.
stop_redis() { redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; }

stop() {
  case "${1:-all}" in
    pg) stop_pg ;;
    redis) stop_redis ;;
    all) stop_pg; stop_redis ;;
    *) echo "usage: $0 stop [pg|redis]" >&2; exit 2 ;;
  esac
}

status() {
  local bin; bin="$(pg_bin)"
  as_pg "$bin/pg_ctl" -D "$STATE/pg" status || true
  redis-cli -p "$REDIS_PORT" ping || true
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-all}" ;;
  restart) [ -n "${2:-}" ] || { echo "usage: $0 restart pg|redis" >&2; exit 2; }; stop "$2"; start >/dev/null ;;
  status) status ;;
  *) echo "usage: $0 start|stop [pg|redis]|restart pg|redis|status" >&2; exit 2 ;;
esac
