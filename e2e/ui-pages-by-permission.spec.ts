import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, signIn } from "./support";
import { denialsSince, lastAuditSeq, trpcMutation, trpcQuery } from "./ui-support";

// Each user sees in the top bar only the pages they may use, and opening them asks nothing the
// server would refuse: every refused call is a denial in the audit trail, and denials from users
// merely browsing would hide real attacks. Walked as an auditor (audit.view only), a viewer of one
// host, and a user with no grant at all.
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3199}`;
const NO_HOST_NOTICE = "You have no access to any host yet — ask an admin for a grant";

type Person = { username: string; password: string };

const person = (name: string): Person => ({ username: `${name}-${process.pid}`, password: `${name}'s long password here` });
const AUDITOR = person("walk-auditor");
const VIEWER = person("walk-viewer");
const NOBODY = person("walk-nobody");

/** Signs in (landing on the Hosts page), then clicks every link of the top bar; returns the links' names. */
async function walkTopBar(browser: Browser, user: Person): Promise<{ page: Page; links: string[] }> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await signIn(page, user);
  await page.waitForLoadState("networkidle");
  const nav = page.locator("header nav");
  const links = (await nav.getByRole("link").allTextContents()).map((t) => t.trim());
  for (const name of links) {
    await nav.getByRole("link", { name, exact: true }).click();
    await page.waitForLoadState("networkidle");
  }
  return { page, links };
}

test("the top bar shows each user the pages they may use, and opening them records no denial", async ({ page: admin, browser }) => {
  await signIn(admin, ADMIN);
  const [local] = (await trpcQuery<Array<{ id: string; name: string }>>(admin, "hosts.list", {})).filter((h) => h.name === "local");
  const auditRole = await trpcMutation<{ id: string }>(admin, "roles.create", { name: `walk-audit-${process.pid}`, permissions: ["audit.view"] });
  const ids: Record<string, string> = {};
  for (const user of [AUDITOR, VIEWER, NOBODY]) ids[user.username] = (await trpcMutation<{ id: string }>(admin, "users.create", user)).id;
  await trpcMutation(admin, "grants.create", { scopeType: "global", subjectType: "user", subjectId: ids[AUDITOR.username], roleId: auditRole.id });
  await trpcMutation(admin, "grants.create", { scopeType: "host", scopeId: local!.id, subjectType: "user", subjectId: ids[VIEWER.username], roleId: "builtin-viewer" });

  const expected: Array<[Person, string[]]> = [
    [AUDITOR, ["Audit", "Account"]],
    [VIEWER, ["Overview", "Hosts", "Containers", "Updates", "Stacks", "Events", "Account"]],
    [NOBODY, ["Account"]],
  ];
  for (const [user, links] of expected) {
    const before = await lastAuditSeq(admin);
    const walked = await walkTopBar(browser, user);
    expect.soft(walked.links, `${user.username}'s top bar`).toEqual(links);
    // The home page (where sign-in lands, the overview): the viewer sees their one host; the others are told why they see none.
    await walked.page.goto("/");
    if (user === VIEWER) await expect.soft(walked.page.getByTestId("overview-hosts-online")).toHaveAttribute("data-value", "1");
    else await expect.soft(walked.page.getByText(NO_HOST_NOTICE)).toBeVisible();
    await walked.page.waitForLoadState("networkidle");
    expect.soft(await denialsSince(admin, user.username, before), `denials recorded for ${user.username}`).toEqual([]);
    await walked.page.context().close();
  }
});
