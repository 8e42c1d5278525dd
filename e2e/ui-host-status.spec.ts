import { expect, test } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { openLocalHost, signIn } from "./support";

// The host's own Containers tab reads "Up Less than a second" from the list fetched on the start
// event; with no further event it must still count on, as `docker ps` would ("Up 5 seconds").
const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const name = `ui-host-status-${process.pid}`;
const created: string[] = [];

test.afterAll(async () => {
  for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
});

test("the host's Containers tab keeps time: 'Up …' counts on after the container started, without a reload", async ({ page }) => {
  await signIn(page);
  await openLocalHost(page);
  await page.getByLabel("Filter containers").fill(name);
  // The list has loaded (the host may hold no container at all, or only others).
  await expect(page.getByText(/^No container(s on this host| matches the filter)\.$/)).toBeVisible({ timeout: 15_000 });
  const { id } = await engine.createContainer({ image, name, cmd: ["sleep", "3600"] });
  created.push(id);
  await engine.startContainer(id);
  // The Status column (Name, Image, State, Status, …).
  const status = page.locator(`[data-testid="container-row"][data-container-name="${name}"] td`).nth(3);
  await expect(status).toHaveText(/^Up (Less than a second|\d seconds?)$/, { timeout: 10_000 });
  // No new event and no reload: the text still moves on by itself.
  await expect(status).toHaveText(/^Up ([3-9]|\d\d) seconds$/, { timeout: 10_000 });
});
