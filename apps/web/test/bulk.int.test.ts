import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { createEnrollmentToken } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv, type Engine } from "@dockmaster/docker";
import type { BulkSummary, BulkTargetState } from "@dockmaster/protocol";
import { followBatch } from "../src/client/bulk-follow";
import { openStream } from "../src/client/streams";
import { removeDir, signedInClient, signedInUser, spawnAgent, startTestPlane, testEngines, testImage, trpcFailure, uiClient, waitFor, type AgentProcess } from "./support";

/**
 * Bulk actions end to end: tRPC → control plane → real agents → the two testbed engines. Host A
 * (engine 1) and B (engine 2) are the user's to operate; host C is a second agent on engine 1 the
 * user may only view; host D exists but has no agent (offline).
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
const agents: AgentProcess[] = [];
let engine1: Engine;
let engine2: Engine;
const hosts = { a: "", b: "", c: "", d: "" };
let bulker: ReturnType<typeof signedInClient>;
let bulkerCookie: string;
let adminCookie: string;
let viewerCookie: string;
const sockets: Socket[] = [];
const RUN = `dmbulk-${process.pid}`;
const made: Array<{ engine: Engine; id: string }> = [];
// busybox as PID 1 ignores SIGTERM: the trap makes stop quick (or, for `slow`, about one second).
const STOPPABLE = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];
const SLOW_STOP = ["sh", "-c", "trap 'sleep 1; exit 0' TERM; sleep 3600 & wait"];

async function run(engine: Engine, name: string, cmd = STOPPABLE) {
  const { id } = await engine.createContainer({ image: testImage(), name: `${RUN}-${name}`, cmd });
  made.push({ engine, id });
  await engine.startContainer(id);
  return id;
}
const stateOf = async (engine: Engine, id: string) => (await engine.listContainers({ all: true })).find((c) => c.id === id)?.state ?? "gone";

async function enroll(name: string, dockerHost: string): Promise<string> {
  const { token } = await createEnrollmentToken(plane.db, { hostName: name });
  agents.push(spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKER_HOST: dockerHost, DOCKMASTER_AGENT_STATE: join(plane.dir, `${name}.json`), DOCKMASTER_ENROLL_TOKEN: token }));
  return (await waitFor(() => plane.db.host.findFirst({ where: { name, status: "online" } }), `${name} online`, 45_000)).id;
}

/** Waits until the batch has finished and returns it as the API shows it. */
async function finished(client: typeof bulker, batchId: string) {
  await waitFor(async () => (await client.bulk.get.query({ batchId })).finishedAt, `batch ${batchId} finished`, 30_000);
  return client.bulk.get.query({ batchId });
}

