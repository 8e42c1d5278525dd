import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "@dockmaster/core";
import { createDatabase } from "@dockmaster/db";
import { migrate } from "@dockmaster/db/migrate";
import { removeDir, signedInUser, startTestPlane, uiClient, waitFor } from "./support";

/**
 * Never a lost audit record: a lone surrogate ("\ud800") in any field made the record's write fail,
 * and the failure went unnoticed. Every string is made well-formed before it is hashed and stored;
 * a write that still fails is logged as an error and rejected, never swallowed.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;

beforeAll(async () => {
  plane = await startTestPlane();
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

describe("lone surrogates", () => {
  it("a denied host:subscribe for the id \\ud800 on the /ui socket is audited", async () => {
    const viewer = await signedInUser(plane.db, "surrogate-viewer", []);
    const socket = await uiClient(plane.port, viewer.cookie);
    try {
      const reply: unknown = await socket.timeout(5_000).emitWithAck("host:subscribe", { hostId: "\ud800" });
      expect(reply).toMatchObject({ ok: false });
      const row = await waitFor(() => plane.db.auditEvent.findFirst({ where: { action: "ui.host:subscribe", actorName: "surrogate-viewer" } }), "the denial's audit record", 5_000);
      expect(row).toMatchObject({ result: "denied", hostId: "\ufffd" });
    } finally {
      socket.close();
    }
  });

  it("a lone surrogate in every field of an entry: the record is written and the chain verifies", async () => {
    const bad = "x\udc00y\ud800";
    const seq = await plane.audit.append({
      actor: { type: "user", id: bad, name: bad },
      ip: bad,
      userAgent: `${"a".repeat(299)}\u{1F600}`, // cut at 300 characters: inside the emoji's surrogate pair
      action: `test.${bad}`,
      hostId: bad,
      target: { type: bad, id: bad, name: bad },
      params: { [bad]: bad, nested: [bad, { deeper: bad }] },
      result: "error",
      error: `No such host ${bad}`,
      correlationId: bad,
    });
    const row = await plane.db.auditEvent.findUniqueOrThrow({ where: { seq } });
    expect(row).toMatchObject({ actorName: "x\ufffdy\ufffd", hostId: "x\ufffdy\ufffd", targetId: "x\ufffdy\ufffd", error: "No such host x\ufffdy\ufffd" });
    expect(/\p{Surrogate}/u.test(row.userAgent!)).toBe(false);
    expect(JSON.parse(row.params)).toEqual({ "x\ufffdy\ufffd": "x\ufffdy\ufffd", nested: ["x\ufffdy\ufffd", { deeper: "x\ufffdy\ufffd" }] });
    expect(await plane.audit.verify()).toMatchObject({ ok: true });
  });
});

describe("a failing write", () => {
  it("is logged as an error and rejected, never swallowed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dm-audit-fail-"));
    const url = `file:${join(dir, "audit.db")}`;
    await migrate(url);
    const database = createDatabase(url);
    const errors: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const audit = new AuditLog(database.prisma, database.provider, { log: { error: (message, fields) => errors.push({ message, fields }) } });
    try {
      await audit.append({ actor: { type: "system" }, action: "test.before", result: "ok" });
      // Every record write from now on fails: its word index is gone.
      await database.prisma.$executeRawUnsafe(`DROP TABLE "AuditTerm"`);
      await expect(audit.append({ actor: { type: "user", name: "mallory" }, action: "test.lost", result: "denied" })).rejects.toThrow();
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toBe("audit record NOT written");
      expect(errors[0]!.fields).toMatchObject({ action: "test.lost", actor: "mallory", result: "denied" });
    } finally {
      await database.close();
      removeDir(dir);
    }
  });
});
