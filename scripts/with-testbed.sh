#!/usr/bin/env bash
# Runs a command with throwaway engines up (scripts/testbed.sh) and always tears them down.
# If DOCKMASTER_TEST_ENGINES is already set (a testbed you keep up while developing), it just runs.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if [ -n "${DOCKMASTER_TEST_ENGINES:-}" ]; then exec "$@"; fi

# A leftover from an interrupted run would make `up` refuse: clear it first.
bash "$here/testbed.sh" down >/dev/null 2>&1 || true
trap 'bash "$here/testbed.sh" down' EXIT INT TERM
bash "$here/testbed.sh" up "${DOCKMASTER_TESTBED_ENGINES:-2}" || exit 1
eval "$(bash "$here/testbed.sh" env)"
"$@"
