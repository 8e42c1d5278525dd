#!/usr/bin/env bash
# The scale-out profile of docker-compose.yml run end to end, from images built here (no Docker
# Hub): two control-plane instances, PostgreSQL and Redis (from Debian's packages: deploy/postgres,
# deploy/redis, selected with POSTGRES_IMAGE / REDIS_IMAGE), the HAProxy load balancer, all on a
# THROWAWAY testbed engine. scripts/images/scale-e2e.mjs then signs in through the balancer, runs
# the Add host dialog's `docker run` line for the agent image (which must reach the socket through
# --group-add), starts a container, kills one instance and checks it all still works. Last, a
# backup (pg_dump, PostgreSQL's client in the control-plane image) inside the surviving instance.
#   bash scripts/with-testbed.sh bash scripts/compose-scale-check.sh     (npm run test:compose:scale)
# Not part of `npm test` (a few minutes on 2 cores): run it when the images, the compose file or
# the load balancer change.
set -euo pipefail
cd "$(dirname "$0")/.."
CHECK=compose-scale-check
. scripts/images/compose-env.sh
export COMPOSE_PROFILES=scale-out LB_PUBLISH=$engine_ip:8080 LB_BASE_IMAGE=dockmaster-ci/debian:bookworm \
  POSTGRES_IMAGE=dockmaster-ci/postgres:check REDIS_IMAGE=dockmaster-ci/redis:check

teardown() {
  local status=$?
  if [ $status -ne 0 ]; then
    echo "--- logs ---" >&2
    docker-compose logs --no-color --tail 30 dockmaster-1 dockmaster-2 lb >&2 2>/dev/null || true
    docker logs --tail 30 dockmaster-agent >&2 2>/dev/null || true
  fi
  docker rm -f dockmaster-agent >/dev/null 2>&1 || true
  docker volume rm dockmaster-agent >/dev/null 2>&1 || true
  remove_all dockmaster-agent:latest dockmaster-ci/postgres:check dockmaster-ci/redis:check
  exit $status
}
trap teardown EXIT

build_images
docker tag dockmaster-agent:check dockmaster-agent:latest
quiet docker build --build-arg "BASE_IMAGE=dockmaster-ci/debian:bookworm" -t "$POSTGRES_IMAGE" deploy/postgres
quiet docker build --build-arg "BASE_IMAGE=dockmaster-ci/debian:bookworm" -t "$REDIS_IMAGE" deploy/redis
quiet docker-compose build lb
log "PostgreSQL, Redis and the load balancer built from Debian's packages"
quiet docker-compose up -d lb
log "scale-out profile up (postgres, redis, dockmaster-1, dockmaster-2, lb)"
node --import tsx scripts/images/scale-e2e.mjs "http://$engine_ip:8080" "$DOCKMASTER_TEST_IMAGE" "$socket"
# A backup of the PostgreSQL install, taken inside the surviving instance (pg_dump in the image).
docker-compose exec -T dockmaster-2 node apps/web/backup.mjs | tee "$logfile"
grep -q "^backup: /data/backups/dockmaster-.* (postgresql, " "$logfile" || { echo "$CHECK: no PostgreSQL backup written inside the instance" >&2; exit 1; }
log "ok"
