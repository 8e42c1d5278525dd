#!/usr/bin/env bash
# The CI base images, built without Docker Hub: Debian (debootstrap --variant=minbase from the
# mirror apt already uses), imported with `docker import`, plus this machine's Node binary.
#
#   scripts/images/debian-base.sh      imports into the engine DOCKER_HOST names, prints the tags
#
# Why this machine's node (and not Debian's `nodejs` package): the images copy an app built here
# (scripts/images/stage.mjs), whose native module (better-sqlite3) is compiled for this Node's ABI;
# bookworm's nodejs is 18.x, another ABI. The binary needs only libc, libstdc++ and libgcc.
#
# Images:  dockmaster-ci/debian:<suite>        the Debian root (the load balancer builds FROM it)
#          dockmaster-ci/debian-node:<suite>   the same plus /usr/local/bin/node (BASE_IMAGE of
#                                              Dockmaster's images)
# The Debian packages the load balancer installs (haproxy and what minbase lacks of its
# dependencies) are downloaded next to the root (no network inside `docker build` here) and copied
# to deploy/haproxy/debs/.
# Cache: the root tarball and the debs live in $DOCKMASTER_BASE_CACHE (/var/cache/dockmaster-ci)
# and are rebuilt when older than a week; CI starts without it (debootstrap: about 30 s).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
CACHE=${DOCKMASTER_BASE_CACHE:-/var/cache/dockmaster-ci}
. /etc/os-release
SUITE=${VERSION_CODENAME:?unknown Debian suite}
# The first non-security mirror apt uses (deb822 "URIs:" or a one-line "deb" entry).
MIRROR=$({ cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } |
  awk '/^URIs:/ && $2 !~ /security/ { print $2; exit } /^deb / && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }')
[ -n "$MIRROR" ] || { echo "debian-base: no Debian mirror found in /etc/apt/sources.list*" >&2; exit 1; }
ROOT_TAR="$CACHE/debian-$SUITE-minbase.tar"
DEBS="$CACHE/haproxy-debs-$SUITE"
log() { echo "debian-base: $*" >&2; }

build_root() {
  local root
  root=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  log "debootstrap $SUITE from $MIRROR"
  debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 || { tail -20 "$CACHE/debootstrap.log" >&2; rm -rf "$root"; return 1; }
  # The load balancer's packages, fetched with the root's own apt (so only what minbase lacks).
  chroot "$root" apt-get clean
  chroot "$root" apt-get install -y -qq --download-only --no-install-recommends haproxy >/dev/null
  rm -rf "$DEBS.tmp" && mkdir -p "$DEBS.tmp" && mv "$root"/var/cache/apt/archives/*.deb "$DEBS.tmp/"
  # An image has no use for apt's lists, docs, manuals or locales.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/var/log/*
  tar --numeric-owner -C "$root" -cf "$ROOT_TAR.tmp" .
  rm -rf "$root" "$DEBS"
  mv "$DEBS.tmp" "$DEBS"
  mv "$ROOT_TAR.tmp" "$ROOT_TAR"
}

mkdir -p "$CACHE"
exec 8>"$CACHE/.lock"
flock -w 300 8 || { log "another build holds $CACHE/.lock"; exit 1; }
if [ -z "$(find "$ROOT_TAR" -mtime -7 2>/dev/null)" ] || [ ! -d "$DEBS" ]; then build_root; else log "cached root $ROOT_TAR"; fi

docker import -c 'CMD ["/bin/bash"]' -c 'ENV LANG=C.UTF-8' "$ROOT_TAR" "dockmaster-ci/debian:$SUITE" >/dev/null
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$(command -v node)" "$ctx/node"
cp "$repo/deploy/ci-base/Dockerfile" "$ctx/Dockerfile"
docker build -q --build-arg "DEBIAN=dockmaster-ci/debian:$SUITE" -t "dockmaster-ci/debian-node:$SUITE" "$ctx" >/dev/null
rm -rf "$repo/deploy/haproxy/debs" && cp -r "$DEBS" "$repo/deploy/haproxy/debs"
echo "dockmaster-ci/debian:$SUITE dockmaster-ci/debian-node:$SUITE"
