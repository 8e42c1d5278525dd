#!/usr/bin/env bash
# Builds the web app (turbo-cached) and runs the Playwright specs in Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
npm run build --silent
exec npx playwright test -c e2e/playwright.config.ts "$@"
