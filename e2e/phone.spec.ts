import { expect, test, type Locator, type Page } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { ADMIN } from "./support";

// On call from a phone (390 × 844): the hosts list, a host's containers with start / stop /
// restart, a container's logs and the alerts page fit the screen (no sideways scrolling of the
// page), the top bar folds into a Menu button, and the main controls are at least 44 px.
const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const name = `e2e-phone-${process.pid}`;
let containerId: string | null = null;

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
test.afterAll(async () => {
  if (containerId) await engine.removeContainer(containerId, { force: true }).catch(() => undefined);
});

/** The page is no wider than the screen: nothing to scroll sideways. */
async function fitsTheScreen(page: Page) {
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
}

async function atLeast44(control: Locator) {
  const box = await control.boundingBox();
  expect(box, "the control is on screen").not.toBeNull();
  expect(Math.round(box!.height)).toBeGreaterThanOrEqual(44);
  expect(Math.round(box!.width)).toBeGreaterThanOrEqual(44);
}

test("hosts, containers (start, stop, restart), logs and alerts on a 390 px phone", async ({ page }) => {
  test.setTimeout(120_000);
  containerId = (await engine.createContainer({ image, name, cmd: ["sh", "-c", "trap 'exit 0' TERM; while true; do echo phone-log-line; sleep 1; done"] })).id;
  await engine.startContainer(containerId);

  await page.goto("/login");
  await page.getByLabel(/username/i).fill(ADMIN.username);
  await page.getByLabel(/password/i).fill(ADMIN.password);
  await page.getByRole("button", { name: /sign in/i }).tap();

  // The hosts list; the top bar's links are behind the Menu button.
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  // Signed in on the fleet overview; the host list is behind the Menu button.
  await menu.tap();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Hosts", exact: true }).tap();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  const hostRow = page.getByRole("row", { name: /local/ });
  await expect(hostRow).toContainText(/online/i, { timeout: 15_000 });
  await fitsTheScreen(page);
  await atLeast44(menu);
  await menu.tap();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Alerts" })).toBeVisible();
  await atLeast44(nav.getByRole("link", { name: "Alerts" }));
  await expect(page.getByRole("button", { name: /log ?out/i })).toBeVisible();
  await fitsTheScreen(page);
  await menu.tap();

  // The host's containers: name, state and buttons on screen, each button a thumb's size.
  await hostRow.getByRole("link", { name: "local" }).tap();
  const row = page.locator(`[data-testid="container-row"][data-container-name="${name}"]`);
  await expect(row.getByTestId("container-state")).toHaveText("running", { timeout: 15_000 });
  await fitsTheScreen(page);
  const stop = row.getByRole("button", { name: `Stop ${name}`, exact: true });
  for (const control of [stop, row.getByRole("button", { name: `Restart ${name}`, exact: true }), row.getByRole("button", { name: `More actions for ${name}` }), row.getByRole("link", { name, exact: true })]) {
    await expect(control).toBeInViewport();
    await atLeast44(control);
  }
  const confirm = async (action: string) => {
    const button = page.getByRole("dialog").getByRole("button", { name: `${action} container ${name}`, exact: true });
    await atLeast44(button);
    await button.tap();
  };
  await stop.tap();
  await confirm("Stop");
  await expect(row.getByTestId("container-state")).toHaveText("exited", { timeout: 20_000 });
  await row.getByRole("button", { name: `Start ${name}`, exact: true }).tap();
  await confirm("Start");
  await expect(row.getByTestId("container-state")).toHaveText("running", { timeout: 20_000 });
  const startedAt = async () => ((await engine.inspectContainer(containerId!)) as { State: { StartedAt: string } }).State.StartedAt;
  const before = await startedAt();
  await row.getByRole("button", { name: `Restart ${name}`, exact: true }).tap();
  await confirm("Restart");
  await expect.poll(startedAt, { timeout: 20_000 }).not.toBe(before);
  await expect(row.getByTestId("container-state")).toHaveText("running", { timeout: 20_000 });
  await fitsTheScreen(page);

  // Its logs: lines arrive and wrap on the screen.
  await row.getByRole("link", { name, exact: true }).tap();
  const views = page.getByRole("navigation", { name: "Container views" });
  await views.getByRole("link", { name: "Logs" }).tap();
  await expect(page.getByTestId("log-line").filter({ hasText: "phone-log-line" }).first()).toBeVisible({ timeout: 15_000 });
  await fitsTheScreen(page);

  // Alerts.
  await page.getByRole("button", { name: "Menu" }).tap();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).tap();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await fitsTheScreen(page);
  // Every button shown on the page, measured at one moment (the lists re-render as pushes arrive).
  const small = await page.evaluate(() =>
    [...document.querySelectorAll("main button")]
      .map((b) => ({ name: b.getAttribute("aria-label") ?? b.textContent ?? "", box: b.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0 && (Math.round(box.width) < 44 || Math.round(box.height) < 44))
      .map(({ name, box }) => `${name} (${Math.round(box.width)}×${Math.round(box.height)})`),
  );
  expect(await page.locator("main button:visible").count()).toBeGreaterThan(0);
  expect(small, "buttons under 44 px on the alerts page").toEqual([]);
});
