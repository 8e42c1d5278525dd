#!/usr/bin/env bash
# Throwaway Docker engines for tests. Each dockerd (with its own managed containerd) runs in its
# own network namespace with its own data-root, exec-root, socket, subnets and cgroup parent. A
# "switch" namespace bridges the engines to each other and to the host, so no host iptables rule,
# no host bridge and no host engine is ever touched.
#
#   scripts/testbed.sh up [N]   start N engines (default 2), load the busybox test image and start
#                               a private registry (htpasswd basic auth) on the host veth address
#   scripts/testbed.sh env      print the shell exports the tests read
#   scripts/testbed.sh down     stop everything the testbed started and remove its state
#
# Faults, for tests (engine k = 1..N of the running testbed):
#   scripts/testbed.sh restart-engine K     stop engine K's dockerd (SIGTERM, as a service restart
#                                           does: its containers stop) and start it again on the
#                                           same data; returns once it answers /_ping
#   scripts/testbed.sh link K down|up       take engine K's link to the switch down or up (its veth
#                                           in the switch namespace): nothing reaches its netns
#   scripts/testbed.sh exec K -- CMD…       run CMD inside engine K's network namespace (e.g. an
#                                           agent dialing the host side of the switch, <net>.0.1)
#
# Knobs (defaults are what CI uses; change all three to run a second testbed next to a first one):
#   DOCKMASTER_TESTBED_DIR     state dir            (/tmp/dockmaster-testbed)
#   DOCKMASTER_TESTBED_PREFIX  netns/veth/cgroup prefix, at most 8 chars (dmtb)
#   DOCKMASTER_TESTBED_NET     first two octets of the switch /16 (10.200): host .0.1, engine k .k.2
#
# Needs root (network namespaces). Layout of $DIR while up:
#   engine-<k>/{daemon.json,docker.sock,docker.pid,dockerd.log,root/,exec/}  tls/  count  env
#   registry/{config.yml,htpasswd,registry.pid,registry.log,data/}
#   busybox-image.tar  (kept by `down`: the cached test image)
set -euo pipefail

DIR=${DOCKMASTER_TESTBED_DIR:-/tmp/dockmaster-testbed}
PREFIX=${DOCKMASTER_TESTBED_PREFIX:-dmtb}
NET=${DOCKMASTER_TESTBED_NET:-10.200}
IMAGE=dockmaster-test/busybox:latest
IMAGE_TAR="$DIR/busybox-image.tar"
SWITCH_NS="$PREFIX-sw"
HOST_VETH="$PREFIX-h"
MAX_ENGINES=50
REGISTRY_PORT=5000 # each engine's daemon.json lists $NET.0.1:$REGISTRY_PORT under insecure-registries
REGISTRY_USER=dmtest
REGISTRY_PASSWORD=dmtest-registry-pass

log() { echo "testbed: $*" >&2; }
die() { log "$*"; exit 1; }
# A refusal before anything started: leave no empty state dir behind either.
refuse() { rmdir "$DIR" 2>/dev/null || true; die "$@"; }
now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

engine_dir() { echo "$DIR/engine-$1"; }
engine_ns() { echo "$PREFIX-$1"; }
socket_of() { echo "$(engine_dir "$1")/docker.sock"; }
engine_ip() { echo "$NET.$1.2"; }
engine_count() { cat "$DIR/count" 2>/dev/null || echo 0; }
dockercli() { docker -H "unix://$(socket_of "$1")" "${@:2}"; }

# Runs "$@" once per engine 1..n in parallel and fails if any of them failed.
for_each_engine() {
  local n=$1 k pids=() failed=0
  shift
  for k in $(seq 1 "$n"); do "$@" "$k" & pids+=($!); done
  for k in "${pids[@]}"; do wait "$k" || failed=1; done
  return "$failed"
}

# One `up`/`down` at a time per state dir. The lock is held on the directory itself (it survives
# `down` because the image cache lives there), so no lock file is left behind. Daemons must not
# inherit fd 9, or a later run would wait for the lock forever.
take_lock() {
  mkdir -p "$DIR"
  exec 9<"$DIR"
  flock -w 120 9 || die "another testbed command holds the lock on $DIR"
}

