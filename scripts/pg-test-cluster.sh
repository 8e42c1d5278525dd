#!/usr/bin/env bash
# A private, throwaway PostgreSQL cluster for tests (never the system cluster):
#   scripts/pg-test-cluster.sh start   initdb (first time) + pg_ctl start; prints the URL. Idempotent.
#   scripts/pg-test-cluster.sh url     prints the connection URL (fails if the cluster is not running)
#   scripts/pg-test-cluster.sh stop    stops the cluster and deletes its directory. Idempotent.
# Listens on 127.0.0.1 only, trust auth for the superuser "dockmaster". As root, the server runs
# as the "postgres" OS user (postgres refuses to run as root).
#   export DOCKMASTER_TEST_PG_URL=$(scripts/pg-test-cluster.sh start)
# Environment: DOCKMASTER_TEST_PG_PORT (55432), DOCKMASTER_TEST_PG_DIR (/tmp/dockmaster-pg-test-<port>),
#              PG_BIN (the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

port=${DOCKMASTER_TEST_PG_PORT:-55432}
dir=${DOCKMASTER_TEST_PG_DIR:-${TMPDIR:-/tmp}/dockmaster-pg-test-$port}
user=dockmaster
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
url="postgresql://$user@127.0.0.1:$port/postgres"

die() { echo "pg-test-cluster: $*" >&2; exit 1; }
[ -n "$bin" ] && [ -x "$bin/initdb" ] || die "PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN)"

if [ "$(id -u)" = 0 ]; then
  runas=postgres
  id "$runas" >/dev/null 2>&1 || die "running as root needs the 'postgres' OS user (installed with Debian's postgresql package)"
  as_pg() { runuser -u "$runas" -- "$@"; }
else
  as_pg() { "$@"; }
fi

running() { [ -f "$dir/data/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; }
ready() { "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$user" -d postgres; }

# One start/stop at a time. The lock fd is closed for the server (9>&-) so it does not hold it.
mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
flock -w 60 9 || die "another start/stop is still running ($dir.lock)"

case "${1:-}" in
  start)
    if running; then ready || die "cluster in $dir is running but not accepting connections"; echo "$url"; exit 0; fi
    if ! [ -f "$dir/data/PG_VERSION" ]; then
      rm -rf "$dir"
      mkdir -p "$dir"
      [ -z "${runas:-}" ] || chown "$runas:" "$dir"
      chmod 700 "$dir"
      as_pg "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || as_pg "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    fi
    if ready 2>/dev/null; then die "port $port on 127.0.0.1 is taken by another server: set DOCKMASTER_TEST_PG_PORT"; fi
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null 9>&- || { tail -20 "$dir/server.log" >&2 || true; die "pg_ctl start failed"; }
    ready || die "cluster started but is not accepting connections (see $dir/server.log)"
    echo "$url"
    ;;
  stop)
    if running; then as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 9>&- || die "pg_ctl stop failed"; fi
    rm -rf "$dir" "$dir.lock"
    ;;
  url)
    running || die "not running: start it with scripts/pg-test-cluster.sh start"
    echo "$url"
    ;;
  status)
    if running; then echo "running: $url ($dir)"; else echo "stopped"; exit 3; fi
    ;;
  *)
    echo "usage: $0 start|stop|url|status" >&2
    exit 2
    ;;
esac
