#!/usr/bin/env bash
# npm test's static checks — the schema and migrations (db:check), lint and types — run at the same
# time: each is a single process that leaves the other core idle. Each one's output is printed
# when it fails; the exit status is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
checks=(db:check lint typecheck)
pids=()
for check in "${checks[@]}"; do
  npm run -s "$check" >"$logs/$check.log" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!checks[@]}"; do
  if wait "${pids[$i]}"; then
    echo "static checks: ${checks[$i]} passed"
  else
    status=1
    echo "static checks: ${checks[$i]} FAILED:"
    cat "$logs/${checks[$i]}.log"
  fi
done
exit $status
