import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { createDatabase } from "@dockmaster/db";
import { ADMIN, signIn } from "./support";

/**
 * Issue 13 finding 13 in the browser: "Verify chain" offers the signed head for download, and
 * names the records missing when the end of the trail was deleted behind the server's back.
 * The trail is put back as it was afterwards, so the specs after this one find it intact.
 */
test("Verify chain: download the signed head; after the last records are deleted, it names the missing ones", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Audit" }).click();
  await page.getByRole("button", { name: "Verify chain" }).click();
  const status = page.getByTestId("audit-verify");
  await expect(status).toContainText(/chain intact/i);

  const [download] = await Promise.all([page.waitForEvent("download"), status.getByRole("button", { name: "Download signed head" }).click()]);
  const head = JSON.parse(readFileSync(await download.path(), "utf8")) as { format: string; seq: number; count: number; signature: string };
  expect(head).toMatchObject({ format: "dockmaster-audit-anchor/v1", count: head.seq });
  expect(head.signature).toMatch(/^[0-9a-f]{64}$/);
  expect(download.suggestedFilename()).toBe(`dockmaster-audit-head-${head.seq}.json`);

  // Someone with write access to the database deletes the newest two records.
  const database = createDatabase(`file:${join(process.env.E2E_DATA_DIR!, "dockmaster.db")}`);
  const db = database.prisma;
  try {
    // The verify call above wrote its own record after the head it signed; wait for its anchor.
    await expect.poll(async () => (await db.auditAnchor.findFirst({ orderBy: { id: "desc" } }))?.seq, { timeout: 10_000 }).toBe((await db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).seq);
    const last = (await db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).seq;
    const anchorsBefore = (await db.auditAnchor.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
    const removed = await db.auditEvent.findMany({ where: { seq: { gt: last - 2 } } });
    const removedTerms = await db.auditTerm.findMany({ where: { seq: { gt: last - 2 } } });
    await db.auditTerm.deleteMany({ where: { seq: { gt: last - 2 } } });
    await db.auditEvent.deleteMany({ where: { seq: { gt: last - 2 } } });
    try {
      await page.getByRole("button", { name: "Verify chain" }).click();
      await expect(status).toContainText(`Chain broken at record ${last - 1}`);
      await expect(page.getByTestId("audit-verify-missing")).toHaveText(`Records ${last - 1}–${last} (2) are missing from the end of the trail: records were deleted.`);
      await expect(status.getByRole("button", { name: "Download signed head" })).toHaveCount(0);
    } finally {
      // Put the trail back as it was: the originals, without what was written and anchored since the cut.
      await db.auditTerm.deleteMany({ where: { seq: { gt: last - 2 } } });
      await db.auditEvent.deleteMany({ where: { seq: { gt: last - 2 } } });
      await db.auditAnchor.deleteMany({ where: { id: { gt: anchorsBefore } } });
      await db.auditEvent.createMany({ data: removed });
      await db.auditTerm.createMany({ data: removedTerms });
    }
    await page.getByRole("button", { name: "Verify chain" }).click();
    await expect(status).toContainText(/chain intact/i);
  } finally {
    await database.close();
  }
});
