import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { NetworkCreateSpec, VolumeCreateSpec } from "@dockmaster/protocol";
import { signIn } from "./support";
import { trpcMutation, trpcQuery } from "./ui-support";

// axe-core (WCAG 2.1 A and AA) on every page of the app, in the light and the dark theme: no
// serious and no critical violation anywhere. The pages are the app's own page.tsx files, so a new
// page without an address here fails the first test; dynamic pages are opened on a real container,
// image, network, volume, stack and bulk batch this spec creates on testbed engine 1.
test.describe.configure({ mode: "serial" });

const engine = createEngine(engineConfigFromEnv({ dockerHost: process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0] }));
const image = process.env.DOCKMASTER_TEST_IMAGE ?? "dockmaster-test/busybox:latest";
const prefix = `e2e-a11y-${process.pid}`;
const made = { containers: [] as string[], networks: [] as string[], volumes: [] as string[], stack: null as null | { hostId: string; stackId: string } };

/** Every page route of the app, as Next names it ("/hosts/[hostId]/images"). */
function appRoutes(): string[] {
  const root = fileURLToPath(new URL("../apps/web/app", import.meta.url));
  const routes: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === "page.tsx") routes.push(`/${relative(root, dir)}`.replace(/\/$/, "").replace(/\/\([^)]+\)/g, "") || "/");
    }
  };
  walk(root);
  return routes.sort();
}

type Ids = { hostId: string; containerId: string; imageId: string; networkId: string; stackId: string; batchId: string };

/** The address each route is checked at; pages that need no session are opened signed out. */
const PAGES: Record<string, { url: (ids: Ids) => string; signedOut?: true }> = {
  "/": { url: () => "/" },
  "/account": { url: () => "/account" },
  "/admin": { url: () => "/admin" },
  "/admin/grants": { url: () => "/admin/grants" },
  "/admin/roles": { url: () => "/admin/roles" },
  "/admin/sso": { url: () => "/admin/sso" },
  "/admin/teams": { url: () => "/admin/teams" },
  "/admin/users": { url: () => "/admin/users" },
  "/alerts": { url: () => "/alerts" },
  "/audit": { url: () => "/audit" },
  "/bulk/[batchId]": { url: (i) => `/bulk/${i.batchId}` },
  "/events": { url: () => "/events" },
  "/fleet/containers": { url: () => "/fleet/containers" },
  "/hosts": { url: () => "/hosts" },
  "/hosts/[hostId]": { url: (i) => `/hosts/${i.hostId}` },
  "/hosts/[hostId]/containers": { url: (i) => `/hosts/${i.hostId}/containers` },
  "/hosts/[hostId]/containers/[containerId]": { url: (i) => `/hosts/${i.hostId}/containers/${i.containerId}` },
  "/hosts/[hostId]/containers/[containerId]/files": { url: (i) => `/hosts/${i.hostId}/containers/${i.containerId}/files` },
  "/hosts/[hostId]/containers/[containerId]/logs": { url: (i) => `/hosts/${i.hostId}/containers/${i.containerId}/logs` },
  "/hosts/[hostId]/containers/[containerId]/stats": { url: (i) => `/hosts/${i.hostId}/containers/${i.containerId}/stats` },
  "/hosts/[hostId]/containers/[containerId]/terminal": { url: (i) => `/hosts/${i.hostId}/containers/${i.containerId}/terminal` },
  "/hosts/[hostId]/containers/new": { url: (i) => `/hosts/${i.hostId}/containers/new` },
  "/hosts/[hostId]/engine": { url: (i) => `/hosts/${i.hostId}/engine` },
  "/hosts/[hostId]/events": { url: (i) => `/hosts/${i.hostId}/events` },
  "/hosts/[hostId]/images": { url: (i) => `/hosts/${i.hostId}/images` },
  "/hosts/[hostId]/images/[imageId]": { url: (i) => `/hosts/${i.hostId}/images/${i.imageId}` },
  "/hosts/[hostId]/images/build": { url: (i) => `/hosts/${i.hostId}/images/build` },
  "/hosts/[hostId]/networks": { url: (i) => `/hosts/${i.hostId}/networks` },
  "/hosts/[hostId]/networks/[networkId]": { url: (i) => `/hosts/${i.hostId}/networks/${i.networkId}` },
  "/hosts/[hostId]/overview": { url: (i) => `/hosts/${i.hostId}/overview` },
  "/hosts/[hostId]/stacks": { url: (i) => `/hosts/${i.hostId}/stacks` },
  "/hosts/[hostId]/stats": { url: (i) => `/hosts/${i.hostId}/stats` },
  "/hosts/[hostId]/volumes": { url: (i) => `/hosts/${i.hostId}/volumes` },
  "/invite": { url: () => "/invite#not-a-real-token", signedOut: true },
  "/login": { url: () => "/login", signedOut: true },
  "/registries": { url: () => "/registries" },
  // After the first run /setup sends a visitor on to the sign-in page: what is checked is what shows.
  "/setup": { url: () => "/setup", signedOut: true },
  "/stacks": { url: () => "/stacks" },
  "/stacks/[stackId]": { url: (i) => `/stacks/${i.stackId}?host=${i.hostId}` },
  "/stacks/new": { url: (i) => `/stacks/new?host=${i.hostId}` },
  "/updates": { url: () => "/updates" },
};

test.afterAll(async () => {
  for (const id of made.containers) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  for (const id of made.networks) await engine.removeNetwork(id).catch(() => undefined);
  for (const name of made.volumes) await engine.removeVolume(name, true).catch(() => undefined);
});

