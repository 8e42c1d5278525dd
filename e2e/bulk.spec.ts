import { expect, test } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { signIn } from "./support";

// Bulk actions from the fleet containers page: select two containers, stop them with one
// confirmation, watch each target finish live and read the summary; then find their events.
const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const prefix = `e2e-bulk-${process.pid}`;
const created: string[] = [];

test.afterAll(async () => {
  for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
});

test("stop two containers in one bulk action, with live progress and a summary", async ({ page }) => {
  for (const n of [1, 2]) {
    const { id } = await engine.createContainer({ image, name: `${prefix}-${n}`, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"] });
    created.push(id);
    await engine.startContainer(id);
  }
  await signIn(page);
  await page.getByTestId("nav-fleet-containers").click();
  await page.getByTestId("fleet-name-filter").fill(prefix);
  const rows = page.getByRole("row").filter({ hasText: prefix });
  await expect(rows).toHaveCount(2, { timeout: 15_000 });
  for (const n of [1, 2]) await page.getByRole("checkbox", { name: new RegExp(`Select ${prefix}-${n} on`) }).check();

  const bar = page.getByTestId("bulk-bar");
  await expect(bar.getByTestId("bulk-count")).toHaveText("2 containers selected on 1 host(s)");
  await bar.getByRole("button", { name: "Stop" }).click();
  const dialog = page.getByRole("dialog", { name: "Stop 2 containers?" });
  await dialog.getByRole("button", { name: "Stop 2 containers", exact: true }).click();

  await expect(page.getByTestId("batch-summary")).toContainText("2 succeeded, 0 failed", { timeout: 20_000 });
  await expect(page.getByTestId("batch-target").and(page.locator('[data-status="succeeded"]'))).toHaveCount(2);
  const states = (await engine.listContainers({ all: true })).filter((c) => created.includes(c.id)).map((c) => c.state);
  expect(states).toEqual(["exited", "exited"]);

  // The same batch on its own page, and the stops in the events history.
  await page.getByRole("link", { name: "Open batch page" }).click();
  await expect(page.getByRole("heading", { name: "Bulk action" })).toBeVisible();
  await expect(page.getByTestId("batch-target")).toHaveCount(2);
  await page.goto("/events");
  await page.getByLabel("Container").fill(`${prefix}-1`);
  await page.getByLabel("Action").fill("stop");
  await expect(page.getByTestId("event-row").filter({ hasText: `${prefix}-1` })).toHaveCount(1, { timeout: 10_000 });
});
