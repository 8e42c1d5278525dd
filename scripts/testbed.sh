#!/usr/bin/env bash
# Throwaway Docker engines for tests: each dockerd (with its own managed containerd) runs in its
# own network namespace with its own data-root, exec-root, socket, bridge subnet and cgroup parent.
# A "switch" namespace bridges the engines to each other and to the host (10.200.0.1/16), so no
# host iptables rule and no host engine is ever touched.
#
#   scripts/testbed.sh up [N]   start N engines (default 2) and load the busybox test image
#   scripts/testbed.sh env      print the shell exports tests read
#   scripts/testbed.sh down     stop everything the testbed started and remove its state
set -euo pipefail

DIR=${DOCKMASTER_TESTBED_DIR:-/tmp/dockmaster-testbed}
CACHE=${DOCKMASTER_TESTBED_CACHE:-/tmp/dockmaster-testbed-cache}
PREFIX=${DOCKMASTER_TESTBED_PREFIX:-dmtb}
IMAGE=dockmaster-test/busybox:latest
SWITCH_NS="$PREFIX-sw"

log() { echo "testbed: $*" >&2; }
engine_dir() { echo "$DIR/engine-$1"; }
socket_of() { echo "$(engine_dir "$1")/docker.sock"; }
engine_count() { cat "$DIR/count" 2>/dev/null || echo 0; }
dockercli() { docker -H "unix://$(socket_of "$1")" "${@:2}"; }

# --- network: switch namespace with a bridge, one veth per engine, one to the host -------------
make_switch() {
  ip netns add "$SWITCH_NS"
  ip -n "$SWITCH_NS" link add br0 type bridge
  ip -n "$SWITCH_NS" link set br0 up
  ip -n "$SWITCH_NS" link set lo up
  ip link add "$PREFIX-h" type veth peer name "$PREFIX-hs"
  ip link set "$PREFIX-hs" netns "$SWITCH_NS"
  ip -n "$SWITCH_NS" link set "$PREFIX-hs" master br0 up
  ip addr add 10.200.0.1/16 dev "$PREFIX-h"
  ip link set "$PREFIX-h" up
}

make_engine_netns() {
  local k=$1 ns="$PREFIX-$1"
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip link add "$PREFIX-$k-e" type veth peer name "$PREFIX-$k-s"
  ip link set "$PREFIX-$k-e" netns "$ns"
  ip link set "$PREFIX-$k-s" netns "$SWITCH_NS"
  ip -n "$SWITCH_NS" link set "$PREFIX-$k-s" master br0 up
  ip -n "$ns" link set "$PREFIX-$k-e" name eth0
  ip -n "$ns" addr add "10.200.$k.2/16" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via 10.200.0.1
}

# --- TLS: one CA per testbed; each engine also serves tcp://10.200.k.2:2376 with tlsverify -------
make_ca() {
  local t="$DIR/tls"
  mkdir -p "$t/client"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=dockmaster-testbed-ca" -keyout "$t/ca-key.pem" -out "$t/ca.pem" 2>/dev/null
  # The client certificate agents present (extendedKeyUsage clientAuth), laid out like DOCKER_CERT_PATH.
  openssl req -newkey rsa:2048 -nodes -subj "/CN=dockmaster-test-client" -keyout "$t/client/key.pem" -out "$t/client.csr" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\n' >"$t/client.ext"
  openssl x509 -req -in "$t/client.csr" -CA "$t/ca.pem" -CAkey "$t/ca-key.pem" -CAcreateserial -days 2 -extfile "$t/client.ext" -out "$t/client/cert.pem" 2>/dev/null
  cp "$t/ca.pem" "$t/client/ca.pem"
}

make_server_cert() {
  local k=$1 t="$DIR/tls" d
  d=$(engine_dir "$k")
  openssl req -newkey rsa:2048 -nodes -subj "/CN=engine-$k" -keyout "$d/server-key.pem" -out "$d/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:10.200.%s.2,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' "$k" >"$d/server.ext"
  openssl x509 -req -in "$d/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca-key.pem" -CAcreateserial -days 2 -extfile "$d/server.ext" -out "$d/server-cert.pem" 2>/dev/null
}

# --- engines -------------------------------------------------------------------------------------
write_daemon_json() {
  local k=$1 d
  d=$(engine_dir "$k")
  mkdir -p "$d/root" "$d/exec"
  make_server_cert "$k"
  cat >"$d/daemon.json" <<JSON
{
  "data-root": "$d/root",
  "exec-root": "$d/exec",
  "pidfile": "$d/docker.pid",
  "hosts": ["unix://$d/docker.sock", "tcp://10.200.$k.2:2376"],
  "tls": true,
  "tlsverify": true,
  "tlscacert": "$DIR/tls/ca.pem",
  "tlscert": "$d/server-cert.pem",
  "tlskey": "$d/server-key.pem",
  "bip": "172.$((29 + k)).0.1/24",
  "default-address-pools": [{ "base": "10.$((100 + k)).0.0/16", "size": 24 }],
  "cgroup-parent": "$PREFIX-$k",
  "deprecated-key-path": "$d/key.json",
  "storage-driver": "overlay2",
  "insecure-registries": ["10.200.0.1:5000"],
  "log-level": "warn"
}
JSON
}

