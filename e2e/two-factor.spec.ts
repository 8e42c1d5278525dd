import { expect, test, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

// Two-factor from the browser: turn it on with the authenticator key (the QR code shows the same
// secret), keep the recovery codes, then sign in with password + code.
const ADMIN = { username: "admin", password: "correct horse battery staple" };
const codeFor = (secret: string, offsetSeconds = 0) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() + offsetSeconds * 1000 });

async function passwordStep(page: Page) {
  await page.goto("/");
  await page.waitForURL(/\/(login|setup)$/);
  if (page.url().includes("/setup")) {
    await page.getByLabel(/username/i).fill(ADMIN.username);
    await page.getByLabel(/^password/i).first().fill(ADMIN.password);
    await page.getByLabel(/confirm/i).fill(ADMIN.password);
    await page.getByRole("button", { name: /create admin/i }).click();
    return;
  }
  await page.goto("/login");
  await page.getByLabel(/username/i).fill(ADMIN.username);
  await page.getByLabel(/password/i).fill(ADMIN.password);
  await page.getByRole("button", { name: /sign in/i }).click();
}

test("turn on two-factor, then sign in with password and code", async ({ page }) => {
  await passwordStep(page);
  await page.getByRole("link", { name: "Account" }).click();
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByAltText("QR code for your authenticator app")).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Code from the app", { exact: true }).fill(codeFor(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("recovery-codes").locator("span")).toHaveCount(10);

  await page.getByRole("button", { name: /log ?out/i }).click();
  await page.waitForURL(/\/login$/);
  await passwordStep(page);
  await expect(page.getByLabel("Two-factor code", { exact: true })).toBeVisible();
  await page.getByLabel("Two-factor code", { exact: true }).fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("invalid two-factor code")).toBeVisible();
  // Each code works once; the enrollment spent the current one, the next one is within the window.
  await page.getByLabel("Two-factor code", { exact: true }).fill(codeFor(secret, 30));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("button", { name: /log ?out/i })).toBeVisible();

  // Turned off again with the password: the specs after this one (ui-*) sign in as the admin with a password only.
  await page.getByRole("link", { name: "Account" }).click();
  await page.getByLabel("Password, to turn it off").fill(ADMIN.password);
  await page.getByRole("button", { name: "Turn off" }).click();
  await expect(page.getByRole("button", { name: "Set up an authenticator app" })).toBeVisible();
});
