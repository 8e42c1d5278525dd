import { expect, test, type Page } from "@playwright/test";
import { ADMIN, signIn } from "./support";
import { trpcMutation, trpcQuery } from "./ui-support";

// An auditor (audit.view everywhere, host.view nowhere) opens the Audit and Events pages: the
// pages must not ask for what the auditor cannot see, so their loads leave no denial in the
// audit trail, and the Host column shows host ids instead of names.
const AUDITOR = { username: `auditor-${process.pid}`, password: "an auditor's long password" };
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3199}`;

type AuditPage = { items: Array<{ seq: number; action: string; result: string; actorName: string | null }> };

/** The auditor's denied calls recorded after `afterSeq`, as the admin reads them. */
async function denialsSince(admin: Page, afterSeq: number) {
  const page = await trpcQuery<AuditPage>(admin, "audit.list", { actor: AUDITOR.username, result: "denied", limit: 100 });
  return page.items.filter((r) => r.seq > afterSeq).map((r) => r.action);
}

async function lastSeq(admin: Page): Promise<number> {
  const page = await trpcQuery<AuditPage>(admin, "audit.list", { limit: 1 });
  return page.items[0]?.seq ?? 0;
}

test("a user with audit.view but no host.view opens Audit and Events without a recorded denial", async ({ page: admin, browser }) => {
  await signIn(admin, ADMIN);
  const user = await trpcMutation<{ id: string }>(admin, "users.create", AUDITOR);
  const role = await trpcMutation<{ id: string }>(admin, "roles.create", { name: `auditor-role-${process.pid}`, permissions: ["audit.view"] });
  await trpcMutation(admin, "grants.create", { scopeType: "global", subjectType: "user", subjectId: user.id, roleId: role.id });
  // A record about a host for the Host column: the admin starts a container that does not exist
  // on the local host (the engine's 404 is recorded as an error; nothing is touched).
  const [local] = (await trpcQuery<Array<{ id: string; name: string }>>(admin, "hosts.list", {})).filter((h) => h.name === "local");
  const missing = `ui-audit-missing-${process.pid}`;
  const status = await admin.evaluate(
    async (body) => (await fetch("/api/trpc/containers.start", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: body }) })).status,
    { hostId: local!.id, id: missing },
  );
  expect(status).toBeGreaterThanOrEqual(400);

  const auditor = await (await browser.newContext({ baseURL })).newPage();
  await signIn(auditor, AUDITOR);
  await auditor.waitForLoadState("networkidle");
  const before = await lastSeq(admin);

  await auditor.getByRole("link", { name: "Audit" }).click();
  const hostCell = auditor.locator('[data-testid="audit-row"][data-action="containers.start"] [data-testid="audit-host"]').first();
  await expect(hostCell).toHaveText(local!.id.slice(0, 12));
  await auditor.waitForLoadState("networkidle");
  expect(await denialsSince(admin, before)).toEqual([]);

  // The top bar has no Events link for the auditor (e2e/ui-pages-by-permission.spec.ts): typed in.
  await auditor.goto("/events");
  await expect(auditor.getByTestId("events-not-allowed")).toBeVisible();
  await auditor.waitForLoadState("networkidle");
  expect(await denialsSince(admin, before)).toEqual([]);
});