beforeAll(async () => {
  const [e1, e2] = testEngines();
  engine1 = createEngine(engineConfigFromEnv({ dockerHost: e1 }));
  engine2 = createEngine(engineConfigFromEnv({ dockerHost: e2 }));
  plane = await startTestPlane();
  [hosts.a, hosts.b, hosts.c] = await Promise.all([enroll("bulk-a", e1!), enroll("bulk-b", e2!), enroll("bulk-c", e1!)]);
  hosts.d = (await plane.db.host.create({ data: { name: "bulk-d" } })).id;
  const user = await signedInUser(plane.db, "bulker", [{ role: "deployer", hostId: hosts.a }, { role: "deployer", hostId: hosts.b }, { role: "deployer", hostId: hosts.d }, { role: "viewer", hostId: hosts.c }]);
  bulkerCookie = user.cookie;
  bulker = signedInClient(plane.port, user.cookie);
  adminCookie = (await signedInUser(plane.db, "bulk-admin", [{ role: "admin" }])).cookie;
  viewerCookie = (await signedInUser(plane.db, "bulk-viewer", [{ role: "operator" }])).cookie;
}, 120_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  for (const { engine, id } of made) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  await Promise.all(agents.map((a) => a.stop()));
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

describe("bulk stop / start / remove across hosts", () => {
  it("runs each target as its own operation, refusing the one not allowed and failing the offline one fast", async () => {
    const c1 = await run(engine1, "a1");
    const c2 = await run(engine2, "b1");
    const c3 = await run(engine1, "c1"); // reachable through host C, where the user is only a viewer
    const { batchId, total, refused } = await bulker.bulk.start.mutate({
      action: "container.stop",
      targets: [
        { hostId: hosts.a, containerId: c1, name: "a1" },
        { hostId: hosts.b, containerId: c2, name: "b1" },
        { hostId: hosts.c, containerId: c3, name: "c1" },
        { hostId: hosts.d, containerId: "ghost", name: "ghost" },
      ],
    });
    expect({ total, refused }).toEqual({ total: 4, refused: 1 });
    const batch = await finished(bulker, batchId);

    expect(batch.targets.map((t) => [t.hostId, t.targetName, t.status, t.error])).toEqual([
      [hosts.a, "a1", "succeeded", null],
      [hosts.b, "b1", "succeeded", null],
      [hosts.c, "c1", "failed", `permission container.operate is required on host ${hosts.c}`],
      [hosts.d, "ghost", "failed", `host "bulk-d" is offline`],
    ]);
    expect(batch.summary).toEqual({
      total: 4,
      succeeded: 2,
      failed: 2,
      reasons: expect.arrayContaining([
        { error: `permission container.operate is required on host ${hosts.c}`, count: 1 },
        { error: `host "bulk-d" is offline`, count: 1 },
      ]) as unknown,
    });
    // The engines agree: stopped where allowed, untouched where refused.
    expect(await stateOf(engine1, c1)).toBe("exited");
    expect(await stateOf(engine2, c2)).toBe("exited");
    expect(await stateOf(engine1, c3)).toBe("running");

    const operations = await plane.db.operation.findMany({ where: { batchId }, orderBy: { id: "asc" } });
    expect(operations.map((o) => [o.hostId, o.action, o.targetId, o.status, o.actorName])).toEqual([
      [hosts.a, "container.stop", c1, "succeeded", "bulker"],
      [hosts.b, "container.stop", c2, "succeeded", "bulker"],
      [hosts.c, "container.stop", c3, "failed", "bulker"],
      [hosts.d, "container.stop", "ghost", "failed", "bulker"],
    ]);
    expect(operations.every((o) => o.finishedAt)).toBe(true);

    // One audit record per target, exactly as the single action writes it, plus the bulk.start itself.
    const records = await plane.db.auditEvent.findMany({ where: { action: "containers.stop" }, orderBy: { seq: "asc" } });
    const byHost = new Map(records.map((r) => [r.hostId, r]));
    expect(records).toHaveLength(4);
    expect([hosts.a, hosts.b, hosts.c, hosts.d].map((h) => byHost.get(h)?.result)).toEqual(["ok", "ok", "denied", "error"]);
    expect(byHost.get(hosts.d)?.error).toBe(`host "bulk-d" is offline`);
    for (const [i, h] of [hosts.a, hosts.b, hosts.c, hosts.d].entries()) {
      const r = byHost.get(h)!;
      expect(r).toMatchObject({ actorName: "bulker", targetType: "containers", targetId: [c1, c2, c3, "ghost"][i] });
      expect(JSON.parse(r.params)).toMatchObject({ hostId: h, batchId, operationId: operations[i]!.id });
    }
    const start = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "bulk.start" } });
    expect(start.result).toBe("ok");
    expect(new Set(records.map((r) => r.correlationId))).toEqual(new Set([start.correlationId]));
  });

  it("starts them again, and removes with the engine's own refusal for a running container", async () => {
    const c1 = await run(engine1, "a2");
    const c2 = await run(engine2, "b2");
    await engine1.stopContainer(c1, 1);
    const started = await bulker.bulk.start.mutate({ action: "container.start", targets: [{ hostId: hosts.a, containerId: c1 }] });
    expect((await finished(bulker, started.batchId)).summary).toMatchObject({ succeeded: 1, failed: 0 });
    expect(await stateOf(engine1, c1)).toBe("running");

    await engine1.stopContainer(c1, 1);
    const removed = await bulker.bulk.start.mutate({ action: "container.remove", targets: [{ hostId: hosts.a, containerId: c1 }, { hostId: hosts.b, containerId: c2 }] });
    const batch = await finished(bulker, removed.batchId);
    expect(batch.targets[0]).toMatchObject({ status: "succeeded", error: null });
    expect(batch.targets[1]!.status).toBe("failed");
    expect(batch.targets[1]!.error).toMatch(/running container/i); // the engine's words
    expect(await stateOf(engine1, c1)).toBe("gone");
    expect(await stateOf(engine2, c2)).toBe("running");
  });

  it("checks input: an unknown action or an empty selection is refused with a clear message", async () => {
    expect((await trpcFailure(bulker.bulk.start.mutate({ action: "container.stop", targets: [] }))).message).toMatch(/targets: select at least one container/);
    expect((await trpcFailure(bulker.bulk.start.mutate({ action: "container.explode", targets: [] } as never))).code).toBe("BAD_REQUEST");
  });
});

