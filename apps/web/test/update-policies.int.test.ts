import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyParams, planDown } from "@dockmaster/compose";
import { createChannel, createRule, SecretBox } from "@dockmaster/core";
import { buildTestImage } from "@dockmaster/docker/testing";
import { applyStack } from "@dockmaster/realtime";
import { stackEngine } from "../src/server/stack-engine";
import { registryApi } from "./registry-api";
import { planeWithAgent, signedInClient, testEngines, testImage, trpcFailure, waitFor } from "./support";

/**
 * Updating, with real parts: the testbed's registry (distribution 2.8), a real engine and agent,
 * the control plane's own cron schedule. A container labelled io.dockmaster.update=auto is left
 * alone outside the maintenance window (notify only); inside it, a new image whose healthcheck
 * fails is applied, found unhealthy and rolled back (Operation, audit, alert, remembered); a later
 * healthy image is applied by the policy. A stack's container is updated by redeploying its
 * service through the stacks' path.
 */
const address = process.env.DOCKMASTER_TEST_REGISTRY!;
const username = process.env.DOCKMASTER_TEST_REGISTRY_USER!;
const password = process.env.DOCKMASTER_TEST_REGISTRY_PASSWORD!;
const run = randomBytes(3).toString("hex");
const repo = `dm-pol-${run}`;
const tagged = `${address}/${repo}:1`;
const stackRepo = `dm-pol-stack-${run}`;
const stackName = `pol-${run}`;
const name = `auto-${run}`;
const secretKey = randomBytes(32);
const api = registryApi(address, username, password);
const auth = { username, password, serveraddress: address };
// busybox sleep as PID 1 ignores SIGTERM: a stop would wait its full timeout.
const SLEEP = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];

let ctx: Awaited<ReturnType<typeof planeWithAgent>>;
let admin: ReturnType<typeof signedInClient>;
let receiver: Server;
let v1Digest = "";
/** The engine's images before this file ran: every other one (each version built, pushed or pulled here, dangling once its tag moved) is removed after. */
let imagesBefore = new Set<string>();

const drain = async (events: AsyncIterable<unknown>) => {
  for await (const _ of events) void _;
};
const updateOps = () => ctx.plane.db.operation.findMany({ where: { action: "updates.container" }, orderBy: { createdAt: "asc" } });
const checksSince = (since: Date) => ctx.plane.db.operation.count({ where: { action: "updates.check", status: "succeeded", finishedAt: { gt: since } } });
const alertsOf = (kind: string) => ctx.plane.db.alert.findMany({ where: { kind, subject: name } });
const digestOfContainer = async (ref: string) => (await ctx.engine.inspectImage(String((await ctx.engine.inspectContainer(ref)).Image))).repoDigests;

beforeAll(async () => {
  ctx = await planeWithAgent(`pol-${run}`, { secretKey, stackEngine: ({ hub, registryAuth }) => stackEngine(hub, registryAuth) });
  imagesBefore = new Set((await ctx.engine.listImages()).map((i) => i.id));
  admin = signedInClient(ctx.plane.port, ctx.adminCookie);
  // Alerts of the update kinds go to a webhook receiver on loopback (the rows are what is checked).
  receiver = createServer((req, res) => req.resume().on("end", () => res.writeHead(204).end()));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const channel = await createChannel(ctx.plane.db, new SecretBox(secretKey), `pol-${run}`, { kind: "webhook", url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: "0123456789abcdef0123" });
  await createRule(ctx.plane.db, { name: `updates-${run}`, enabled: true, kinds: ["update.available", "update.applied", "update.rolled_back", "update.failed"], hostIds: [], hostGroupIds: [], hostLabels: {}, channelIds: [channel.id], stacks: [], restartCount: 5, restartWindowMin: 10, diskThresholdGb: 100, denialCount: 5, denialWindowMin: 10, groupWindowSec: 0 });
  await admin.registries.create.mutate({ name: `pol-${run}`, serverAddress: address, username, password });
  await admin.updates.setSettings.mutate({ plainHttpRegistries: [address], healthTimeoutSeconds: 4, maintenanceWindow: { cron: "0 0 1 1 *", durationMinutes: 1 }, schedule: "*/2 * * * * *" });

  await buildTestImage(testEngines()[0]!, tagged, { Dockerfile: `FROM ${testImage()}\nLABEL run=${run} version=1\n` });
  await drain(ctx.engine.pushImage(tagged, { auth, signal: AbortSignal.timeout(60_000) }));
  v1Digest = (await api.manifest(repo, "1")).digest;
  await admin.containers.create.mutate({ hostId: ctx.hostId, spec: { image: tagged, name, cmd: SLEEP, labels: { "io.dockmaster.update": "auto" } }, start: true });
}, 120_000);

