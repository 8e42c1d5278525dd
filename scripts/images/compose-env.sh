# Sourced by scripts/compose-check.sh and scripts/compose-scale-check.sh: the throwaway testbed
# engine they run on, the project's names, logging, and the build of Dockmaster's images FROM a
# Debian base made here (no Docker Hub). Set CHECK (the log prefix) before sourcing.
started=$(date +%s)
# Never the machine's own dockerd: only an engine of the testbed.
[ -n "${DOCKMASTER_TEST_ENGINES:-}" ] || { echo "$CHECK: DOCKMASTER_TEST_ENGINES is not set: run through scripts/with-testbed.sh" >&2; exit 2; }
export DOCKER_HOST=${DOCKMASTER_TEST_ENGINES%%,*}
socket=${DOCKER_HOST#unix://}
ns=${DOCKMASTER_TEST_NETNS%%,*}
# Engine 1's address on the testbed switch: published ports are reached there from this machine.
engine_ip=$(ip -n "$ns" -4 -o addr show dev eth0 | awk '{ split($4, a, "/"); print a[1] }')
project=dm${CHECK//[^a-z]/}$$
DOCKER_GID=$(stat -c %g "$socket")
export COMPOSE_PROJECT_NAME=$project DOCKMASTER_TAG=check DOCKER_GID DOCKER_SOCKET=$socket
log() { echo "$CHECK: $* ($(( $(date +%s) - started )) s)"; }
quiet() { "$@" >"$logfile" 2>&1 || { cat "$logfile" >&2; return 1; }; }
logfile=$(mktemp)

# The Debian base (cached, scripts/images/debian-base.sh), the app compiled and staged, both
# images built FROM the base and checked against their size limits. Sets BASE_IMAGE.
build_images() {
  local cp_mb agent_mb
  read -r _debian node_base < <(bash scripts/images/debian-base.sh)
  export BASE_IMAGE=$node_base
  log "base $node_base imported"
  quiet npm run build --silent
  quiet node scripts/images/stage.mjs
  log "app compiled and staged"
  quiet docker build --build-arg "BASE_IMAGE=$BASE_IMAGE" --target control-plane -t dockmaster:check .
  quiet docker build --build-arg "BASE_IMAGE=$BASE_IMAGE" --target agent -t dockmaster-agent:check .
  cp_mb=$(( $(docker image inspect -f '{{.Size}}' dockmaster:check) / 1000000 ))
  agent_mb=$(( $(docker image inspect -f '{{.Size}}' dockmaster-agent:check) / 1000000 ))
  log "images built: control plane $cp_mb MB, agent $agent_mb MB"
  [ "$cp_mb" -le 400 ] || { echo "$CHECK: the control-plane image is $cp_mb MB (limit 400)" >&2; return 1; }
  [ "$agent_mb" -le 150 ] || { echo "$CHECK: the agent image is $agent_mb MB (limit 150)" >&2; return 1; }
  IMAGE_SIZES="$cp_mb $agent_mb"
}

# Removes what the check made on the engine (the project, its volumes and images, the bases).
remove_all() {
  docker-compose --profile scale-out --profile agent down -v --rmi all --remove-orphans >/dev/null 2>&1 || true
  docker rmi "$@" dockmaster-agent:check dockmaster-ci/debian-node:bookworm dockmaster-ci/debian:bookworm >/dev/null 2>&1 || true
  rm -f "$logfile"
}
