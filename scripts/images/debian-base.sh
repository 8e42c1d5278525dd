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
# Debian packages the images install are downloaded next to the root with the root's own apt (so
# exactly what minbase lacks of their dependencies: no network inside `docker build` here) and
# copied into each build context's debs/ (git-ignored); without debs/ those Dockerfiles use apt:
#   deploy/control-plane/debs   libpq5, and postgresql-client-15 alone in extract/ (pg_dump and
#                               pg_restore for backups of PostgreSQL installs, without the perl
#                               wrappers of postgresql-client-common)
#   deploy/haproxy/debs         haproxy (the scale-out load balancer)
#   deploy/postgres/debs        postgresql-15 (the scale-out check's database, instead of postgres:15)
#   deploy/redis/debs           redis-server (the scale-out check's Redis, instead of redis:7-alpine)
#   deploy/ci-systemd/debs      systemd and curl (the install-line check's "machine")
# Cache: $DOCKMASTER_BASE_CACHE (/var/cache/dockmaster-ci) keeps the root tarball and the debs under
# a key made of their inputs (suite, mirror, the package lists, this script): a change of any of
# them, or a week's age (security updates), rebuilds; a clean machine builds it (about 60 s).
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
# <build context under deploy/>:<packages installed with what they depend on>[:<packages alone, to extract>]
GROUPS_LIST="control-plane:libpq5,libreadline8:postgresql-client-15 haproxy:haproxy postgres:postgresql-15 redis:redis-server ci-systemd:systemd,systemd-sysv,curl"
KEY=$(printf '%s\n' "$SUITE" "$MIRROR" "$GROUPS_LIST" | cat - "$0" | sha256sum | cut -c1-16)
ENTRY="$CACHE/debian-$SUITE-$KEY"
ROOT_TAR="$ENTRY/minbase.tar"
log() { echo "debian-base: $*" >&2; }

build_root() {
  local root group name packages alone
  root=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  rm -rf "$ENTRY.tmp" && mkdir -p "$ENTRY.tmp/debs"
  log "debootstrap $SUITE from $MIRROR (cache $ENTRY)"
  debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$ENTRY.tmp/debootstrap.log" 2>&1 || { tail -20 "$ENTRY.tmp/debootstrap.log" >&2; rm -rf "$root"; return 1; }
  # Each group's packages, fetched with the root's own apt: what minbase lacks of them.
  for group in $GROUPS_LIST; do
    name=${group%%:*} packages=${group#*:} alone=''
    case "$packages" in *:*) alone=${packages#*:} packages=${packages%%:*} ;; esac
    chroot "$root" apt-get clean
    # shellcheck disable=SC2086
    chroot "$root" apt-get install -y -qq --download-only --no-install-recommends ${packages//,/ } >/dev/null
    mkdir -p "$ENTRY.tmp/debs/$name" && mv "$root"/var/cache/apt/archives/*.deb "$ENTRY.tmp/debs/$name/"
    if [ -n "$alone" ]; then
      mkdir -p "$ENTRY.tmp/debs/$name/extract"
      # shellcheck disable=SC2086
      (cd "$ENTRY.tmp/debs/$name/extract" && chroot "$root" sh -c "cd /tmp && apt-get download -qq ${alone//,/ } >/dev/null" && mv "$root"/tmp/*.deb .)
    fi
  done
  # An image has no use for apt's lists, docs, manuals or locales.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/var/log/*
  tar --numeric-owner -C "$root" -cf "$ENTRY.tmp/minbase.tar" .
  rm -rf "$root" "$ENTRY"
  mv "$ENTRY.tmp" "$ENTRY"
  # Entries of other inputs are stale.
  find "$CACHE" -maxdepth 1 -type d -name "debian-$SUITE-*" ! -path "$ENTRY" -exec rm -rf {} +
}

mkdir -p "$CACHE"
exec 8>"$CACHE/.lock"
flock -w 600 8 || { log "another build holds $CACHE/.lock"; exit 1; }
if [ -z "$(find "$ROOT_TAR" -mtime -7 2>/dev/null)" ]; then build_root; else log "cached root $ROOT_TAR"; fi

docker import -c 'CMD ["/bin/bash"]' -c 'ENV LANG=C.UTF-8' "$ROOT_TAR" "dockmaster-ci/debian:$SUITE" >/dev/null
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$(command -v node)" "$ctx/node"
cp "$repo/deploy/ci-base/Dockerfile" "$ctx/Dockerfile"
docker build -q --build-arg "DEBIAN=dockmaster-ci/debian:$SUITE" -t "dockmaster-ci/debian-node:$SUITE" "$ctx" >/dev/null
for group in $GROUPS_LIST; do
  name=${group%%:*}
  rm -rf "$repo/deploy/$name/debs" && cp -r "$ENTRY/debs/$name" "$repo/deploy/$name/debs"
done
echo "dockmaster-ci/debian:$SUITE dockmaster-ci/debian-node:$SUITE"
