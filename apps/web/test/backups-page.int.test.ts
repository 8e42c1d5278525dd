import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupsPort } from "../src/server/backups/backups-port";
import { removeDir, signedInClient, signedInUser, startTestPlane, trpcFailure } from "./support";

/**
 * The admin page's backups: "back up now" through tRPC takes a real online SQLite backup of the
 * running control plane into the backup directory, keeps only the newest `keep`, and is audited;
 * a deployer may not list or take them.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
const dir = mkdtempSync(join(tmpdir(), "dm-backups-page-"));
const backupDir = join(dir, "backups");

beforeAll(async () => {
  const secretKey = randomBytes(32);
  plane = await startTestPlane(dir, 0, undefined, { secretKey, backups: backupsPort({ databaseUrl: `file:${join(dir, "test.db")}`, dataDir: dir, secretKey }, backupDir, 2, "0 3 * * *") });
});
afterAll(async () => {
  await plane?.close();
  removeDir(dir);
});

describe("backups from the admin page", () => {
  it("takes a consistent backup now, lists it, keeps the newest two, audits it; a deployer is refused", async () => {
    const admin = signedInClient(plane.port, (await signedInUser(plane.db, "bk-admin", [{ role: "admin" }])).cookie);
    const deployer = signedInClient(plane.port, (await signedInUser(plane.db, "bk-deployer", [{ role: "deployer" }])).cookie);
    expect((await admin.backups.list.query()).settings).toEqual({ dir: backupDir, keep: 2, schedule: "0 3 * * *", passphraseSet: false });
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { backup } = await admin.backups.create.mutate();
      expect(backup).toMatchObject({ provider: "sqlite", keyIncluded: false });
      expect(backup.bytes).toBeGreaterThan(0);
      names.push(backup.name);
      await new Promise((r) => setTimeout(r, 10)); // distinct timestamps in the names
    }
    const listed = (await admin.backups.list.query()).backups.map((b) => b.name);
    expect(listed).toEqual([names[2], names[1]]);
    expect(existsSync(join(backupDir, names[0]!))).toBe(false);
    // The snapshot is a real SQLite database holding the admin who took it.
    const file = readFileSync(join(backupDir, names[2]!, "database.sqlite"));
    expect(file.subarray(0, 15).toString()).toBe("SQLite format 3");
    expect(file.includes(Buffer.from("bk-admin"))).toBe(true);
    const audited = await plane.db.auditEvent.findMany({ where: { action: "backups.create" }, select: { result: true, targetName: true } });
    expect(audited).toHaveLength(3);
    expect(audited[2]).toEqual({ result: "ok", targetName: names[2] });
    expect(await trpcFailure(deployer.backups.create.mutate())).toMatchObject({ code: "FORBIDDEN" });
    expect(await trpcFailure(deployer.backups.list.query())).toMatchObject({ code: "FORBIDDEN" });
  });
});