test("every page of the app has an address in this spec", () => {
  const routes = appRoutes();
  expect(routes.length).toBeGreaterThan(30);
  const missing = routes.filter((r) => !(r in PAGES));
  expect(missing, `pages not checked by a11y.spec.ts (add them to PAGES): ${missing.join(", ")}`).toEqual([]);
  const stale = Object.keys(PAGES).filter((r) => !routes.includes(r));
  expect(stale, `PAGES lists routes that no longer exist: ${stale.join(", ")}`).toEqual([]);
});

type Violation = { id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> };

/** One violation per line, with where it is and why: "serious color-contrast (3 nodes) …". */
function describe(url: string, theme: string, violations: Violation[]): string[] {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 4).map((n) => `      at ${JSON.stringify(n.target)}: ${(n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 240)}`);
    return [`${theme} ${url}: ${v.impact} ${v.id} (${v.nodes.length} node(s)) — ${v.help}`, ...nodes].join("\n");
  });
}

/** Opens the page and lets it settle: its main heading, its data (briefly: live pages never go quiet). */
async function open(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator("h1").first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(/^(Loading|Listing)\b.*…$/)).toHaveCount(0, { timeout: 5_000 }).catch(() => undefined);
}

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** axe on the page as it is now: the serious and critical violations, printed per page as found. */
async function audit(page: Page, url: string, theme: string, rules?: string[]) {
  const builder = new AxeBuilder({ page }).withTags(WCAG);
  const result = await (rules ? builder.withRules(rules) : builder).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const lines = describe(url, theme, bad);
  const nodes = bad.reduce((n, v) => n + v.nodes.length, 0);
  console.log(`axe ${theme} ${url}: ${nodes} serious/critical node(s)${lines.map((l) => `\n${l}`).join("")}`);
  return { nodes, lines };
}

/**
 * Switches the open page to the other theme the way the first HTML would have it (<html data-theme>),
 * without reloading: only colours change, so the second pass checks contrast.
 */
async function switchTheme(page: Page, theme: "light" | "dark") {
  await page.evaluate((t) => document.documentElement.setAttribute("data-theme", t), theme);
  await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
}

test("no serious or critical WCAG 2.1 A/AA violation on any page, light and dark", async ({ page, browser }) => {
  test.setTimeout(900_000);
  const { id: containerId } = await engine.createContainer({ image, name: `${prefix}-web`, cmd: ["sh", "-c", "trap 'exit 0' TERM; while true; do echo a11y-log-line; sleep 2; done"] });
  made.containers.push(containerId);
  await engine.startContainer(containerId);
  const network = await engine.createNetwork(NetworkCreateSpec.parse({ name: `${prefix}-net` }));
  made.networks.push(network.id);
  made.volumes.push((await engine.createVolume(VolumeCreateSpec.parse({ name: `${prefix}-vol` }))).name);

  await signIn(page);
  const hostId = (await trpcQuery<Array<{ id: string; name: string }>>(page, "hosts.list", {})).find((h) => h.name === "local")!.id;
  const imageId = (await engine.listImages()).find((i) => i.repoTags.includes(image))!.id.replace(/^sha256:/, "");
  const stack = await trpcMutation<{ stack: { id: string } }>(page, "stacks.create", { hostId, name: `${prefix}-stack`, composeFiles: [{ path: "compose.yaml", content: `services:\n  web:\n    image: ${image}\n` }] });
  made.stack = { hostId, stackId: stack.stack.id };
  const { batchId } = await trpcMutation<{ batchId: string }>(page, "bulk.start", { action: "container.restart", targets: [{ hostId, containerId }] });
  // The snapshot lists the new container before its pages are opened (titles and rows read it).
  await expect.poll(async () => (await trpcQuery<{ rows: unknown[] }>(page, "fleet.containers", { search: `${prefix}-web` })).rows.length, { timeout: 15_000 }).toBe(1);
  const ids: Ids = { hostId, containerId, imageId, networkId: network.id, stackId: stack.stack.id, batchId };

  // Each page is opened once in the dark theme and checked against every WCAG A/AA rule, then
  // turned light and checked for contrast (the rest of the page is the same in both themes).
  const failures: string[] = [];
  const counts: Record<string, number> = {};
  await page.context().addCookies([{ name: "dm-theme", value: "dark", url: page.url() }]);
  const signedOut = await browser.newContext({ colorScheme: "dark" });
  try {
    const visitor = await signedOut.newPage();
    for (const [route, { url, signedOut: out }] of Object.entries(PAGES)) {
      const target = out ? visitor : page;
      const address = url(ids);
      await open(target, address);
      await expect(target.locator("html")).toHaveAttribute("data-theme", "dark");
      for (const theme of ["dark", "light"] as const) {
        if (theme === "light") await switchTheme(target, "light");
        const found = await audit(target, address, theme, theme === "light" ? ["color-contrast"] : undefined);
        counts[`${theme} ${route}`] = found.nodes;
        failures.push(...found.lines);
      }
    }
  } finally {
    await signedOut.close();
  }
  console.log(`axe: ${Object.values(counts).reduce((a, b) => a + b, 0)} serious/critical node(s) on ${Object.keys(counts).length} page views`);
  expect(failures, `\n${failures.join("\n")}\n`).toEqual([]);
});

test.afterAll(async ({ browser }) => {
  if (!made.stack) return;
  const page = await browser.newPage();
  await signIn(page);
  await trpcMutation(page, "stacks.delete", made.stack).catch(() => undefined);
  await page.close();
});
