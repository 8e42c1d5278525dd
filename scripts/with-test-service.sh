#!/usr/bin/env bash
# with-test-service.sh <control-script> <URL_VARIABLE> <command...>
# Runs a command with a private test service up (the control script's `start` prints its URL),
# the URL exported as <URL_VARIABLE>, and always stops the service afterwards.
# If <URL_VARIABLE> is already set, it just runs the command. Used by with-postgres.sh and with-redis.sh.
set -uo pipefail
control=$1 variable=$2
shift 2
if [ -n "${!variable:-}" ]; then exec "$@"; fi

trap 'bash "$control" stop' EXIT INT TERM
url=$(bash "$control" start) || exit 1
export "$variable=$url"
"$@"
