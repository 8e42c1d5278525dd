#!/usr/bin/env bash
# Dockmaster from its own images, for real: builds a Debian base without Docker Hub
# (scripts/images/debian-base.sh), builds the images FROM it (BASE_IMAGE build argument) through
# docker-compose.yml, brings the default profile up with Debian's docker-compose on a THROWAWAY
# testbed engine, and runs the end-to-end check (scripts/images/compose-e2e.mjs: sign in, the
# local engine appears, a container is started). Then the Add host dialog's install line for real:
# a Debian "machine" with systemd as PID 1 (deploy/ci-systemd, privileged on this throwaway engine
# only) on the compose network, with testbed engine 2 as its Docker engine, runs the printed
# `curl … | sh` line against the control plane from the image: the unit is active, the host online,
# then the printed uninstall line removes it. Checks the image size limits, tears everything down,
# prints how long each part took.
#   bash scripts/with-testbed.sh bash scripts/compose-check.sh        (npm run test:compose)
# DOCKMASTER_RECORD_ARTIFACTS=1 also writes the image sizes to bench/results/artifacts.json.
set -euo pipefail
cd "$(dirname "$0")/.."
CHECK=compose-check
. scripts/images/compose-env.sh
export DOCKMASTER_PUBLISH=$engine_ip:3000
# Engine 2: the machine's own engine (an engine already enrolled, as engine 1 is by the local agent, is
# recognised by its engine ID and refused a second host).
machine_engine=$(echo "$DOCKMASTER_TEST_ENGINES" | cut -d, -f2)
[ "$machine_engine" != "$DOCKER_HOST" ] || { echo "compose-check: needs two testbed engines (DOCKMASTER_TESTBED_ENGINES=2)" >&2; exit 2; }

teardown() {
  local status=$?
  [ $status -eq 0 ] || { echo "--- dockmaster logs ---" >&2; docker-compose logs --no-color --tail 40 dockmaster >&2 2>/dev/null || true; }
  docker rm -f "$project-machine" >/dev/null 2>&1 || true
  remove_all dockmaster-ci/systemd:check
  exit $status
}
trap teardown EXIT

build_images

quiet docker build --build-arg "BASE_IMAGE=$BASE_IMAGE" -t dockmaster-ci/systemd:check deploy/ci-systemd
log "systemd machine image built"

quiet docker-compose up -d dockmaster
# systemd as PID 1 needs the cgroup hierarchy writable, mounts (CAP_SYS_ADMIN, no seccomp/AppArmor
# filter) and tmpfs /run: on this throwaway engine only. (Not --privileged: it asks for every
# capability, and this machine's bounding set lacks CAP_SYS_RESOURCE.)
quiet docker run -d --name "$project-machine" --hostname machine --cap-add SYS_ADMIN \
  --security-opt seccomp=unconfined --security-opt apparmor=unconfined --cgroupns host \
  -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run --tmpfs /run/lock \
  -v "${machine_engine#unix://}:/var/run/docker.sock" --network "${project}_default" dockmaster-ci/systemd:check
node --import tsx scripts/images/compose-e2e.mjs "http://$engine_ip:3000" "$DOCKMASTER_TEST_IMAGE" "$project-machine" "http://dockmaster:3000"
log "install line run under systemd and uninstalled"
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
  # shellcheck disable=SC2086
  node scripts/images/record-sizes.mjs $IMAGE_SIZES "$BASE_IMAGE" "$seconds"
fi
log "ok"
