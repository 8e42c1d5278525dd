#!/usr/bin/env bash
# A private, throwaway redis-server for tests (never a system service):
#   scripts/redis-test-server.sh start   starts it (idempotent); prints the URL
#   scripts/redis-test-server.sh stop    stops it (SHUTDOWN NOSAVE) and deletes its directory. Idempotent.
#   scripts/redis-test-server.sh url     prints the URL (fails if not running)
# Tests stop and start it again to cut the instances of a scale-out cluster apart ("Redis outage").
# Listens on 127.0.0.1 only, no persistence. Environment: DOCKMASTER_TEST_REDIS_PORT (6390),
# DOCKMASTER_TEST_REDIS_DIR (/tmp/dockmaster-redis-test-<port>).
set -euo pipefail

port=${DOCKMASTER_TEST_REDIS_PORT:-6390}
dir=${DOCKMASTER_TEST_REDIS_DIR:-${TMPDIR:-/tmp}/dockmaster-redis-test-$port}
url="redis://127.0.0.1:$port"

die() { echo "redis-test-server: $*" >&2; exit 1; }
command -v redis-server >/dev/null || die "redis-server not found (apt-get install redis-server)"
ping() { redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; }
ours() { [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; }

case "${1:-}" in
  start)
    if ours && ping; then echo "$url"; exit 0; fi
    if ping; then die "port $port on 127.0.0.1 is taken by another server: set DOCKMASTER_TEST_REDIS_PORT"; fi
    mkdir -p "$dir"
    redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --pidfile "$dir/redis.pid" --dir "$dir" \
      --logfile "$dir/redis.log" --save "" --appendonly no >/dev/null || die "redis-server failed to start (see $dir/redis.log)"
    for _ in $(seq 1 100); do ping && break; sleep 0.05; done
    ping || { tail -20 "$dir/redis.log" >&2 || true; die "redis-server is not answering on port $port"; }
    echo "$url"
    ;;
  stop)
    if ours; then
      redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
      for _ in $(seq 1 100); do ours || break; sleep 0.05; done
    fi
    rm -rf "$dir"
    ;;
  url)
    ours && ping || die "not running: start it with scripts/redis-test-server.sh start"
    echo "$url"
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
