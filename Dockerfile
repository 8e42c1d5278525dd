# Dockmaster's images, from the compiled tree scripts/images/stage.mjs writes to .image/:
#   npm run images                         stages .image/ and builds both images (scripts/images/build.sh)
# or by hand, after `npm run build && node scripts/images/stage.mjs`:
#   docker build -t dockmaster .                           the control plane (default, last stage)
#   docker build --target agent -t dockmaster-agent .      the agent for every other Docker host
#
# The app is compiled on the build machine and copied in (no `npm ci` here): the build container
# may not reach the npm registry, and better-sqlite3 is compiled for the build machine's Node, so
# BASE_IMAGE must carry the same Node major (checked below). BASE_IMAGE defaults to the official
# Node image; CI builds FROM a Debian root it makes itself (scripts/images/debian-base.sh).
# Works with the classic builder too (docker-compose 1.29 builds with it): no BuildKit syntax.
ARG BASE_IMAGE=node:20-bookworm-slim

# --- Node alone: its binary and the shared libraries it links (the agent's whole runtime) --------
FROM ${BASE_IMAGE} AS node-runtime
COPY .image/node-version /tmp/node-version
RUN set -eu; \
    want=$(cat /tmp/node-version); have=$(node -p 'process.versions.node.split(".")[0]'); \
    [ "$want" = "$have" ] || { echo "BASE_IMAGE has Node $have; the app in .image/ was built with Node $want"; exit 1; }; \
    node=$(command -v node); mkdir -p /runtime/usr/local/bin /runtime/etc /runtime/tmp /runtime/data; \
    cp "$node" /runtime/usr/local/bin/node; \
    for lib in $(ldd "$node" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do cp -L --parents "$lib" /runtime; done; \
    chmod 1777 /runtime/tmp; chown 10001:10001 /runtime/data; chmod 700 /runtime/data; \
    printf 'root:x:0:0::/root:/nonexistent\ndockmaster:x:10001:10001::/data:/nonexistent\n' >/runtime/etc/passwd; \
    printf 'root:x:0:\ndockmaster:x:10001:\n' >/runtime/etc/group

# --- The agent: node + the agent artifact (one file, every dependency inside); nothing else (no shell) ---
# It dials out to the control plane (DOCKMASTER_URL), enrols once with DOCKMASTER_ENROLL_TOKEN and
# keeps its secret (0600) in the /data volume. It reaches the engine through the mounted socket as
# user 10001: give it the socket's group (`--group-add "$(stat -c %g /var/run/docker.sock)"`).
# No HEALTHCHECK: the agent serves nothing; its health is the host's status in Dockmaster.
FROM scratch AS agent
# (/data is the agent user's, set in node-runtime: a COPY --chown of its empty contents left the
# directory root's, and the agent could not store its secret on the volume.)
COPY --from=node-runtime /runtime/ /
COPY .image/agent/dockmaster-agent.cjs /app/dockmaster-agent.cjs
ENV NODE_ENV=production DOCKMASTER_AGENT_STATE=/data/agent-credentials.json DOCKER_HOST=unix:///var/run/docker.sock \
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=32768:glibc.malloc.trim_threshold=0:glibc.malloc.top_pad=0
WORKDIR /app
USER 10001:10001
VOLUME /data
# The flags and GLIBC_TUNABLES: AGENT_NODE_FLAGS and AGENT_ENV (apps/web/src/server/agent-artifacts/node-flags.ts), memory at rest.
ENTRYPOINT ["/usr/local/bin/node", "--max-semi-space-size=1", "--v8-pool-size=1", "/app/dockmaster-agent.cjs"]

# --- The control plane: UI, API, realtime gateways, and the local agent for the mounted socket ---
# pg_dump / pg_restore (PostgreSQL's client 15, Debian bookworm's: the major of the servers Dockmaster
# supports, 15 and older) for backups of PostgreSQL installs: the client package's files only, with
# the libraries it links (not its perl wrappers: ~45 MB). From deploy/control-plane/debs/ when CI put
# the packages there (no network inside its builds), else with apt.
FROM ${BASE_IMAGE} AS control-plane
COPY --from=node-runtime /tmp/node-version /tmp/node-version
COPY .image/deploy/control-plane/ /tmp/packages/
RUN set -eu; cd /tmp/packages; \
    if ls debs/*.deb >/dev/null 2>&1; then dpkg -i debs/*.deb >/dev/null; \
    else apt-get update -qq && apt-get install -y -qq --no-install-recommends libpq5 libreadline8 >/dev/null \
      && mkdir -p debs/extract && (cd debs/extract && apt-get download -qq postgresql-client-15) && rm -rf /var/lib/apt/lists/*; fi; \
    for deb in debs/extract/*.deb; do dpkg-deb -x "$deb" /; done; \
    ln -s /usr/lib/postgresql/15/bin/pg_dump /usr/lib/postgresql/15/bin/pg_restore /usr/local/bin/; \
    cd /; rm -rf /tmp/packages /usr/share/doc/* /usr/share/man/*; pg_dump --version; \
    groupadd -g 10001 dockmaster && useradd -u 10001 -g 10001 -d /data -M -s /usr/sbin/nologin dockmaster \
    && mkdir -p /data && chown 10001:10001 /data && chmod 700 /data && rm /tmp/node-version
COPY .image/control-plane/ /app/
ENV NODE_ENV=production DOCKMASTER_BIND=0.0.0.0 DOCKMASTER_DATA_DIR=/data PORT=3000 \
    DOCKMASTER_LOCAL_AGENT_BUNDLE=/app/apps/agent/dist/dockmaster-agent.cjs NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
USER 10001:10001
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--max-semi-space-size=64", "apps/web/start.mjs"]
