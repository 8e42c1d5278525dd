# Control plane image. The embedded default (SQLite + local agent on the mounted docker.sock).
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 NEXT_TELEMETRY_DISABLED=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY . .
RUN npm ci --no-audit --no-fund && npm run build
ENV NODE_ENV=production DOCKMASTER_BIND=0.0.0.0 DOCKMASTER_DATA_DIR=/data PORT=3000
VOLUME /data
EXPOSE 3000
CMD ["node", "--import", "tsx", "apps/web/server.ts"]
