#!/usr/bin/env bash
# Dockmaster from its own images, for real: builds a Debian base without Docker Hub
# (scripts/images/debian-base.sh), builds the images FROM it (BASE_IMAGE build argument) through
# docker-compose.yml, brings the default profile up with Debian's docker-compose on a THROWAWAY
# testbed engine, and runs the end-to-end check (scripts/images/compose-e2e.mjs: sign in, the
# local engine appears, a container is started). Checks the image size limits, tears everything
# down, prints how long it took.
#   bash scripts/with-testbed.sh bash scripts/compose-check.sh        (npm run test:compose)
# DOCKMASTER_RECORD_ARTIFACTS=1 also writes the image sizes to bench/results/artifacts.json.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
# Never the machine's own dockerd: only an engine of the testbed.
[ -n "${DOCKMASTER_TEST_ENGINES:-}" ] || { echo "compose-check: DOCKMASTER_TEST_ENGINES is not set: run through scripts/with-testbed.sh" >&2; exit 2; }
export DOCKER_HOST=${DOCKMASTER_TEST_ENGINES%%,*}
socket=${DOCKER_HOST#unix://}
ns=${DOCKMASTER_TEST_NETNS%%,*}
# Engine 1's address on the testbed switch: the published port is reached there from this machine.
engine_ip=$(ip -n "$ns" -4 -o addr show dev eth0 | awk '{ split($4, a, "/"); print a[1] }')
project=dmcheck$$
export COMPOSE_PROJECT_NAME=$project DOCKMASTER_TAG=check DOCKER_GID DOCKER_SOCKET=$socket DOCKMASTER_PUBLISH=$engine_ip:3000
DOCKER_GID=$(stat -c %g "$socket")
log() { echo "compose-check: $* ($(( $(date +%s) - started )) s)"; }
quiet() { "$@" >"$logfile" 2>&1 || { cat "$logfile" >&2; return 1; }; }
logfile=$(mktemp)

teardown() {
  local status=$?
  [ $status -eq 0 ] || { echo "--- dockmaster logs ---" >&2; docker-compose logs --no-color --tail 40 dockmaster >&2 2>/dev/null || true; }
  docker-compose down -v --rmi all --remove-orphans >/dev/null 2>&1 || true
  docker rmi dockmaster-ci/debian-node:bookworm dockmaster-ci/debian:bookworm >/dev/null 2>&1 || true
  rm -f "$logfile"
  exit $status
}
trap teardown EXIT

read -r _debian node_base < <(bash scripts/images/debian-base.sh)
export BASE_IMAGE=$node_base
log "base $node_base imported"
quiet npm run build --silent
quiet node scripts/images/stage.mjs
log "app compiled and staged"
quiet docker-compose build dockmaster
quiet docker build --build-arg "BASE_IMAGE=$BASE_IMAGE" --target agent -t "dockmaster-agent:check" .
cp_mb=$(( $(docker image inspect -f '{{.Size}}' dockmaster:check) / 1000000 ))
agent_mb=$(( $(docker image inspect -f '{{.Size}}' dockmaster-agent:check) / 1000000 ))
log "images built: control plane $cp_mb MB, agent $agent_mb MB"
[ "$cp_mb" -le 400 ] || { echo "compose-check: the control-plane image is $cp_mb MB (limit 400)" >&2; exit 1; }
[ "$agent_mb" -le 150 ] || { echo "compose-check: the agent image is $agent_mb MB (limit 150)" >&2; exit 1; }

quiet docker-compose up -d dockmaster
node scripts/images/compose-e2e.mjs "http://$engine_ip:3000" "$DOCKMASTER_TEST_IMAGE"
# The image's HEALTHCHECK (GET /api/health) must say so too (first probe 15 s after the start).
container=$(docker-compose ps -q dockmaster)
for _ in $(seq 1 60); do
  health=$(docker inspect -f '{{.State.Health.Status}}' "$container")
  [ "$health" = starting ] || break
  sleep 1
done
log "container health: $health"
[ "$health" = healthy ] || exit 1
# A backup taken inside the running container (SQLite online backup, next to the data).
docker-compose exec -T dockmaster node apps/web/backup.mjs | tee "$logfile"
grep -q "^backup: /data/backups/dockmaster-" "$logfile" || { echo "compose-check: no backup written inside the container" >&2; exit 1; }
seconds=$(( $(date +%s) - started ))
if [ -n "${DOCKMASTER_RECORD_ARTIFACTS:-}" ]; then
  node scripts/images/record-sizes.mjs "$cp_mb" "$agent_mb" "$node_base" "$seconds"
fi
log "ok"
