#!/usr/bin/env bash
# Runs a command with throwaway engines up (scripts/testbed.sh), always tears them down, and exits
# with the command's status.
#   scripts/with-testbed.sh npx vitest run --project integration
# DOCKMASTER_TESTBED_ENGINES sets the engine count (2). If DOCKMASTER_TEST_ENGINES is already set
# (a testbed kept up while developing: eval "$(scripts/testbed.sh env)"), it just runs the command.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if [ -n "${DOCKMASTER_TEST_ENGINES:-}" ]; then exec "$@"; fi
[ $# -gt 0 ] || { echo "usage: $0 <command…>" >&2; exit 2; }

# `up` tears down after itself if it fails, and refuses (without touching it) a testbed that is
# already running in the same state dir: so tear down only what this run brought up.
bash "$here/testbed.sh" up "${DOCKMASTER_TESTBED_ENGINES:-2}" || exit 1

# The EXIT trap also runs after INT/TERM (their traps exit), and keeps the command's status.
trap 'status=$?; bash "$here/testbed.sh" down; exit $status' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
eval "$(bash "$here/testbed.sh" env)" || exit 1
"$@"
