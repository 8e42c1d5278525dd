import { expect, test } from "@playwright/test";
import { signIn } from "./support";

// The admin page's backups: "Back up now" takes an online backup of the running control plane's
// database and lists it with its size and whether the secret key travels in it.
test("an admin backs up the database from the admin page and sees it listed", async ({ page }) => {
  await signIn(page);
  await page.goto("/admin/users");
  const rows = page.getByTestId("backup-row");
  const before = await rows.count();
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(rows).toHaveCount(before + 1);
  await expect(rows.first()).toContainText("sqlite");
  await expect(rows.first()).toContainText("not included");
  await expect(page.getByText(/keeping the newest 7/)).toBeVisible();
});
