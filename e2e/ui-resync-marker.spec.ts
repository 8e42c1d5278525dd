import { join } from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { signIn } from "./support";

// A resync marker on the events page says which window of engine time may be missing events and
// how many were lost. The marker is stored as the agent writes it after a gap (its attributes
// carry the gap); a real gap cannot be made on demand here, so the spec stores one itself in the
// server's database, on the local host, at a seq no agent reaches.
const seq = 900_000_000 + (process.pid % 1_000_000);
const nano = (iso: string) => String(BigInt(Date.parse(iso)) * 1_000_000n);
/** DateTime as Prisma stores it on SQLite (text, e.g. 2026-01-02T03:04:09.000+00:00). */
const stored = (d: Date) => d.toISOString().replace("Z", "+00:00");

test("a resync marker shows the gap window and the number of events lost", async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole("row", { name: /local/ })).toBeVisible();
  const db = new Database(join(process.env.E2E_DATA_DIR!, "dockmaster.db"));
  try {
    db.pragma("busy_timeout = 5000");
    const host = db.prepare(`SELECT "id" FROM "Host" WHERE "name" = 'local'`).get() as { id: string };
    const at = "2026-01-02T03:04:09.000Z";
    const attributes = { reason: "buffer-overrun", detail: "the agent's event buffer overran (7 events dropped)", gapAfterSeq: "41", gapFromTimeNano: nano("2026-01-02T03:04:01.000Z"), gapToTimeNano: nano(at), lostEvents: "7" };
    db.prepare(`INSERT INTO "EngineEvent" ("hostId", "seq", "timeNano", "type", "action", "actorId", "attributes", "time", "receivedAt") VALUES (?, ?, ?, 'dockmaster', 'resync', '', ?, ?, ?)`).run(
      host.id,
      seq,
      nano(at),
      JSON.stringify(attributes),
      stored(new Date(at)),
      stored(new Date()),
    );
  } finally {
    db.close();
  }

  await page.goto("/events");
  await page.getByLabel("Type").selectOption({ label: "resync markers" });
  const marker = page.getByTestId("event-resync").filter({ hasText: "after event #41" });
  await expect(marker).toHaveCount(1);
  await expect(marker.getByTestId("event-resync-lost")).toHaveText("7 events lost");
  await expect(marker).toContainText(/Events may be missing between .+ and .+, after event #41/);
  await expect(marker).toContainText("7 events dropped");
});