start_engine() {
  local k=$1 d
  d=$(engine_dir "$k")
  write_daemon_json "$k"
  # Own mount and UTS namespaces (slave propagation) so overlay mounts stay private to the engine;
  # `ip netns exec` would remount /sys and lose the cgroup mounts, hence nsenter + unshare.
  setsid nsenter --net="/run/netns/$PREFIX-$k" unshare --mount --uts --propagation slave -- \
    dockerd --config-file "$d/daemon.json" >"$d/dockerd.log" 2>&1 9>&- </dev/null &
  echo $! >"$d/launcher.pid"
}

wait_ready() {
  local k=$1 sock
  sock=$(socket_of "$k")
  for _ in $(seq 1 150); do
    if curl -fsS --max-time 1 --unix-socket "$sock" http://engine/_ping >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  log "engine $k did not become ready; its log:"
  tail -20 "$(engine_dir "$k")/dockerd.log" >&2
  return 1
}

# --- the busybox base image (no registry reachable): built once, loaded everywhere -------------
build_image_tar() {
  local tar="$CACHE/busybox-image.tar"
  [ -s "$tar" ] && return 0
  mkdir -p "$CACHE"
  local rootfs
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/root"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | dockercli 1 import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - "$IMAGE" >/dev/null
  dockercli 1 save -o "$tar.tmp" "$IMAGE"
  mv "$tar.tmp" "$tar"
  rm -rf "$rootfs"
}

load_image() {
  local k=$1
  dockercli "$k" image inspect "$IMAGE" >/dev/null 2>&1 || dockercli "$k" load -q -i "$CACHE/busybox-image.tar" >/dev/null
}

print_env() {
  local n sockets=() tcp=() k
  n=$(engine_count)
  for k in $(seq 1 "$n"); do
    sockets+=("unix://$(socket_of "$k")")
    tcp+=("tcp://10.200.$k.2:2376")
  done
  local IFS=,
  echo "export DOCKMASTER_TEST_ENGINES=${sockets[*]}"
  echo "export DOCKMASTER_TEST_TLS_ENGINES=${tcp[*]}"
  echo "export DOCKMASTER_TEST_TLS_CERTS=$DIR/tls/client"
  echo "export DOCKMASTER_TEST_IMAGE=$IMAGE"
  echo "export DOCKMASTER_TESTBED_DIR=$DIR"
}

up() {
  local n=${1:-2} k
  [ "$(engine_count)" = 0 ] || { log "already up ($(engine_count) engines); run down first"; exit 1; }
  local t0=$SECONDS
  mkdir -p "$DIR"
  echo "$n" >"$DIR/count"
  make_switch
  make_ca
  for k in $(seq 1 "$n"); do make_engine_netns "$k"; start_engine "$k"; done
  for k in $(seq 1 "$n"); do wait_ready "$k"; done
  build_image_tar
  for k in $(seq 1 "$n"); do load_image "$k"; done
  print_env >"$DIR/env"
  log "$n engines up in $((SECONDS - t0)) s"
}

stop_engine() {
  local k=$1 d pid
  d=$(engine_dir "$k")
  if [ -S "$d/docker.sock" ]; then
    # Kill containers first: busybox as PID 1 ignores SIGTERM and would hold shutdown for 10 s.
    local ids
    ids=$(dockercli "$k" ps -q 2>/dev/null || true)
    [ -z "$ids" ] || dockercli "$k" kill $ids >/dev/null 2>&1 || true
  fi
  pid=$(cat "$d/docker.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  # Anything still running from this engine's directories (managed containerd, shims).
  pkill -9 -f -- "$d/" 2>/dev/null || true
}

down() {
  local n k t0=$SECONDS
  n=$(engine_count)
  for k in $(seq 1 "$n"); do stop_engine "$k"; done
  # Names from a crashed run whose count file is gone.
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$PREFIX-([0-9]+|sw)$" || true); do ip netns del "$ns" 2>/dev/null || true; done
  ip link del "$PREFIX-h" 2>/dev/null || true
  if [ -d "$DIR" ]; then
    rm -rf "$DIR" 2>/dev/null || { sleep 1; rm -rf "$DIR"; }
  fi
  log "down in $((SECONDS - t0)) s"
}

case "${1:-}" in
  up) up "${2:-2}" ;;
  down) down ;;
  env) print_env ;;
  *) echo "usage: $0 up [N] | env | down" >&2; exit 2 ;;
esac