describe("live progress over /ui", () => {
  it("pushes each target's state and the summary to the user who started it; offline targets finish first", async () => {
    const slow = await run(engine1, "slow", SLOW_STOP);
    const quick = await run(engine2, "quick");
    const socket = await uiClient(plane.port, bulkerCookie);
    sockets.push(socket);
    const { batchId } = await bulker.bulk.start.mutate({ action: "container.restart", targets: [{ hostId: hosts.a, containerId: slow }, { hostId: hosts.b, containerId: quick }, { hostId: hosts.d, containerId: "ghost" }] });
    const seen: BulkTargetState[] = [];
    let summary: BulkSummary | null = null;
    const follower = followBatch(socket, batchId, { target: (s) => seen.push(s), done: (s) => (summary = s) });
    await follower.ready;
    await waitFor(() => summary, "bulk:done", 20_000);
    expect(summary).toMatchObject({ total: 3, succeeded: 2, failed: 1, reasons: [{ error: `host "bulk-d" is offline`, count: 1 }] });
    const finals = seen.filter((s) => s.status === "succeeded" || s.status === "failed");
    expect(finals.map((s) => s.targetId)).toContain(slow);
    // The offline target did not wait for the one-second stop on host A.
    expect(finals.findIndex((s) => s.targetId === "ghost")).toBeLessThan(finals.findIndex((s) => s.targetId === slow));
    follower.stop();
  });

  it("lets another user follow a batch only with audit.view; the refusal is audited", async () => {
    const { batchId } = await bulker.bulk.start.mutate({ action: "container.stop", targets: [{ hostId: hosts.d, containerId: "ghost" }] });
    const other = await uiClient(plane.port, viewerCookie);
    const admin = await uiClient(plane.port, adminCookie);
    sockets.push(other, admin);
    const noop = { target: () => undefined, done: () => undefined };
    await expect(followBatch(other, batchId, noop).ready).rejects.toThrow("permission audit.view is required");
    await expect(followBatch(admin, batchId, noop).ready).resolves.toBeUndefined();
    await expect(followBatch(other, "no-such-batch", noop).ready).rejects.toThrow("no bulk action no-such-batch");
    const denial = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "ui.bulk:subscribe", result: "denied" } });
    expect(denial).toMatchObject({ actorName: "bulk-viewer", targetId: batchId });
    // The same rule for reading it over tRPC.
    expect((await trpcFailure(signedInClient(plane.port, viewerCookie).bulk.get.query({ batchId }))).message).toBe("permission audit.view is required");
    expect((await signedInClient(plane.port, viewerCookie).bulk.recent.query()).map((b) => b.id)).not.toContain(batchId);
    expect((await signedInClient(plane.port, adminCookie).bulk.recent.query({ everyone: true })).map((b) => b.id)).toContain(batchId);
  });
});

describe("host bulk actions", () => {
  it("pulls an image from the testbed registry on every selected host", async () => {
    const registry = process.env.DOCKMASTER_TEST_REGISTRY;
    if (!registry) throw new Error("DOCKMASTER_TEST_REGISTRY is not set: the testbed starts a registry (scripts/testbed.sh)");
    const ref = `${registry}/dmbulk/busybox:${process.pid}`;
    const admin = signedInClient(plane.port, adminCookie);
    await admin.registries.create.mutate({ name: "testbed", serverAddress: registry, username: process.env.DOCKMASTER_TEST_REGISTRY_USER!, password: process.env.DOCKMASTER_TEST_REGISTRY_PASSWORD! });
    // Put the image in the registry (through the product's push stream), then off both engines.
    await engine1.tagImage(testImage(), ref.slice(0, ref.lastIndexOf(":")), String(process.pid));
    const socket = await uiClient(plane.port, adminCookie);
    sockets.push(socket);
    expect(await openStream(socket, { hostId: hosts.a, type: "image.push", params: { ref } }, () => undefined).done).toMatchObject({ ok: true });
    await engine1.removeImage(ref, { force: false });
    await engine2.removeImage(ref, { force: false }).catch(() => undefined);

    const { batchId } = await bulker.bulk.start.mutate({ action: "image.pull", ref, hostIds: [hosts.a, hosts.b, hosts.c] });
    const batch = await finished(bulker, batchId);
    expect(batch.targets.map((t) => [t.hostId, t.status, t.targetName])).toEqual([
      [hosts.a, "succeeded", ref],
      [hosts.b, "succeeded", ref],
      [hosts.c, "failed", ref],
    ]);
    expect(batch.targets[2]!.error).toBe(`permission image.pull is required on host ${hosts.c}`);
    for (const engine of [engine1, engine2]) expect((await engine.listImages()).some((i) => i.repoTags.includes(ref))).toBe(true);
    const records = await plane.db.auditEvent.findMany({ where: { action: "stream.image.pull", params: { contains: batchId } } });
    expect(records.map((r) => r.result).sort()).toEqual(["denied", "ok", "ok"]);
    for (const r of records) expect(r.params).not.toContain(process.env.DOCKMASTER_TEST_REGISTRY_PASSWORD!);
    await engine1.removeImage(ref, { force: false });
    await engine2.removeImage(ref, { force: false });
  });

  it("prunes dangling images per host (an operator without image.delete is refused per host)", async () => {
    const { batchId } = await bulker.bulk.start.mutate({ action: "image.prune", hostIds: [hosts.a, hosts.b] });
    const batch = await finished(bulker, batchId);
    expect(batch.targets.map((t) => t.status)).toEqual(["succeeded", "succeeded"]);
    const operator = signedInClient(plane.port, viewerCookie);
    const refused = await operator.bulk.start.mutate({ action: "image.prune", hostIds: [hosts.a] });
    expect((await finished(signedInClient(plane.port, viewerCookie), refused.batchId)).targets[0]).toMatchObject({ status: "failed", error: `permission image.delete is required on host ${hosts.a}` });
  });
});
