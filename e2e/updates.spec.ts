import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { buildTestImage } from "@dockmaster/docker/testing";
import { registryApi } from "../apps/web/test/registry-api";
import { startSecondAgent } from "./second-host";
import { openLocalHost, signIn } from "./support";

// Image updates as an operator meets them: a container runs a tag from the testbed's registry; the
// tag is re-pushed with a new image; *Check now* shows "update available" on the Updates page and
// on the host's container list; *Update* recreates the container from the new digest.
test.describe.configure({ mode: "serial" });
const engines = process.env.DOCKMASTER_TEST_ENGINES!.split(",");
const dockerHost = engines[0]!;
const engine = createEngine(engineConfigFromEnv({ dockerHost }));
const engine2 = createEngine(engineConfigFromEnv({ dockerHost: engines[1]! }));
const baseImage = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const registry = process.env.DOCKMASTER_TEST_REGISTRY!;
const username = process.env.DOCKMASTER_TEST_REGISTRY_USER!;
const password = process.env.DOCKMASTER_TEST_REGISTRY_PASSWORD!;
const repo = `e2e-upd-${process.pid}`;
const ref = `${registry}/${repo}:1`;
const name = `e2e-upd-${process.pid}`;

test.beforeAll(async () => {
  if (!registry) throw new Error("DOCKMASTER_TEST_REGISTRY is not set: run through scripts/with-testbed.sh");
  await buildTestImage(dockerHost, ref, { Dockerfile: `FROM ${baseImage}\nLABEL version=1\n` });
  for await (const _ of engine.pushImage(ref, { auth: { username, password, serveraddress: registry }, signal: AbortSignal.timeout(60_000) })) void _;
  await engine.runContainer({ image: ref, name, cmd: ["sleep", "3600"] });
});
// The bulk story: one tag on two hosts (engine 2 enrolled as a second host), updated as one batch.
const bulkRepo = `e2e-updbulk-${process.pid}`;
const bulkRef = `${registry}/${bulkRepo}:1`;
const bulkName = `e2e-updbulk-${process.pid}`;
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3199}`;
let secondAgent: ChildProcess | undefined;

test.afterAll(async () => {
  secondAgent?.kill("SIGTERM");
  await engine.removeContainer(name, { force: true }).catch(() => undefined);
  await engine.removeImage(ref, { force: true }).catch(() => undefined);
  for (const e of [engine, engine2]) {
    await e.removeContainer(bulkName, { force: true }).catch(() => undefined);
    await e.removeImage(bulkRef, { force: true }).catch(() => undefined);
  }
});

test("the update badge appears after a re-push, and Update recreates the container with the new digest", async ({ page }) => {
  await signIn(page);
  // The registry's login (another spec may have stored it already: one per registry host).
  await page.goto("/registries");
  await expect(page.getByRole("heading", { name: "Registries" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  if ((await page.getByTestId("registry-row").filter({ hasText: registry }).count()) === 0) {
    await page.getByTestId("registry-name").fill(`e2e-upd-${process.pid}`);
    await page.getByTestId("registry-address").fill(registry);
    await page.getByTestId("registry-username").fill(username);
    await page.getByTestId("registry-password").fill(password);
    await page.getByTestId("registry-save").click();
    await expect(page.getByTestId("registry-row").filter({ hasText: registry })).toHaveCount(1);
  }

  await page.getByTestId("nav-updates").click();
  await page.getByLabel(/Plain-HTTP registries/).fill(registry);
  // The new container has no healthcheck: it must keep running this long before the old one goes.
  await page.getByLabel(/Health watch after an update/).fill("2");
  await page.getByTestId("update-settings-save").click();
  await expect(page.getByText("Saved.")).toBeVisible();
  const row = page.getByTestId("update-row").filter({ hasText: name });
  await page.getByTestId("updates-check-now").click();
  await expect(page.getByTestId("updates-check-result")).toBeVisible({ timeout: 30_000 });
  await expect(row.getByTestId("update-current")).toBeVisible();

  // A new image under the same tag, straight through the registry API.
  const v2 = await registryApi(registry, username, password).variant(repo, "1", (config) => void ((config.config as { Labels: Record<string, string> }).Labels.version = "2"), "1");
  await page.getByTestId("updates-check-now").click();
  await expect(row.getByTestId("update-available")).toBeVisible({ timeout: 30_000 });
  // The host's container list shows the badge too.
  await page.goto("/hosts");
  await openLocalHost(page);
  await expect(page.getByTestId("container-row").filter({ hasText: name }).getByTestId("update-available")).toBeVisible({ timeout: 15_000 });
  // The filter keeps only what has an update.
  await page.getByTestId("nav-updates").click();
  await page.getByTestId("updates-only-available").check();
  await expect(row).toHaveCount(1);
  await expect(page.getByTestId("update-row").filter({ has: page.getByTestId("update-current") })).toHaveCount(0);

  await row.getByTestId("update-container").click();
  await expect(page.getByTestId("updates-update-result")).toContainText(`Recreated from ${ref}`, { timeout: 60_000 });
  const recreated = await engine.inspectContainer(name);
  expect((recreated.State as { Running: boolean }).Running).toBe(true);
  expect((await engine.inspectImage(String(recreated.Image))).repoDigests).toContain(`${registry}/${repo}@${v2.digest}`);
});

test("Update selected: containers on two hosts updated as one batch with live progress, both recreated with the new digest", async ({ page }) => {
  secondAgent = await startSecondAgent(baseURL, engines[1]!);
  const auth = { username, password, serveraddress: registry };
  await buildTestImage(dockerHost, bulkRef, { Dockerfile: `FROM ${baseImage}\nLABEL version=1\n` });
  for await (const _ of engine.pushImage(bulkRef, { auth, signal: AbortSignal.timeout(60_000) })) void _;
  for await (const _ of engine2.pullImage(bulkRef, { auth, signal: AbortSignal.timeout(60_000) })) void _;
  for (const e of [engine, engine2]) await e.runContainer({ image: bulkRef, name: bulkName, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"] });
  const v2 = await registryApi(registry, username, password).variant(bulkRepo, "1", (config) => void ((config.config as { Labels: Record<string, string> }).Labels.version = "2"), "1");

  await signIn(page);
  await expect(page.locator('[data-testid="host-row"][data-host-name="second"]')).toContainText(/online/i, { timeout: 20_000 });
  await page.getByTestId("nav-updates").click();
  const rows = page.getByTestId("update-row").filter({ hasText: bulkName });
  await expect(rows).toHaveCount(2, { timeout: 15_000 });
  await page.getByTestId("updates-check-now").click();
  await expect(rows.getByTestId("update-available")).toHaveCount(2, { timeout: 30_000 });

  // The fleet containers view shows the badge, and filters on it.
  await page.goto("/fleet/containers");
  await page.getByTestId("fleet-name-filter").fill(bulkName);
  await page.getByTestId("fleet-update-filter").check();
  const fleetRows = page.getByTestId("fleet-row").filter({ hasText: bulkName });
  await expect(fleetRows.getByTestId("update-available")).toHaveCount(2, { timeout: 15_000 });
  await page.getByTestId("fleet-name-filter").fill(name);
  await expect(page.getByTestId("fleet-row").filter({ hasText: name })).toHaveCount(0); // updated in the first test: no update left

  await page.getByTestId("nav-updates").click();
  await expect(rows.getByTestId("update-select")).toHaveCount(2, { timeout: 15_000 });
  for (const row of await rows.all()) await row.getByTestId("update-select").check();
  await page.getByTestId("updates-update-selected").click();
  await expect(page).toHaveURL(/\/bulk\//);
  await expect(page.getByTestId("batch-summary")).toContainText("2 succeeded, 0 failed", { timeout: 90_000 });
  await expect(page.getByTestId("batch-target").and(page.locator('[data-status="succeeded"]'))).toHaveCount(2);
  for (const e of [engine, engine2]) {
    const recreated = await e.inspectContainer(bulkName);
    expect((recreated.State as { Running: boolean }).Running).toBe(true);
    expect((await e.inspectImage(String(recreated.Image))).repoDigests).toContain(`${registry}/${bulkRepo}@${v2.digest}`);
  }
});
