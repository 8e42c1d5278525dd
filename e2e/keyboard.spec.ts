import { expect, test, type Locator, type Page } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { ADMIN } from "./support";

// The seed walkthrough's main steps with the keyboard alone (no click, no tap): sign in, create
// the network ownbridge-kb, build the Hello World image, run it on that network, read its logs,
// use a terminal and leave it with Ctrl+], stop it (counting the keys), try the "More" menu and
// the dialogs' focus, then remove all of it. After every page change focus is on the page's
// heading; after every dialog it is back where it was.
const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const baseImage = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const tag = `seed-kb:e2e-${process.pid}`;
const name = `seed-kb-${process.pid}`;
const network = `ownbridge-kb-${process.pid}`;

async function cleanUp() {
  for (const c of await engine.listContainers({ all: true })) if (c.name === name) await engine.removeContainer(c.id, { force: true });
  for (const n of await engine.listNetworks()) if (n.name === network) await engine.removeNetwork(n.id);
  for (const i of await engine.listImages()) if (i.repoTags.includes(tag)) await engine.removeImage(i.id, { force: true });
}
test.beforeAll(cleanUp);
test.afterAll(cleanUp);

/** Every key pressed (a typed character is one key too). */
class Keyboard {
  count = 0;
  constructor(private readonly page: Page) {}
  async press(key: string) {
    this.count += 1;
    await this.page.keyboard.press(key);
  }
  async type(text: string) {
    this.count += text.length;
    await this.page.keyboard.type(text);
  }
  /** Tab (or Shift+Tab: `back`) until `target` has focus. */
  async tabTo(target: Locator, max = 80, back = false) {
    await target.waitFor();
    for (let i = 0; i <= max; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      await this.press(back ? "Shift+Tab" : "Tab");
    }
    throw new Error(`${max} Tabs did not reach ${target.toString()}`);
  }
  /** Tab to the field, select what it holds and type over it. */
  async fill(target: Locator, text: string) {
    await this.tabTo(target);
    await this.press("Control+a");
    await this.type(text);
  }
}

/** After a navigation, focus is on the new page's main heading. */
async function headingFocused(page: Page) {
  await expect(page.locator("main h1").first()).toBeFocused({ timeout: 10_000 });
}

async function focusIsNotLost(page: Page) {
  await expect.poll(() => page.evaluate(() => document.activeElement !== document.body && document.activeElement !== null)).toBe(true);
}