check_settings() {
  [[ $DIR != *"'"* ]] || die "DOCKMASTER_TESTBED_DIR must not contain a quote"
  [ "$(id -u)" = 0 ] || die "needs root (network namespaces, cgroups)"
  [ ${#PREFIX} -le 8 ] || die "DOCKMASTER_TESTBED_PREFIX must be at most 8 characters (interface names)"
  [[ $NET =~ ^[0-9]+\.[0-9]+$ ]] || die "DOCKMASTER_TESTBED_NET must look like 10.200"
  # Engines hand out container subnets from 10.101-10.150 (see write_daemon_json).
  local second=${NET#*.}
  [[ $NET != 10.* ]] || [ "$second" -lt 101 ] || [ "$second" -gt 150 ] || die "DOCKMASTER_TESTBED_NET $NET overlaps the engines' address pools (10.101-10.150)"
}

# --- network: a switch namespace with a bridge, one veth per engine, one veth to the host --------
make_switch() {
  # Refuse rather than shadow an address the host already uses for something else.
  if ip -o addr show | grep -qF " $NET.0.1/"; then die "$NET.0.1 is already configured on the host: set DOCKMASTER_TESTBED_NET"; fi
  ip netns add "$SWITCH_NS"
  ip -n "$SWITCH_NS" link set lo up
  ip -n "$SWITCH_NS" link add br0 type bridge
  ip -n "$SWITCH_NS" link set br0 up
  ip link add "$HOST_VETH" type veth peer name "$PREFIX-hs" netns "$SWITCH_NS"
  ip -n "$SWITCH_NS" link set "$PREFIX-hs" master br0 up
  ip addr add "$NET.0.1/16" dev "$HOST_VETH"
  ip link set "$HOST_VETH" up
}

link_engine() {
  local k=$1 ns
  ns=$(engine_ns "$k")
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  # Create the pair directly inside the two namespaces: nothing ever appears on the host.
  ip -n "$SWITCH_NS" link add "$PREFIX-$k-s" type veth peer name eth0 netns "$ns"
  ip -n "$SWITCH_NS" link set "$PREFIX-$k-s" master br0 up
  ip -n "$ns" addr add "$(engine_ip "$k")/16" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$NET.0.1"
}

# --- TLS: one CA per testbed; each engine also serves tcp://<engine-ip>:2376 with tlsverify -------
# EC keys: generating four RSA keys would cost about a second.
new_key_csr() { openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$1" -keyout "$2" -out "$3" 2>/dev/null; }
sign() { openssl x509 -req -in "$1" -CA "$DIR/tls/ca.pem" -CAkey "$DIR/tls/ca-key.pem" -CAcreateserial -days 2 -extfile "$2" -out "$3" 2>/dev/null; }

make_ca() {
  local t="$DIR/tls"
  mkdir -p "$t/client"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=dockmaster-testbed-ca" \
    -keyout "$t/ca-key.pem" -out "$t/ca.pem" 2>/dev/null
  # The client certificate agents present, laid out like a DOCKER_CERT_PATH directory.
  new_key_csr dockmaster-test-client "$t/client/key.pem" "$t/client.csr"
  printf 'extendedKeyUsage=clientAuth\n' >"$t/client.ext"
  sign "$t/client.csr" "$t/client.ext" "$t/client/cert.pem"
  cp "$t/ca.pem" "$t/client/ca.pem"
}

make_server_cert() {
  local k=$1 d
  d=$(engine_dir "$k")
  new_key_csr "engine-$k" "$d/server-key.pem" "$d/server.csr"
  printf 'subjectAltName=IP:%s,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' "$(engine_ip "$k")" >"$d/server.ext"
  sign "$d/server.csr" "$d/server.ext" "$d/server-cert.pem"
}

# --- engines -------------------------------------------------------------------------------------
write_daemon_json() {
  local k=$1 d
  d=$(engine_dir "$k")
  # bip and pools are per namespace, so they could repeat; distinct ones make container IPs
  # tell which engine they came from. deprecated-key-path gives every engine its own ID.
  cat >"$d/daemon.json" <<JSON
{
  "data-root": "$d/root",
  "exec-root": "$d/exec",
  "pidfile": "$d/docker.pid",
  "hosts": ["unix://$d/docker.sock", "tcp://$(engine_ip "$k"):2376"],
  "tls": true,
  "tlsverify": true,
  "tlscacert": "$DIR/tls/ca.pem",
  "tlscert": "$d/server-cert.pem",
  "tlskey": "$d/server-key.pem",
  "bip": "192.168.$k.1/24",
  "default-address-pools": [{ "base": "10.$((100 + k)).0.0/16", "size": 24 }],
  "cgroup-parent": "$(engine_ns "$k")",
  "deprecated-key-path": "$d/key.json",
  "storage-driver": "overlay2",
  "insecure-registries": ["$NET.0.1:$REGISTRY_PORT"],
  "shutdown-timeout": 2,
  "log-level": "warn"
}
JSON
}

start_engine() {
  local k=$1 d
  d=$(engine_dir "$k")
  mkdir -p "$d/root" "$d/exec"
  # A containerd pid file left by a killed run makes dockerd wait for a process that is gone.
  rm -f "$d/exec/containerd/containerd.pid" "$d/docker.pid"
  make_server_cert "$k"
  write_daemon_json "$k"
  launch_dockerd "$k"
}

launch_dockerd() {
  local k=$1 d
  d=$(engine_dir "$k")
  # nsenter + unshare, not `ip netns exec`: the latter remounts /sys and loses the cgroup mounts.
  # A private mount namespace (slave propagation) keeps the engine's overlay mounts off the host.
  # setsid + closed fds: the daemon outlives this script and must not hold its lock (fd 9).
  setsid nsenter --net="/run/netns/$(engine_ns "$k")" unshare --mount --uts --propagation slave -- \
    dockerd --config-file "$d/daemon.json" </dev/null >"$d/dockerd.log" 2>&1 9<&- &
  disown # not a job of this shell: its death on `down` is expected, not news
}

wait_ready() {
  local k=$1 sock
  sock=$(socket_of "$k")
  for _ in $(seq 1 200); do
    curl -fsS --max-time 1 --unix-socket "$sock" http://engine/_ping >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  log "engine $k did not answer /_ping within 10 s; the end of its log:"
  tail -20 "$(engine_dir "$k")/dockerd.log" >&2
  return 1
}

# --- the busybox base image (no registry is reachable): built once, loaded everywhere ------------
image_cache_valid() { [ -s "$IMAGE_TAR" ] && [ "$IMAGE_TAR" -nt /bin/busybox ]; }

# Root fs: static busybox, its applet links, and just enough /etc for `id`, `ps` and friends.
build_rootfs() {
  local root=$1 applet
  mkdir -p "$root/bin" "$root/etc" "$root/root" "$root/tmp"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}

# Import into engine 1 and save: every other engine loads the same tarball, so the image ID
# is identical everywhere (fleet views compare images by ID).
build_image_tar() {
  local root
  root=$(mktemp -d)
  build_rootfs "$root"
  tar -C "$root" -c . | dockercli 1 import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - "$IMAGE" >/dev/null
  rm -rf "$root"
  dockercli 1 save -o "$IMAGE_TAR.tmp" "$IMAGE"
  mv "$IMAGE_TAR.tmp" "$IMAGE_TAR"
}

load_image() {
  dockercli "$1" image inspect "$IMAGE" >/dev/null 2>&1 || dockercli "$1" load -q -i "$IMAGE_TAR" >/dev/null
}

check_same_image() {
  local n=$1 k first id
  first=$(dockercli 1 image inspect -f '{{.Id}}' "$IMAGE")
  for k in $(seq 2 "$n"); do
    id=$(dockercli "$k" image inspect -f '{{.Id}}' "$IMAGE")
    [ "$id" = "$first" ] || die "engine $k has $IMAGE as $id, engine 1 as $first"
  done
}

# --- a private registry (Debian's docker-registry, distribution 2.8) with htpasswd basic auth ------
# Served on the host's veth address: engines in their namespaces cannot reach the host's 127.0.0.1.
# Plain HTTP works: distribution 2.8 accepts htpasswd auth without TLS, and dockerd sends basic
# credentials over HTTP to a registry listed under insecure-registries (checked: POST /auth answers
# "Login Succeeded", a wrong password "... failed with status: 401 Unauthorized"). No certs needed.
registry_dir() { echo "$DIR/registry"; }
registry_addr() { echo "$NET.0.1:$REGISTRY_PORT"; }

start_registry() {
  local r
  r=$(registry_dir)
  mkdir -p "$r/data"
  htpasswd -Bbn "$REGISTRY_USER" "$REGISTRY_PASSWORD" >"$r/htpasswd" 2>/dev/null
  cat >"$r/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $r/data
  delete:
    enabled: true
http:
  addr: $(registry_addr)
  secret: dockmaster-testbed
auth:
  htpasswd:
    realm: dockmaster-testbed
    path: $r/htpasswd
YAML
  setsid docker-registry serve "$r/config.yml" </dev/null >"$r/registry.log" 2>&1 9<&- &
  echo $! >"$r/registry.pid"
  disown
}

# Ready when /v2/ answers (401: it wants credentials).
wait_registry() {
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://$(registry_addr)/v2/")" = 401 ] && return 0
    sleep 0.05
  done
  log "the registry did not answer on $(registry_addr) within 5 s; the end of its log:"
  tail -20 "$(registry_dir)/registry.log" >&2
  return 1
}

stop_registry() {
  local r pid
  r=$(registry_dir)
  pid=$(cat "$r/registry.pid" 2>/dev/null) || return 0
  # Only a live process serving this testbed's config is ours (pids get reused).
  if tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$r/config.yml"; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$r/registry.pid"
}

# --- env -----------------------------------------------------------------------------------------
print_env() {
  local n k sockets=() tcp=() netns=()
  n=$(engine_count)
  [ "$n" -gt 0 ] || die "no testbed is up in $DIR (run: scripts/testbed.sh up)"
  for k in $(seq 1 "$n"); do
    sockets+=("unix://$(socket_of "$k")")
    tcp+=("tcp://$(engine_ip "$k"):2376")
    netns+=("$(engine_ns "$k")")
  done
  local IFS=,
  # Single quotes: eval-safe for any path without a quote in it, and readable.
  printf "export DOCKMASTER_TEST_ENGINES='%s'\n" "${sockets[*]}"
  printf "export DOCKMASTER_TEST_TLS_ENGINES='%s'\n" "${tcp[*]}"
  # Each engine's network namespace: its 127.0.0.1 is where ports published on loopback listen.
  printf "export DOCKMASTER_TEST_NETNS='%s'\n" "${netns[*]}"
  printf "export DOCKMASTER_TEST_TLS_CERTS='%s'\n" "$DIR/tls/client"
  printf "export DOCKMASTER_TEST_IMAGE='%s'\n" "$IMAGE"
  printf "export DOCKMASTER_TESTBED_DIR='%s'\n" "$DIR"
  # The knobs again, so a test can call this script's fault commands on the same testbed.
  printf "export DOCKMASTER_TESTBED_PREFIX='%s'\n" "$PREFIX"
  printf "export DOCKMASTER_TESTBED_NET='%s'\n" "$NET"
  printf "export DOCKMASTER_TEST_REGISTRY='%s'\n" "$(registry_addr)"
  printf "export DOCKMASTER_TEST_REGISTRY_USER='%s'\n" "$REGISTRY_USER"
  printf "export DOCKMASTER_TEST_REGISTRY_PASSWORD='%s'\n" "$REGISTRY_PASSWORD"
}

# --- up ------------------------------------------------------------------------------------------
dockerd_pid() {
  local k=$1 pid
  pid=$(cat "$(engine_dir "$k")/docker.pid" 2>/dev/null) || return 1
  # Only a live process running this engine's config is ours (pids get reused).
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$(engine_dir "$k")/daemon.json" || return 1
  echo "$pid"
}

any_engine_alive() {
  local k
  for k in $(seq 1 "$(engine_count)"); do dockerd_pid "$k" >/dev/null && return 0; done
  return 1
}

leftovers_exist() { [ -e "$DIR/count" ] || ip netns list | grep -qE "^$PREFIX-([0-9]+|sw)( |$)"; }

up() {
  local n=$1 t0 k
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le $MAX_ENGINES ] || die "N must be 1..$MAX_ENGINES"
  t0=$(now)
  take_lock
  if any_engine_alive; then refuse "a testbed is already up in $DIR: run down first (or use other DOCKMASTER_TESTBED_DIR/PREFIX/NET)"; fi
  for k in $(known_engines); do
    if foreign_engine "$k"; then refuse "prefix $PREFIX is used by a testbed in another state dir: set DOCKMASTER_TESTBED_PREFIX and DOCKMASTER_TESTBED_NET"; fi
  done
  if leftovers_exist; then log "clearing leftovers of an interrupted run"; teardown; fi
  # From here on, a failure (or Ctrl-C) must not leave half a testbed behind.
  trap 'log "up failed; tearing down"; teardown' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  echo "$n" >"$DIR/count"
  make_switch
  make_ca
  for k in $(seq 1 "$n"); do link_engine "$k"; start_engine "$k"; done
  start_registry
  for_each_engine "$n" wait_ready
  wait_registry
  log "$n engines answer /_ping after $(since "$t0") s"
  if image_cache_valid; then
    for_each_engine "$n" load_image
  else
    build_image_tar
    for_each_engine "$n" load_image
  fi
  check_same_image "$n"
  trap - EXIT INT TERM
  print_env >"$DIR/env"
  log "$n engines up with $IMAGE in $(since "$t0") s (state in $DIR)"
}

# --- down ---------------------------------------------------------------------------------------
# The cgroup dirs runc made for this engine's containers (relative to dockerd's own cgroup, so
# their depth varies per controller); the name is unique to this testbed.
engine_cgroups() { find /sys/fs/cgroup -maxdepth 5 -type d -name "$(engine_ns "$1")" 2>/dev/null || true; }

# Everything this engine runs: dockerd, containerd, shims and host-network containers live in
# its network namespace; containers live in its cgroups (given as $2). Nothing else is in either.
engine_pids() {
  local k=$1 cg
  {
    ip netns pids "$(engine_ns "$k")" 2>/dev/null || true
    for cg in $2; do find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null || true; done
  } | sort -un | xargs
}

# Nothing here is worth a graceful shutdown (the state is deleted next), and a graceful dockerd
# stop costs 2-3 s plus up to 10 s per busybox container that ignores SIGTERM: SIGKILL it all,
# in one go so dockerd cannot respawn containerd, and repeat until nothing is left.
stop_engine() {
  local k=$1 cgroups pids cg
  cgroups=$(engine_cgroups "$k") # only runc creates these, and dockerd dies in the first round
  for _ in $(seq 1 40); do
    pids=$(engine_pids "$k" "$cgroups")
    [ -n "$pids" ] || break
    # shellcheck disable=SC2086 # a list of pids
    kill -KILL $pids 2>/dev/null || true
    sleep 0.05
  done
  [ -z "$pids" ] || log "engine $k: processes survived SIGKILL: $pids"
  for cg in $cgroups; do find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null || true; done
}

# A namespace of ours that runs a dockerd with another state dir's config belongs to another
# testbed started with the same prefix: never touch it.
foreign_engine() {
  local k=$1 pid
  for pid in $(ip netns pids "$(engine_ns "$k")" 2>/dev/null); do
    tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q '^dockerd ' || continue
    tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$(engine_dir "$k")/daemon.json" || return 0
  done
  return 1
}

# Engine numbers to tear down: from the count file, and from the engine dirs and namespaces a
# crashed run may have left without one.
known_engines() {
  {
    seq 1 "$(engine_count)"
    find "$DIR" -maxdepth 1 -name 'engine-*' -printf '%f\n' 2>/dev/null | sed 's/^engine-//'
    ip netns list | awk '{print $1}' | sed -n "s/^$PREFIX-\([0-9][0-9]*\)$/\1/p"
  } | grep -E '^[0-9]+$' | sort -un
}

teardown() {
  local k ours=() foreign=0
  for k in $(known_engines); do
    if foreign_engine "$k"; then
      log "netns $(engine_ns "$k") runs another testbed's engine: leaving it (and $SWITCH_NS) alone"
      foreign=1
    else
      ours+=("$k")
    fi
  done
  for k in "${ours[@]}"; do stop_engine "$k" & done
  stop_registry
  wait
  for k in "${ours[@]}"; do ip netns del "$(engine_ns "$k")" 2>/dev/null || true; done
  if [ "$foreign" = 0 ]; then
    # Deleting the switch namespace takes the host veth's peer, and so the host veth, with it.
    ip netns del "$SWITCH_NS" 2>/dev/null || true
    ip link del "$HOST_VETH" 2>/dev/null || true
  fi
  remove_state
}

# The state dir goes, except the cached image.
remove_state() {
  [ -d "$DIR" ] || return 0
  find "$DIR" -mindepth 1 -maxdepth 1 ! -name "$(basename "$IMAGE_TAR")" -exec rm -rf {} + 2>/dev/null || {
    sleep 1 # a dying shim may still hold a file
    find "$DIR" -mindepth 1 -maxdepth 1 ! -name "$(basename "$IMAGE_TAR")" -exec rm -rf {} +
  }
}

down() {
  local t0
  t0=$(now)
  [ ! -d "$DIR" ] || take_lock # no dir: nothing to lock, and down must not create one
  teardown
  log "down in $(since "$t0") s"
}

# --- faults --------------------------------------------------------------------------------------
engine_arg() {
  local k=$1 n
  n=$(engine_count)
  [[ $k =~ ^[0-9]+$ ]] && [ "$k" -ge 1 ] && [ "$k" -le "$n" ] || die "engine must be 1..$n (is a testbed up in $DIR?)"
}

# Like `systemctl restart docker`: a graceful stop (dockerd stops its containers within its
# shutdown-timeout), then the same config and data-root again.
restart_engine() {
  local k=$1 pid
  engine_arg "$k"
  take_lock
  if pid=$(dockerd_pid "$k"); then
    kill -TERM "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -0 "$pid" 2>/dev/null && { log "engine $k: dockerd ignored SIGTERM for 15 s; killing it"; stop_engine "$k"; }
  fi
  rm -f "$(engine_dir "$k")/exec/containerd/containerd.pid" "$(engine_dir "$k")/docker.pid"
  launch_dockerd "$k"
  wait_ready "$k"
  log "engine $k restarted"
}

set_link() {
  local k=$1 state=$2
  engine_arg "$k"
  [[ $state == up || $state == down ]] || die "link state must be up or down"
  ip -n "$SWITCH_NS" link set "$PREFIX-$k-s" "$state"
  [ "$state" = up ] || return 0
  # The port needs a moment before it forwards again: return once the engine's TLS port answers.
  for _ in $(seq 1 100); do
    timeout 0.2 bash -c "</dev/tcp/$(engine_ip "$k")/2376" 2>/dev/null && return 0
    sleep 0.05
  done
  die "engine $k is still unreachable 10 s after its link came up"
}

exec_in_engine_ns() {
  local k=$1
  engine_arg "$k"
  shift
  [ "${1:-}" = "--" ] && shift
  [ $# -gt 0 ] || die "usage: $0 exec K -- CMD…"
  exec nsenter --net="/run/netns/$(engine_ns "$k")" -- "$@"
}

check_settings
case "${1:-}" in
  up) up "${2:-2}" ;;
  down) down ;;
  env) print_env ;;
  restart-engine) restart_engine "${2:-}" ;;
  link) set_link "${2:-}" "${3:-}" ;;
  exec) exec_in_engine_ns "${2:-}" "${@:3}" ;;
  *) echo "usage: $0 up [N] | env | down | restart-engine K | link K down|up | exec K -- CMD…" >&2; exit 2 ;;
esac
