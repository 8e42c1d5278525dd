#!/usr/bin/env bash
# Runs a command with the private, throwaway PostgreSQL cluster of scripts/pg-test-cluster.sh up,
# DOCKMASTER_TEST_PG_URL exported, and always stops (and deletes) it afterwards.
# If DOCKMASTER_TEST_PG_URL is already set, it just runs the command.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${DOCKMASTER_TEST_PG_URL:-}" ]; then exec "$@"; fi

trap 'bash "$here/pg-test-cluster.sh" stop' EXIT INT TERM
DOCKMASTER_TEST_PG_URL=$(bash "$here/pg-test-cluster.sh" start) || exit 1
export DOCKMASTER_TEST_PG_URL
"$@"
