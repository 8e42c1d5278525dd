import { expect, test } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { signIn } from "./support";

// The fleet containers page is rendered on the server with its first page of rows (no wait for
// the page's scripts and two API round trips), for the signed-in user only, and works once hydrated.
const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
// Sorts first by name, so it is on the first page the server renders.
const name = `0e2e-fleet-${process.pid}`;
let id: string | null = null;

test.afterAll(async () => {
  if (id) await engine.removeContainer(id, { force: true }).catch(() => undefined);
});

test("the first page of rows comes with the HTML, for the signed-in user only, and answers once hydrated", async ({ page, playwright, baseURL }) => {
  ({ id } = await engine.createContainer({ image, name, cmd: ["sleep", "3600"] }));
  await signIn(page);
  await page.getByTestId("nav-fleet-containers").click();
  await expect(page.locator(`[data-container-name="${name}"]`)).toHaveCount(1, { timeout: 15_000 });

  // The document itself, as the signed-in browser gets it: the row is in the HTML.
  const html = await (await page.request.get("/fleet/containers")).text();
  expect(html).toContain(`data-container-name="${name}"`);
  // Without a session: no row, not even in the data sent for hydration.
  const anonymous = await playwright.request.newContext({ baseURL });
  const anonymousHtml = await (await anonymous.get("/fleet/containers")).text();
  expect(anonymousHtml).not.toContain('data-testid="fleet-row"');
  expect(anonymousHtml).not.toContain(name);
  await anonymous.dispose();

  // Loaded afresh (server-rendered), the page answers input once React has hydrated it.
  await page.goto("/fleet/containers");
  await expect(page.locator(`[data-container-name="${name}"]`)).toBeVisible();
  await expect(page.getByText("live", { exact: true })).toBeVisible();
  await page.getByRole("checkbox", { name: `Select ${name} on local` }).check();
  await expect(page.getByTestId("bulk-count")).toHaveText("1 container selected on 1 host(s)");
  await page.getByTestId("fleet-state-filter").selectOption("running");
  await expect(page.locator(`[data-container-name="${name}"]`)).toHaveCount(0);
});