afterAll(async () => {
  await admin?.updates.setSettings.mutate({ schedule: "" }).catch(() => undefined);
  await ctx?.engine.removeContainer(name, { force: true }).catch(() => undefined);
  const observed = await ctx?.plane.hub.request(ctx.hostId, "stack.observe", { project: stackName }).catch(() => null);
  if (observed) await applyStack(ctx.plane.hub, ctx.hostId, applyParams(planDown(stackName, observed, { removeVolumes: true })), () => undefined).catch(() => undefined);
  for (const ref of [tagged, `${address}/${stackRepo}:1`]) await ctx?.engine.removeImage(ref, { force: true }).catch(() => undefined);
  for (const image of (await ctx?.engine.listImages().catch(() => [])) ?? []) if (!imagesBefore.has(image.id)) await ctx.engine.removeImage(image.id, { force: true }).catch(() => undefined);
  receiver?.close();
  await ctx?.close();
}, 60_000);

describe("update policies and the health rollback", () => {
  it("refuses a maintenance window that cannot work, naming the field", async () => {
    const refused = await trpcFailure(admin.updates.setSettings.mutate({ maintenanceWindow: { cron: "at night", durationMinutes: 60 } }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/^maintenanceWindow\.cron: "at night" is not a cron expression/);
    expect((await trpcFailure(admin.updates.setSettings.mutate({ healthTimeoutSeconds: 0 }))).message).toMatch(/healthTimeoutSeconds/);
  });

  it("outside the maintenance window an auto container is only announced", async () => {
    // v2: the same layers, a healthcheck that always fails.
    await api.variant(repo, "1", (config) => {
      const c = config.config as Record<string, unknown>;
      (c.Labels as Record<string, string>).version = "2";
      c.Healthcheck = { Test: ["CMD", "false"], Interval: 1_000_000_000, Timeout: 1_000_000_000, Retries: 1 };
    }, "1");
    await admin.updates.checkNow.mutate({});
    const row = (await admin.updates.status.query({ onlyAvailable: true })).containers.find((c) => c.name === name);
    expect(row).toMatchObject({ policy: { mode: "auto", source: "label" } });
    const since = new Date();
    await waitFor(async () => (await checksSince(since)) >= 2, "two scheduled checks", 20_000);
    expect(await updateOps()).toEqual([]);
    expect(await digestOfContainer(name)).toContain(`${address}/${repo}@${v1Digest}`);
    await waitFor(async () => (await alertsOf("update.available")).length > 0, "the update.available alert", 10_000);
  }, 40_000);

  let v2Digest = "";
  it("inside the window it is updated, found unhealthy, and the previous image put back — in the Operation, the audit trail and an alert", async () => {
    v2Digest = (await api.manifest(repo, "1")).digest;
    await admin.updates.setSettings.mutate({ maintenanceWindow: { cron: "* * * * *", durationMinutes: 1440 } });
    const op = await waitFor(async () => (await updateOps()).find((o) => o.status === "failed" || o.status === "succeeded"), "the policy's update to finish", 60_000);
    expect(op.status).toBe("failed");
    expect(op.error).toMatch(/^rolled back: the new container became unhealthy.*the previous container was put back and started/);
    const running = await ctx.engine.inspectContainer(name);
    expect((running.State as { Running: boolean }).Running).toBe(true);
    expect(await digestOfContainer(name)).toContain(`${address}/${repo}@${v1Digest}`);

    const audit = await ctx.plane.db.auditEvent.findFirstOrThrow({ where: { action: "updates.container", params: { contains: op.id } } });
    expect(audit).toMatchObject({ actorType: "system", actorName: "update policy", result: "error" });
    expect(JSON.parse(audit.params)).toMatchObject({ oldDigests: [v1Digest], newDigests: [v2Digest], rolledBack: expect.stringMatching(/unhealthy/) as string });
    await waitFor(async () => (await alertsOf("update.rolled_back")).length > 0, "the update.rolled_back alert", 10_000);
    expect((await admin.updates.status.query({})).containers.find((c) => c.name === name)).toMatchObject({ rolledBack: true, status: { state: "available", remoteDigest: v2Digest } });

    // The same digest is not applied again by the policy, tick after tick.
    const since = new Date();
    await waitFor(async () => (await checksSince(since)) >= 2, "two more scheduled checks", 20_000);
    expect(await updateOps()).toHaveLength(1);
  }, 90_000);

  it("a later healthy image is applied by the policy inside the window", async () => {
    const v3 = await api.variant(repo, "1", (config) => {
      const c = config.config as Record<string, unknown>;
      (c.Labels as Record<string, string>).version = "3";
      delete c.Healthcheck;
    }, "1");
    await admin.updates.checkNow.mutate({});
    const op = await waitFor(async () => (await updateOps()).find((o) => o.status === "succeeded"), "the policy's second update", 60_000);
    expect(op.actorName).toBe("update policy");
    expect(await digestOfContainer(name)).toContain(`${address}/${repo}@${v3.digest}`);
    await waitFor(async () => (await alertsOf("update.applied")).length > 0, "the update.applied alert", 10_000);
    await admin.updates.setSettings.mutate({ maintenanceWindow: null });
  }, 90_000);
});

describe("a stack's container", () => {
  it("is updated by redeploying its service through the stacks' deploy path", async () => {
    const ref = `${address}/${stackRepo}:1`;
    await buildTestImage(testEngines()[0]!, ref, { Dockerfile: `FROM ${testImage()}\nLABEL run=${run} stack=1\n` });
    await drain(ctx.engine.pushImage(ref, { auth, signal: AbortSignal.timeout(60_000) }));
    const { stack } = await admin.stacks.create.mutate({ hostId: ctx.hostId, name: stackName, composeFiles: [{ path: "compose.yaml", content: `services:\n  app:\n    image: ${ref}\n    command: ${JSON.stringify(SLEEP)}\n` }] });
    await admin.stacks.deploy.mutate({ hostId: ctx.hostId, stackId: stack.id });
    await waitFor(() => ctx.plane.db.stackDeploy.findFirst({ where: { stackId: stack.id, status: "succeeded" } }), "the first deploy", 30_000);
    const before = await ctx.engine.inspectContainer(`${stackName}-app-1`);

    const v2 = await api.variant(stackRepo, "1", (config) => void ((config.config as { Labels: Record<string, string> }).Labels.stack = "2"), "1");
    await admin.updates.checkNow.mutate({});
    const row = await waitFor(async () => (await admin.updates.status.query({ onlyAvailable: true })).containers.find((c) => c.stack?.name === stackName), "the stack's update to show", 10_000);
    expect(row.stack).toMatchObject({ id: stack.id, service: "app" });

    const result = await admin.updates.container.mutate({ hostId: ctx.hostId, id: String(before.Id) });
    expect(result).toMatchObject({ updated: true, stack: { name: stackName, service: "app" }, newDigests: [v2.digest] });
    const after = await ctx.engine.inspectContainer(`${stackName}-app-1`);
    expect(after.Id).not.toBe(before.Id);
    expect((after.Config as { Labels: Record<string, string> }).Labels["com.docker.compose.project"]).toBe(stackName);
    expect(await digestOfContainer(`${stackName}-app-1`)).toContain(`${address}/${stackRepo}@${v2.digest}`);
    // Through the stacks' path: a second successful StackDeploy, on the update's Operation.
    const deploys = await ctx.plane.db.stackDeploy.findMany({ where: { stackId: stack.id, status: "succeeded" }, orderBy: { startedAt: "asc" } });
    expect(deploys).toHaveLength(2);
    const audit = await ctx.plane.db.auditEvent.findFirstOrThrow({ where: { action: "updates.container", targetId: result.containerId } });
    expect(JSON.parse(audit.params)).toMatchObject({ operationId: deploys[1]!.operationId, stack: stackName, service: "app", newDigests: [v2.digest], updated: true });

    // An image whose healthcheck fails: the service is redeployed from it, found unhealthy, and
    // redeployed from the previous image (tagged back), through the same path.
    const v3 = await api.variant(stackRepo, "1", (config) => void ((config.config as Record<string, unknown>).Healthcheck = { Test: ["CMD", "false"], Interval: 1_000_000_000, Timeout: 1_000_000_000, Retries: 1 }), "1");
    const refused = await trpcFailure(admin.updates.container.mutate({ hostId: ctx.hostId, id: result.containerId }));
    expect(refused.message).toMatch(/^rolled back: the new container became unhealthy.*service app was redeployed from the previous image/);
    expect(await digestOfContainer(`${stackName}-app-1`)).toContain(`${address}/${stackRepo}@${v2.digest}`);
    expect(await ctx.plane.db.stackDeploy.count({ where: { stackId: stack.id, status: "succeeded" } })).toBe(4);
    const rolledBack = await ctx.plane.db.auditEvent.findFirstOrThrow({ where: { action: "updates.container", result: "error", targetId: result.containerId } });
    expect(JSON.parse(rolledBack.params)).toMatchObject({ newDigests: [v3.digest], rolledBack: expect.stringMatching(/unhealthy/) as string });
  }, 120_000);
});
