import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, signIn } from "./support";
import { denialsSince, lastAuditSeq, trpcMutation, trpcQuery } from "./ui-support";

// Inside a host, each user sees only the tabs they may open, lands on the first of them, and a
// tab reached by its URL without the permission says so instead of asking the server: every
// refused call is a denial in the audit trail, and denials from users merely browsing would hide
// real attacks. Walked as a custom role holding only host.view on the local host, and as a viewer.
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3199}`;

type Person = { username: string; password: string };

const person = (name: string): Person => ({ username: `${name}-${process.pid}`, password: `${name}'s long password here` });
const HOST_ONLY = person("tabs-host-only");
const VIEWER = person("tabs-viewer");
const ALL_TABS = ["Overview", "Containers", "Stacks", "Images", "Networks", "Volumes", "Stats", "Engine", "Events"];

/** Signs in, opens the local host from the Hosts page, then clicks every tab; returns the landing path and the tabs' names. */
async function walkHostTabs(browser: Browser, user: Person, hostId: string): Promise<{ page: Page; landing: string; tabs: string[] }> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await signIn(page, user);
  await page.getByRole("row", { name: /local/ }).getByRole("link", { name: "local" }).click();
  await page.waitForURL(new RegExp(`/hosts/${hostId}`));
  await page.waitForLoadState("networkidle");
  const landing = new URL(page.url()).pathname;
  const nav = page.getByRole("navigation", { name: "Host tabs" });
  await expect(nav.getByRole("link").first()).toBeVisible();
  const tabs = (await nav.getByRole("link").allTextContents()).map((t) => t.trim());
  for (const name of tabs) {
    await nav.getByRole("link", { name, exact: true }).click();
    await expect(nav.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
    await page.waitForLoadState("networkidle");
  }
  return { page, landing, tabs };
}

test("inside a host each user sees the tabs they may open, and opening them records no denial", async ({ page: admin, browser }) => {
  await signIn(admin, ADMIN);
  const [local] = (await trpcQuery<Array<{ id: string; name: string }>>(admin, "hosts.list", {})).filter((h) => h.name === "local");
  const hostOnlyRole = await trpcMutation<{ id: string }>(admin, "roles.create", { name: `tabs-host-only-${process.pid}`, permissions: ["host.view"] });
  const ids: Record<string, string> = {};
  for (const user of [HOST_ONLY, VIEWER]) ids[user.username] = (await trpcMutation<{ id: string }>(admin, "users.create", user)).id;
  await trpcMutation(admin, "grants.create", { scopeType: "host", scopeId: local!.id, subjectType: "user", subjectId: ids[HOST_ONLY.username], roleId: hostOnlyRole.id });
  await trpcMutation(admin, "grants.create", { scopeType: "host", scopeId: local!.id, subjectType: "user", subjectId: ids[VIEWER.username], roleId: "builtin-viewer" });
  const base = `/hosts/${local!.id}`;

  // host.view only: Overview, Engine and Events; lands on Overview (not the Containers tab it may not open).
  let before = await lastAuditSeq(admin);
  const hostOnly = await walkHostTabs(browser, HOST_ONLY, local!.id);
  expect.soft(hostOnly.tabs, "tabs for host.view only").toEqual(["Overview", "Engine", "Events"]);
  expect.soft(hostOnly.landing, "landing tab for host.view only").toBe(`${base}/overview`);
  // Tabs typed in by URL say why they show nothing, and ask nothing the server would refuse.
  for (const path of ["/containers", "/stacks", "/images", "/networks", "/volumes", "/stats"]) {
    await hostOnly.page.goto(`${base}${path}`);
    await expect.soft(hostOnly.page.getByTestId("host-tab-not-allowed"), `notice on ${path}`).toBeVisible();
    await hostOnly.page.waitForLoadState("networkidle");
  }
  expect.soft(await denialsSince(admin, HOST_ONLY.username, before), "denials recorded for the host.view-only user").toEqual([]);
  await hostOnly.page.context().close();

  // A viewer still sees every tab and lands on Containers, without a denial either.
  before = await lastAuditSeq(admin);
  const viewer = await walkHostTabs(browser, VIEWER, local!.id);
  expect.soft(viewer.tabs, "tabs for a viewer").toEqual(ALL_TABS);
  expect.soft(viewer.landing, "landing tab for a viewer").toBe(base);
  await expect.soft(viewer.page.getByTestId("host-tab-not-allowed")).toHaveCount(0);
  expect.soft(await denialsSince(admin, VIEWER.username, before), "denials recorded for the viewer").toEqual([]);
  await viewer.page.context().close();
});
