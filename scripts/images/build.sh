#!/usr/bin/env bash
# Builds Dockmaster's images: the app compiled here (npm run build + stage.mjs), then both images.
#   npm run images                      FROM the official Node image (node:20-bookworm-slim)
#   BASE_IMAGE=… npm run images         FROM another base carrying the same Node major
# Tags: dockmaster:$DOCKMASTER_TAG and dockmaster-agent:$DOCKMASTER_TAG (latest), what
# docker-compose.yml runs. Set DOCKMASTER_IMAGES_SKIP_APP=1 to reuse an already staged .image/.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE_IMAGE=${BASE_IMAGE:-node:20-bookworm-slim}
TAG=${DOCKMASTER_TAG:-latest}
if [ -z "${DOCKMASTER_IMAGES_SKIP_APP:-}" ]; then
  NEXT_TELEMETRY_DISABLED=1 npm run build --silent >/dev/null
  node scripts/images/stage.mjs
fi
docker build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" --target agent -t "dockmaster-agent:$TAG" . >/dev/null
docker build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" --target control-plane -t "dockmaster:$TAG" . >/dev/null
echo "built dockmaster:$TAG and dockmaster-agent:$TAG FROM $BASE_IMAGE"
