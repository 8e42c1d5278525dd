# Two images from one build context:
#   docker build -t dockmaster .                                  the control plane (default, last stage)
#   docker build --target agent -t dockmaster-agent .             the agent for every other Docker host
# The control plane: the embedded default (SQLite + local agent on the mounted docker.sock).
FROM node:20-bookworm-slim AS base
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 NEXT_TELEMETRY_DISABLED=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY . .
RUN npm ci --no-audit --no-fund

# The agent: dials out to the control plane (DOCKMASTER_URL), enrolls once with
# DOCKMASTER_ENROLL_TOKEN and keeps its secret (0600) in the /data volume; reaches the host's
# engine through the mounted socket. The Add host dialog prints the exact `docker run` line.
FROM base AS agent
ENV NODE_ENV=production DOCKMASTER_AGENT_STATE=/data/agent-credentials.json DOCKER_HOST=unix:///var/run/docker.sock
VOLUME /data
CMD ["node", "--import", "tsx", "apps/agent/src/main.ts"]

FROM base AS control-plane
RUN npm run build
ENV NODE_ENV=production DOCKMASTER_BIND=0.0.0.0 DOCKMASTER_DATA_DIR=/data PORT=3000
VOLUME /data
EXPOSE 3000
CMD ["node", "--max-semi-space-size=64", "--import", "tsx", "apps/web/server.ts"]
