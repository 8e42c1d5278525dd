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
/** A page of 40 for the windowed-rows test (created, not started: nothing runs). */
const many = Array.from({ length: 40 }, (_, i) => `0e2e-rows-${process.pid}-${String(i).padStart(2, "0")}`);
const manyIds: string[] = [];

test.afterAll(async () => {
  for (const c of [id, ...manyIds]) if (c) await engine.removeContainer(c, { force: true }).catch(() => undefined);
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

test("a long page renders the rows near the window; scrolling brings the rest, and the page's selection covers all of them", async ({ page }) => {
  for (const n of many) manyIds.push((await engine.createContainer({ image, name: n, cmd: ["sleep", "3600"] })).id);
  await signIn(page);
  await page.getByTestId("nav-fleet-containers").click();
  await page.getByTestId("fleet-name-filter").fill(`0e2e-rows-${process.pid}-`);
  await expect(page.getByTestId("fleet-total")).toHaveText("40 containers", { timeout: 15_000 });
  const rows = page.getByTestId("fleet-row");
  await expect(rows.first()).toHaveAttribute("data-container-name", many[0]!);

  // The window (720 px) holds about ten rows: those and a margin are in the DOM, not all 40.
  const rendered = await rows.count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(40);
  await expect(page.locator(`[data-container-name="${many[39]}"]`)).toHaveCount(0);
  // The table still says how many rows it has, for assistive technology.
  await expect(page.getByTestId("fleet-table")).toHaveAttribute("aria-rowcount", "41");

  // Scrolled to the end: the last rows are rendered and visible, the first ones gone.
  await page.getByTestId("page-next").scrollIntoViewIfNeeded();
  await expect(page.locator(`[data-container-name="${many[39]}"]`)).toBeVisible();
  await expect(page.locator(`[data-container-name="${many[0]}"]`)).toHaveCount(0);

  // "Select this page" takes all 40, rendered or not.
  await page.getByTestId("select-page").check();
  await expect(page.getByTestId("bulk-count")).toHaveText("40 containers selected on 1 host(s)");
});
