import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, planeWithAgent, signedInUser, testImage, trpcFailure } from "./support";

/**
 * The audit record is written in the same transaction as the change it records, and Docker
 * actions are Operations created before dispatch and completed after.
 */
let ctx: Awaited<ReturnType<typeof planeWithAgent>>;
let plane: typeof ctx.plane;
let engine: typeof ctx.engine;
let hostId: string;
let admin: typeof ctx.admin;
const containers: string[] = [];

beforeAll(async () => {
  ctx = await planeWithAgent("ops");
  ({ plane, engine, hostId, admin } = ctx);
});
afterAll(async () => {
  for (const id of containers) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  await ctx?.close();
});

describe("audit in the same transaction as the change", () => {
  it("commits a change and its record together (same correlation id)", async () => {
    const team = await admin.client.teams.create.mutate({ name: "tx-team" });
    const record = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "teams.create", result: "ok" } });
    expect(await plane.db.team.findUnique({ where: { id: team.id } })).not.toBeNull();
    expect(record.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps neither when the work fails after writing: the change is undone, the failure recorded alone", async () => {
    const before = await plane.db.auditEvent.count();
    await expect(
      plane.audit.transaction(async (tx, record) => {
        await tx.team.create({ data: { name: "half-done" } });
        await record({ actor: { type: "system" }, action: "test.half", result: "ok" });
        throw new Error("the second write failed");
      }),
    ).rejects.toThrow("the second write failed");
    expect(await plane.db.team.findUnique({ where: { name: "half-done" } })).toBeNull();
    expect(await plane.db.auditEvent.count()).toBe(before);
    expect(await plane.audit.verify()).toMatchObject({ ok: true });
  });

  it("a refused mutation changes nothing and is recorded as denied, outside any rolled-back transaction", async () => {
    const viewer = apiClient(plane.port);
    viewer.jar.set("dm_session", (await signedInUser(plane.db, "tx-viewer", [{ role: "viewer" }])).cookie.replace(/^dm_session=/, ""));
    expect(await trpcFailure(viewer.client.teams.create.mutate({ name: "not-allowed" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await plane.db.team.findUnique({ where: { name: "not-allowed" } })).toBeNull();
    expect(await plane.db.auditEvent.findFirst({ where: { action: "teams.create", result: "denied", actorName: "tx-viewer" } })).not.toBeNull();
    expect(await plane.audit.verify()).toMatchObject({ ok: true });
  });
});

describe("Docker actions are operations", () => {
  it("creates the operation before dispatch and completes it; the audit record names it", async () => {
    const { id } = await engine.createContainer({ image: testImage(), name: `ops-${process.pid}`, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"] });
    containers.push(id);
    await engine.startContainer(id);
    await admin.client.containers.stop.mutate({ hostId, id });
    const operation = await plane.db.operation.findFirstOrThrow({ where: { action: "containers.stop" } });
    expect(operation).toMatchObject({ hostId, status: "succeeded", actorName: "ops-admin", error: null });
    expect(operation.finishedAt!.getTime()).toBeGreaterThanOrEqual(operation.createdAt.getTime());
    const record = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "containers.stop", result: "ok" } });
    expect(JSON.parse(record.params)).toMatchObject({ operationId: operation.id, id });
    expect(record.correlationId).toBe(operation.correlationId);
  });

  it("records a failed action with the engine's words", async () => {
    await trpcFailure(admin.client.containers.start.mutate({ hostId, id: `ops-missing-${process.pid}` }));
    const operation = await plane.db.operation.findFirstOrThrow({ where: { action: "containers.start" }, orderBy: { createdAt: "desc" } });
    expect(operation.status).toBe("failed");
    expect(operation.error).toMatch(/No such container/);
  });

  it("creates no operation for a refused action", async () => {
    const viewer = apiClient(plane.port);
    viewer.jar.set("dm_session", (await signedInUser(plane.db, "tx-viewer-2", [{ role: "viewer" }])).cookie.replace(/^dm_session=/, ""));
    const before = await plane.db.operation.count();
    await trpcFailure(viewer.client.containers.restart.mutate({ hostId, id: containers[0]! }));
    expect(await plane.db.operation.count()).toBe(before);
  });
});
