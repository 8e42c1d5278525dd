#!/usr/bin/env bash
# Runs a command with a private, throwaway PostgreSQL cluster (Debian's postgresql binaries,
# initdb + pg_ctl under a temp dir, 127.0.0.1 only) and exports DOCKMASTER_TEST_PG_URL.
# If DOCKMASTER_TEST_PG_URL is already set, it just runs the command.
set -uo pipefail
if [ -n "${DOCKMASTER_TEST_PG_URL:-}" ]; then exec "$@"; fi

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "with-postgres: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
port=${DOCKMASTER_TEST_PG_PORT:-55432}
dir=$(mktemp -d /tmp/dm-pg-XXXXXX)
chown postgres: "$dir" 2>/dev/null || true
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

as_pg "$bin/initdb" -D "$dir/data" -U dockmaster --auth=trust -E UTF8 >/dev/null || exit 1
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null || { cat "$dir/log" >&2; exit 1; }
export DOCKMASTER_TEST_PG_URL="postgresql://dockmaster@127.0.0.1:$port/postgres"
"$@"