test("the seed walkthrough by keyboard alone", async ({ page }) => {
  test.setTimeout(180_000);
  const keys = new Keyboard(page);
  await page.goto("/login");
  await keys.tabTo(page.getByLabel(/username/i));
  await keys.type(ADMIN.username);
  await keys.press("Tab");
  await keys.type(ADMIN.password);
  await keys.press("Enter");
  // Signed in, on the fleet overview (the home page). The host list is in the top bar: Shift+Tab
  // back to it.
  await expect(page.locator("main h1").first()).toBeVisible({ timeout: 15_000 });
  await keys.tabTo(page.getByRole("link", { name: "Hosts", exact: true }), 200, true);
  await keys.press("Enter");
  await expect(page.getByRole("row", { name: /local/ })).toContainText(/online/i, { timeout: 15_000 });
  await headingFocused(page);
  // Before the top bar, a link skips it: it takes focus to the page's content.
  await keys.tabTo(page.getByRole("link", { name: "Skip to content" }), 80, true);
  await keys.press("Enter");
  await keys.tabTo(page.getByRole("row", { name: /local/ }).getByRole("link", { name: "local" }));
  await keys.press("Enter");
  await headingFocused(page);
  const tabs = page.getByRole("navigation", { name: "Host tabs" });

  // ownbridge: a /30 leaves 2 usable addresses.
  await keys.tabTo(tabs.getByRole("link", { name: "Networks" }));
  await keys.press("Enter");
  await headingFocused(page);
  await keys.tabTo(page.getByTestId("network-create"));
  await keys.press("Enter");
  const form = page.getByTestId("network-create-form");
  await keys.fill(form.getByLabel("Name", { exact: true }), network);
  await keys.fill(form.getByLabel("Subnet (CIDR)"), "172.31.0.0/30");
  await keys.fill(form.getByLabel("Gateway", { exact: true }), "172.31.0.1");
  await expect(page.getByTestId("cidr-explanation")).toContainText("2 usable");
  await keys.press("Enter");
  await expect(page.getByTestId("network-row").filter({ hasText: network })).toContainText("172.31.0.0/30", { timeout: 15_000 });

  // Build the image (it says hello in its log, then serves Hello World).
  await keys.tabTo(tabs.getByRole("link", { name: "Images" }));
  await keys.press("Enter");
  await headingFocused(page);
  await keys.tabTo(page.getByTestId("open-build"));
  await keys.press("Enter");
  await headingFocused(page);
  const dockerfile = [`FROM ${baseImage}`, "COPY index.html /html/index.html", "EXPOSE 1234", `CMD ["sh", "-c", "echo hello-from-seed; exec httpd -f -v -p 1234 -h /html"]`].join("\n");
  await keys.fill(page.getByLabel("Dockerfile"), dockerfile);
  await expect(page.getByTestId("build-file-name")).toHaveValue("index.html");
  await keys.fill(page.getByTestId("build-tags"), tag);
  await keys.tabTo(page.getByTestId("build-submit"));
  await keys.press("Enter");
  await expect(page.getByTestId("build-state")).toHaveText("done", { timeout: 30_000 });

  // Run it on the network.
  await keys.tabTo(tabs.getByRole("link", { name: "Containers" }));
  await keys.press("Enter");
  await headingFocused(page);
  await keys.tabTo(page.getByTestId("create-container"));
  await keys.press("Enter");
  await headingFocused(page);
  await keys.fill(page.getByLabel("Image", { exact: true }), tag);
  await keys.fill(page.getByLabel("Name", { exact: true }), name);
  await keys.fill(page.getByLabel("Network", { exact: true }), network);
  await keys.tabTo(page.getByTestId("create-submit"));
  await keys.press("Enter");
  await expect(page.getByTestId("container-name")).toHaveText(name, { timeout: 15_000 });
  await headingFocused(page);

  // Logs, then a terminal that lets go with Ctrl+].
  const views = page.getByRole("navigation", { name: "Container views" });
  await keys.tabTo(views.getByRole("link", { name: "Logs" }));
  await keys.press("Enter");
  await expect(page.getByTestId("log-output")).toContainText("hello-from-seed", { timeout: 15_000 });
  await keys.tabTo(views.getByRole("link", { name: "Terminal" }));
  await keys.press("Enter");
  await expect(page.getByTestId("terminal-keys")).toContainText("Ctrl+] to leave it");
  await keys.tabTo(page.getByTestId("terminal-connect"));
  await keys.press("Enter");
  await expect(page.getByTestId("terminal-state")).toHaveText("open", { timeout: 10_000 });
  await keys.type("ls /html\n");
  await expect(page.getByTestId("terminal")).toContainText("index.html", { timeout: 10_000 });
  // Tab and Escape belong to the shell…
  await keys.press("Tab");
  await keys.press("Escape");
  await expect(page.getByTestId("terminal").locator("textarea")).toBeFocused();
  // …Ctrl+] leaves.
  await keys.press("Control+BracketRight");
  await expect(page.getByTestId("terminal-connect")).toBeFocused();

  // Stop it from the host's list (the tabs are above the terminal: Shift+Tab back to them), counting
  // the keys from the page's arrival to the stop.
  await keys.tabTo(tabs.getByRole("link", { name: "Containers" }), 80, true);
  await keys.press("Enter");
  await headingFocused(page);
  const before = keys.count;
  await keys.tabTo(page.getByLabel("Filter containers"));
  await keys.type(name);
  const row = page.locator(`[data-testid="container-row"][data-container-name="${name}"]`);
  await expect(page.getByTestId("container-row")).toHaveCount(1);
  const stop = row.getByRole("button", { name: `Stop ${name}`, exact: true });
  await keys.tabTo(stop);
  const toReachStop = keys.count - before;
  // A dialog closed with Escape gives focus back to its opener.
  await keys.press("Enter");
  const dialog = page.getByRole("dialog", { name: `Stop container ${name}?` });
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await keys.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(stop).toBeFocused();
  await keys.press("Enter");
  await keys.press("Tab");
  await expect(dialog.getByRole("button", { name: `Stop container ${name}`, exact: true })).toBeFocused();
  await keys.press("Enter");
  await expect(row.getByTestId("container-state")).toHaveText("exited", { timeout: 20_000 });
  const stopKeys = toReachStop + 3; // Enter, Tab (Cancel → Stop container …), Enter
  console.log(`keyboard: stopping a container took ${stopKeys} keys from the containers page (${name.length} of them typing the filter)`);
  expect(stopKeys).toBeLessThan(47);
  await focusIsNotLost(page);

  // The "More" menu: arrows move, Escape closes it and focus goes back to its button.
  const more = row.getByRole("button", { name: `More actions for ${name}` });
  await keys.tabTo(more);
  await keys.press("ArrowDown");
  const menu = page.getByRole("menu", { name: `More actions for ${name}` });
  const items = menu.getByRole("menuitem", { disabled: false }); // Pause is disabled: the container is stopped
  await expect(items.first()).toBeFocused();
  await keys.press("End");
  await expect(items.last()).toBeFocused();
  await keys.press("ArrowDown");
  await expect(items.first()).toBeFocused();
  await keys.press("Escape");
  await expect(menu).toHaveCount(0);
  await expect(more).toBeFocused();
  // An action chosen in the menu: its dialog gives focus back to the menu's button.
  await keys.press("Enter");
  await expect(items.first()).toBeFocused();
  const rename = menu.getByRole("menuitem", { name: `Rename ${name}…` });
  for (let i = 0; i < 5 && !(await rename.evaluate((el) => el === document.activeElement)); i++) await keys.press("ArrowDown");
  await keys.press("Enter");
  await expect(page.getByRole("dialog", { name: `Rename container ${name}?` }).getByLabel("New name")).toBeFocused();
  await keys.press("Escape");
  await expect(more).toBeFocused();

  // Remove the container (the dialog's first field is Force; then Cancel, then Remove).
  await keys.tabTo(row.getByRole("button", { name: `Remove ${name}`, exact: true }));
  await keys.press("Enter");
  const removeDialog = page.getByRole("dialog", { name: `Remove container ${name}?` });
  await keys.tabTo(removeDialog.getByRole("button", { name: `Remove container ${name}`, exact: true }), 3);
  await keys.press("Enter");
  await expect(row).toHaveCount(0, { timeout: 10_000 });
  await focusIsNotLost(page);

  // The network and the image.
  await keys.tabTo(tabs.getByRole("link", { name: "Networks" }));
  await keys.press("Enter");
  await headingFocused(page);
  page.once("dialog", (d) => void d.accept());
  await keys.tabTo(page.getByRole("button", { name: `Remove network ${network}` }));
  await keys.press("Enter");
  await expect(page.getByTestId("network-row").filter({ hasText: network })).toHaveCount(0, { timeout: 10_000 });
  await keys.tabTo(tabs.getByRole("link", { name: "Images" }));
  await keys.press("Enter");
  await headingFocused(page);
  const image = page.getByTestId("image-row").filter({ hasText: tag });
  await keys.tabTo(image.getByTestId("image-remove"));
  await keys.press("Enter");
  const imageDialog = page.getByRole("dialog");
  await keys.tabTo(imageDialog.getByRole("button", { name: /^Remove / }), 6);
  await keys.press("Enter");
  await expect(image).toHaveCount(0, { timeout: 10_000 });
  console.log(`keyboard: the whole walkthrough took ${keys.count} keys`);
});
