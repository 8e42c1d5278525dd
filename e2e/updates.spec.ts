import { expect, test } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { buildTestImage } from "@dockmaster/docker/testing";
import { registryApi } from "../apps/web/test/registry-api";
import { openLocalHost, signIn } from "./support";

// Image updates as an operator meets them: a container runs a tag from the testbed's registry; the
// tag is re-pushed with a new image; *Check now* shows "update available" on the Updates page and
// on the host's container list; *Update* recreates the container from the new digest.
const dockerHost = process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0]!;
const engine = createEngine(engineConfigFromEnv({ dockerHost }));
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
test.afterAll(async () => {
  await engine.removeContainer(name, { force: true }).catch(() => undefined);
  await engine.removeImage(ref, { force: true }).catch(() => undefined);
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
