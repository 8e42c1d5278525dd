import { expect, type Page } from "@playwright/test";

/** The first admin every spec signs in as (the first spec to run creates it through /setup). */
export const ADMIN = { username: "admin", password: "correct horse battery staple" };

/** Signs in, then opens the Hosts page (sign-in lands on the overview; most specs start from the host table). */
export async function signIn(page: Page, user = ADMIN) {
  await page.goto("/");
  await page.waitForURL(/\/(login|setup)$/);
  if (page.url().includes("/setup")) {
    await page.getByLabel(/username/i).fill(user.username);
    await page.getByLabel(/^password/i).first().fill(user.password);
    await page.getByLabel(/confirm/i).fill(user.password);
    await page.getByRole("button", { name: /create admin/i }).click();
  } else {
    await page.getByLabel(/username/i).fill(user.username);
    await page.getByLabel(/password/i).fill(user.password);
    await page.getByRole("button", { name: /sign in/i }).click();
  }
  await expect(page.getByRole("button", { name: /log ?out/i })).toBeVisible();
  await page.goto("/hosts");
}

/** Opens the embedded default's own host (the local agent on testbed engine 1). */
export async function openLocalHost(page: Page) {
  const hostRow = page.getByRole("row", { name: /local/ });
  await expect(hostRow).toContainText(/online/i, { timeout: 15_000 });
  await hostRow.getByRole("link", { name: "local" }).click();
}
