import { expect, test, type Page } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { signIn } from "./support";
import { trpcMutation, trpcQuery } from "./ui-support";

// Themes (remembered, in the first HTML: no flash), the command palette across two engines, and a
// title of its own for every page.
test.describe.configure({ mode: "serial" });

const engines = process.env.DOCKMASTER_TEST_ENGINES!.split(",");
const first = createEngine(engineConfigFromEnv({ dockerHost: engines[0] }));
const second = createEngine(engineConfigFromEnv({ dockerHost: engines[1] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const containerName = `e2e-palette-${process.pid}`;
const hostName = `palette-${process.pid}`;
let containerId: string | null = null;
let localContainerId: string | null = null;

test.afterAll(async () => {
  if (containerId) await second.removeContainer(containerId, { force: true }).catch(() => undefined);
  if (localContainerId) await first.removeContainer(localContainerId, { force: true }).catch(() => undefined);
});

/** The theme the server wrote on <html> in the document itself, before any script ran. */
async function themeInMarkup(page: Page): Promise<string | null> {
  const html = await (await page.request.get("/")).text();
  const tag = /<html[^>]*>/.exec(html)?.[0] ?? "";
  return /data-theme="(\w+)"/.exec(tag)?.[1] ?? null;
}

/** WCAG contrast of a class's text colour on the page background (colours resolved by a canvas). */
async function contrastOf(page: Page, textClass: string, backgroundClass = "bg-zinc-950"): Promise<number> {
  return page.evaluate(
    ([fgClass, bgClass]) => {
      const probe = (cls: string, property: "color" | "backgroundColor") => {
        const el = document.createElement("span");
        el.className = cls;
        document.body.append(el);
        const value = getComputedStyle(el)[property];
        el.remove();
        const ctx = document.createElement("canvas").getContext("2d")!;
        ctx.fillStyle = value;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
        const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
      };
      const [a, b] = [probe(fgClass, "color"), probe(bgClass, "backgroundColor")];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    },
    [textClass, backgroundClass] as const,
  );
}

test("the theme follows the system by default, is remembered, and is in the first HTML", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await signIn(page);
  // No choice yet: the server leaves it to the head script, which takes the system's (light).
  expect(await themeInMarkup(page)).toBeNull();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");

  for (const theme of ["dark", "light"] as const) {
    await page.getByTestId("theme-select").selectOption(theme);
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    // The server renders the choice into the document: the page is never painted in the other theme.
    expect(await themeInMarkup(page)).toBe(theme);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    await expect(page.getByTestId("theme-select")).toHaveValue(theme);
    // The two pairs the audit measured below AA, in this theme.
    expect(await contrastOf(page, "text-zinc-500")).toBeGreaterThanOrEqual(4.5);
    expect(await contrastOf(page, "text-zinc-500", "bg-zinc-900")).toBeGreaterThanOrEqual(4.5);
    expect(await contrastOf(page, "text-on-accent", "bg-sky-700")).toBeGreaterThanOrEqual(4.5);
    expect(await contrastOf(page, "text-zinc-400")).toBeGreaterThanOrEqual(4.5);
  }
  const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  // Back to the system's: followed live when it changes.
  await page.getByTestId("theme-select").selectOption("system");
  expect(await themeInMarkup(page)).toBeNull();
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(lightBackground);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
});

test("the palette finds a container on the other host and opens its logs; Escape gives focus back", async ({ page }) => {
  const { id } = await second.createContainer({ image, name: containerName, cmd: ["sh", "-c", "echo palette-log-line; sleep 3600"] });
  containerId = id;
  await second.startContainer(id);
  await signIn(page);
  const { hostId } = await trpcMutation<{ hostId: string }>(page, "hosts.addDirectEngine", { name: hostName, url: engines[1] });
  try {
    await expect(page.getByTestId("host-row").filter({ hasText: hostName })).toContainText(/online/i, { timeout: 20_000 });

    // Opened from the keyboard, anywhere; results as one types (the server-side fleet search).
    await page.keyboard.press("Control+k");
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    await page.keyboard.type(containerName);
    const found = dialog.getByTestId("palette-container").filter({ hasText: containerName }).filter({ hasText: `on ${hostName}` });
    await expect(found).toContainText(`on ${hostName}`, { timeout: 20_000 });
    // The first result is the container itself; the next, its logs.
    await page.keyboard.press("ArrowDown");
    await expect(dialog.getByTestId("palette-container-logs").first()).toHaveAttribute("data-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(`/hosts/${hostId}/containers/${id}/logs`);
    await expect(page.getByText("palette-log-line")).toBeVisible({ timeout: 15_000 });

    // Opened with its button: Escape closes it and focus returns to the button.
    const opener = page.getByTestId("palette-open");
    await opener.click();
    await expect(dialog).toBeVisible();
    await page.keyboard.type("Acc");
    await expect(dialog.getByRole("option", { name: "Account" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(opener).toBeFocused();
  } finally {
    await trpcMutation(page, "hosts.remove", { hostId });
  }
});

test("every page has a title of its own", async ({ page }) => {
  localContainerId = (await first.createContainer({ image, name: `${containerName}-local`, cmd: ["sleep", "3600"] })).id;
  await signIn(page);
  const hosts = await trpcQuery<Array<{ id: string; name: string }>>(page, "hosts.list", {});
  const local = hosts.find((h) => h.name === "local")!;
  const host = `/hosts/${local.id}`;
  const paths = ["/", "/fleet/containers", "/events", "/account", "/audit", "/registries", "/admin/users", "/admin/roles", "/admin/teams", "/admin/grants", host, `${host}/images`, `${host}/networks`, `${host}/volumes`, `${host}/events`, `${host}/engine`, `${host}/stats`, `${host}/containers/new`];
  const container = `${host}/containers/${localContainerId}`;
  paths.push(container, `${container}/logs`, `${container}/stats`);
  // The container's name comes from the host's snapshot: wait for it to list the new container.
  await expect.poll(async () => (await trpcQuery<{ rows: unknown[] }>(page, "fleet.containers", { search: `${containerName}-local` })).rows.length, { timeout: 15_000 }).toBe(1);
  const titles: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    titles.push(await page.title());
  }
  expect(new Set(titles).size, titles.join("\n")).toBe(titles.length);
  for (const title of titles) expect(title).toMatch(/Dockmaster$/);
  expect(titles[paths.indexOf(`${host}/images`)]).toBe("Images · local · Dockmaster");
  expect(titles[paths.indexOf(`${container}/logs`)]).toBe(`Logs · ${containerName}-local · local · Dockmaster`);
});
