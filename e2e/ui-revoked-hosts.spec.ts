import { expect, test } from "@playwright/test";
import { signIn } from "./support";
import { trpcMutation } from "./ui-support";

// A revoked host stays in the Hosts list (greyed, revoked, when and by whom) until an admin
// removes it; it does not silently vanish.
const name = `ui-revoked-${process.pid}`;

test("a revoked host stays listed as revoked, with when and by whom, and can be removed from the list", async ({ page }) => {
  await signIn(page);
  // A host to revoke: a direct engine at a socket nobody listens on (it stays offline).
  const added = await trpcMutation<{ hostId: string }>(page, "hosts.addDirectEngine", { name, url: `unix:///tmp/${name}-absent.sock` });
  await page.goto(`/hosts/${added.hostId}/overview`);
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Revoke host" }).click();
  await page.waitForURL((url) => url.pathname === "/hosts");

  const row = page.locator(`[data-testid="host-row"][data-host-name="${name}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("host-status")).toHaveText("revoked");
  await expect(row).toHaveAttribute("data-revoked", "true");
  await expect(row.getByTestId("host-revoked")).toHaveText(/^revoked (just now|.+ ago) by admin$/);
  // The filter hides them, and shows them again.
  await page.getByLabel("Show revoked hosts").uncheck();
  await expect(row).toHaveCount(0);
  await page.getByLabel("Show revoked hosts").check();
  await expect(row).toBeVisible();
  // Not selectable for bulk actions, and removable from here.
  await expect(row.getByRole("checkbox")).toHaveCount(0);
  await row.getByRole("button", { name: `Remove ${name}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: `Remove host ${name}`, exact: true }).click();
  await expect(row).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("row", { name: /local/ })).toBeVisible();
  await expect(row).toHaveCount(0);
});
