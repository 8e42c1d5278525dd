import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

// The app under test is the real thing: `tsx apps/web/server.ts` on a built Next app, its own
// SQLite data dir, and its local agent pointed at throwaway testbed engine 1 (never the host's).
const engine = process.env.DOCKMASTER_TEST_ENGINES?.split(",")[0];
if (!engine) throw new Error("DOCKMASTER_TEST_ENGINES is not set: run through scripts/with-testbed.sh (npm run test:e2e)");
const port = Number(process.env.E2E_PORT ?? 3199);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), "dm-e2e-"));
process.env.E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: ".",
  // containers.spec.ts starts with the first-run setup of a fresh server, so it runs before the
  // rest, whatever the file names (the others sign in as the admin it creates).
  projects: [
    { name: "first-run", testMatch: "containers.spec.ts" },
    { name: "specs", testMatch: "*.spec.ts", testIgnore: "containers.spec.ts", dependencies: ["first-run"] },
  ],
  timeout: 60_000,
  expect: { timeout: 5_000 },
  workers: 1,
  reporter: [["list"]],
  outputDir: "../test-results",
  globalTeardown: "./global-teardown.ts",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    command: "node --import tsx apps/web/server.ts",
    cwd: "..",
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      DOCKMASTER_BIND: "127.0.0.1",
      DOCKMASTER_DATA_DIR: dataDir,
      DOCKER_HOST: engine,
      // agent-install.spec.ts fills it (the build, then a newer one) and upgrades an agent to it
      DOCKMASTER_AGENT_DIST: join(dataDir, "agent-dist"),
      NODE_ENV: "production",
      // alerts.spec.ts waits for a host.disk alert
      DOCKMASTER_ALERT_DISK_CHECK_SECONDS: "5",
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
    },
  },
});
