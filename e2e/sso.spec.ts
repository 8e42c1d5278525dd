import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { builtInRoleId } from "@dockmaster/core";
import { createDatabase } from "@dockmaster/db";
import { ADMIN, signIn } from "./support";
import { startTestOp, type TestOp } from "../apps/web/test/oidc-op";

// Single sign-on end to end against a real OpenID Provider (oidc-provider on loopback, started
// once for this file): the admin configures it and a group → team mapping in the UI; a user signs
// in through the provider and lands with the team's access; removed from the group at the
// provider, the next sign-in has none; a tampered state is refused; with "go straight to the
// provider" on, /login?local still lets the local admin in. Refusals and sign-ins are audited.
test.describe.configure({ mode: "serial" });

const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3199}`;
const database = () => createDatabase(`file:${join(process.env.E2E_DATA_DIR!, "dockmaster.db")}`);
let op: TestOp;

test.beforeAll(async () => {
  op = await startTestOp({
    clients: [{ client_id: "dockmaster-e2e", client_secret: "e2e-client-secret-0123456789", redirect_uris: [`${baseURL}/api/sso/callback`], post_logout_redirect_uris: [`${baseURL}/login`] }],
    users: { olivia: { password: "olivia-at-the-idp", email: "olivia@corp.test", groups: ["dev-team"] } },
  });
  // The team the provider's group maps to: viewers everywhere.
  const db = database();
  const team = await db.prisma.team.create({ data: { name: "sso-devs" } });
  await db.prisma.grant.create({ data: { subjectType: "team", subjectId: team.id, roleId: builtInRoleId("viewer"), scopeType: "global" } });
  await db.close();
});

test.afterAll(async () => {
  // The specs after this one sign in with the password form: no provider may redirect them.
  const db = database();
  await db.prisma.identityProvider.deleteMany({});
  await db.close();
  await op?.close();
});

async function signInAtProvider(page: Page, password = "olivia-at-the-idp") {
  await page.getByRole("link", { name: "Sign in with Corp IdP" }).click();
  await page.waitForURL((url) => url.href.startsWith(op.issuer));
  await page.getByLabel("OP username").fill("olivia");
  await page.getByLabel("OP password").fill(password);
  await page.getByRole("button", { name: "Continue at the provider" }).click();
}

async function freshPage(browser: Browser) {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

test("sign in through the provider with the mapped team's access, lose it when removed from the group; tampered state refused; break-glass", async ({ page, browser }) => {
  // The admin configures the provider and the mapping in the UI.
  await signIn(page);
  await page.goto("/admin/sso");
  await expect(page.getByTestId("sso-callback-url")).toHaveText(`${baseURL}/api/sso/callback`);
  await page.getByRole("button", { name: "Add an identity provider" }).click();
  await page.getByLabel("Provider name").fill("Corp IdP");
  await page.getByLabel("Issuer URL").fill(`${op.issuer}/`); // the provider's issuer has no trailing slash
  await page.getByLabel("Client ID").fill("dockmaster-e2e");
  await page.getByLabel("Client secret").fill("e2e-client-secret-0123456789");
  await page.getByRole("button", { name: "Add provider" }).click();
  const card = page.getByTestId("provider-card").filter({ hasText: "Corp IdP" });
  await expect(card).toBeVisible();
  await card.getByLabel("Group").fill("dev-team");
  await card.getByLabel("Team").selectOption({ label: "sso-devs" });
  await card.getByRole("button", { name: "Add mapping" }).click();
  await expect(card.getByTestId("mapping-row")).toContainText("dev-team → sso-devs");
  // The secret never comes back to the browser.
  await page.reload();
  await expect(page.getByTestId("provider-card")).toBeVisible();
  expect(await page.content()).not.toContain("e2e-client-secret-0123456789");

  // olivia signs in through the provider (a first sign-in: her account is created) and sees the fleet.
  const olivia = await freshPage(browser);
  await olivia.goto("/login");
  await signInAtProvider(olivia);
  await olivia.waitForURL(`${baseURL}/`);
  await expect(olivia.getByText("olivia", { exact: true })).toBeVisible();
  await olivia.goto("/hosts");
  await expect(olivia.getByRole("row", { name: /local/ })).toBeVisible({ timeout: 15_000 });

  // Sign-out ends the provider's session too (RP-initiated logout), back to /login.
  await olivia.getByRole("button", { name: /log ?out/i }).click();
  await olivia.waitForURL((url) => url.href.startsWith(op.issuer));
  await olivia.getByRole("button", { name: "Yes, sign me out" }).click();
  await olivia.waitForURL(`${baseURL}/login`);

  // Removed from the group at the provider: the next sign-in (a new provider login: its session ended) has no team.
  op.users.olivia!.groups = [];
  await signInAtProvider(olivia);
  await olivia.waitForURL(`${baseURL}/`);
  await expect(olivia.getByTestId("hosts-not-allowed")).toBeVisible();
  await expect(olivia.getByRole("row", { name: /local/ })).toHaveCount(0);

  // A tampered state on the way back is refused, with the login page's own words.
  const tamperer = await freshPage(browser);
  op.tamperCallback = (url) => url.searchParams.set("state", "tampered-state");
  await tamperer.goto("/login");
  await signInAtProvider(tamperer);
  await tamperer.waitForURL(`${baseURL}/login?sso_error=state`);
  op.tamperCallback = null;
  await expect(tamperer.getByText(/did not start in this browser or was already used/)).toBeVisible();

  // Straight to the provider, with the documented way in for a local admin.
  await card.getByRole("button", { name: "Edit" }).click();
  await card.getByLabel("Go straight to this provider from the login page").check();
  await card.getByRole("button", { name: "Save provider" }).click();
  const visitor = await freshPage(browser);
  await visitor.goto("/login");
  await visitor.waitForURL((url) => url.href.startsWith(op.issuer));
  await expect(visitor.getByLabel("OP username")).toBeVisible();
  await visitor.goto("/login?local");
  await visitor.getByLabel(/username/i).fill(ADMIN.username);
  await visitor.getByLabel(/password/i).fill(ADMIN.password);
  await visitor.getByRole("button", { name: /sign in/i }).click();
  await expect(visitor.getByRole("button", { name: /log ?out/i })).toBeVisible();

  // Every sign-in and the refusal, with its reason, are in the audit trail.
  const db = database();
  const records = await db.prisma.auditEvent.findMany({ where: { action: "auth.sso" }, orderBy: { seq: "asc" }, select: { actorName: true, result: true, error: true } });
  await db.close();
  expect(records.filter((r) => r.result === "ok" && r.actorName === "olivia")).toHaveLength(2);
  expect(records).toContainEqual({ actorName: null, result: "denied", error: "bad state: it does not match this browser's sign-in" });
});

test("an admin sets the email single sign-on links a local account by, in the user list; one account per email", async ({ page }) => {
  const db = database();
  // The story above left "go straight to the provider" on: this one signs in with the password form.
  await db.prisma.identityProvider.deleteMany({});
  await db.prisma.user.create({ data: { username: "pat", passwordHash: "" } });
  await db.close();
  await signIn(page);
  await page.goto("/admin/users");
  const pat = page.locator('[data-testid="user-row"][data-username="pat"]');
  await pat.getByRole("button", { name: "Edit the email of pat" }).click();
  await pat.getByRole("textbox", { name: "Email of pat" }).fill("Pat@Corp.test");
  await pat.getByRole("button", { name: "Save the email of pat" }).click();
  await expect(pat).toContainText("pat@corp.test");
  const admin = page.locator(`[data-testid="user-row"][data-username="${ADMIN.username}"]`);
  await admin.getByRole("button", { name: `Edit the email of ${ADMIN.username}` }).click();
  await admin.getByRole("textbox", { name: `Email of ${ADMIN.username}` }).fill("pat@corp.test");
  await admin.getByRole("button", { name: `Save the email of ${ADMIN.username}` }).click();
  await expect(admin.getByRole("alert")).toContainText("already set on user pat");
});
