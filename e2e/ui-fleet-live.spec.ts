import { expect, test } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { signIn } from "./support";

// What the fleet pages show must follow the engine without a reload: the host list's container
// counts, and the fleet view's status text ("Up 5 seconds" keeps counting).
const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const prefix = `ui-live-${process.pid}`;
const created: string[] = [];

test.afterAll(async () => {
  for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
});

/** "running / total" as the Containers cell of the local host's row shows it. */
function countsOf(text: string | null): { running: number; total: number } {
  const m = /(\d+) \/ (\d+)/.exec(text ?? "");
  if (!m) throw new Error(`no counts in ${text}`);
  return { running: Number(m[1]), total: Number(m[2]) };
}

test("the Hosts page's container counts follow containers created, started, stopped and removed, without a reload", async ({ page }) => {
  await signIn(page);
  // The Containers column: "running / total".
  const cell = page.locator('[data-testid="host-row"][data-host-name="local"] td').nth(7);
  await expect(cell).toHaveText(/\d+ \/ \d+/, { timeout: 15_000 });
  const before = countsOf(await cell.textContent());

  const { id } = await engine.createContainer({ image, name: `${prefix}-counted`, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"] });
  created.push(id);
  await expect(cell).toHaveText(`${before.running} / ${before.total + 1}`, { timeout: 10_000 });
  await engine.startContainer(id);
  await expect(cell).toHaveText(`${before.running + 1} / ${before.total + 1}`, { timeout: 10_000 });
  await engine.stopContainer(id, 1);
  await expect(cell).toHaveText(`${before.running} / ${before.total + 1}`, { timeout: 10_000 });
  await engine.removeContainer(id, { force: true });
  await expect(cell).toHaveText(`${before.running} / ${before.total}`, { timeout: 10_000 });
});

test("the fleet view's status text keeps time: 'Up …' counts on after the container started", async ({ page }) => {
  await signIn(page);
  await page.getByTestId("nav-fleet-containers").click();
  await page.getByTestId("fleet-name-filter").fill(`${prefix}-ticking`);
  await expect(page.getByTestId("fleet-empty")).toBeVisible({ timeout: 15_000 });
  const { id } = await engine.createContainer({ image, name: `${prefix}-ticking`, cmd: ["sleep", "3600"] });
  created.push(id);
  await engine.startContainer(id);
  // The Status column.
  const status = page.locator(`[data-container-name="${prefix}-ticking"] td`).nth(5);
  await expect(status).toHaveText(/^Up (Less than a second|\d seconds?)$/, { timeout: 10_000 });
  // No new event: the text still moves on by itself.
  await expect(status).toHaveText(/^Up ([3-9]|\d\d) seconds$/, { timeout: 10_000 });
});
