import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrollmentToken } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { stackEngine } from "../src/server/stack-engine";
import { planeWithAgent, signedInClient, signedInUser, spawnAgent, testEngines, testImage, trpcFailure, waitFor } from "./support";

/**
 * Stacks in the control plane, on a real engine through a real agent: storage and revisions with
 * the .env sealed, masked and never audited; deploy as an Operation audited with its revision and
 * content hash; status from the fleet snapshot; diff; rollback; the capability gate refusing a
 * privileged service for a deployer and allowing it with container.create.privileged; name
 * clashes refused before anything is created; a fleet deploy to two real hosts, one of them offline.
 * The real compose engine throughout (packages/compose's loader and planner, the agent's stack.apply).
 */
const RUN = `dmst${process.pid}`;
const STOPPABLE = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];
const engine = createEngine(engineConfigFromEnv({ dockerHost: testEngines()[0]! }));
let env: Awaited<ReturnType<typeof planeWithAgent>>;
let deployer: ReturnType<typeof signedInClient>;
let admin: ReturnType<typeof signedInClient>;
let viewer: ReturnType<typeof signedInClient>;
let hostId: string;
let stackId = "";
const SECRET = "s3cr3t-value-never-shown";

const compose = (service: Record<string, unknown>) => [{ path: "compose.yaml", content: JSON.stringify({ services: { web: { image: testImage(), command: STOPPABLE, ...service } } }) }];
const projectContainers = async (project: string) => (await engine.listContainers({ all: true })).filter((c) => c.labels["com.docker.compose.project"] === project);
/** The engine's events for this run's containers while `work` runs (health checks' execs aside): [] = no engine mutation. */
async function engineChangesDuring(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const stop = new AbortController();
  let opened = false;
  const watch = (async () => {
    for await (const e of engine.events({ signal: stop.signal, onOpen: () => (opened = true) })) if (!e.action.startsWith("exec_") && (e.actorAttributes.name ?? "").startsWith(RUN)) seen.push(`${e.type} ${e.action} ${e.actorAttributes.name}`);
  })();
  await waitFor(() => opened, "event subscription");
  await work();
  await new Promise((r) => setTimeout(r, 300)); // events of the last step arrive
  stop.abort();
  await watch.catch(() => undefined);
  return seen;
}
async function settled(batchId: string) {
  return waitFor(async () => {
    const batch = await admin.bulk.get.query({ batchId });
    return batch.finishedAt ? batch : null;
  }, `batch ${batchId} finished`, 30_000);
}

beforeAll(async () => {
  env = await planeWithAgent("stacks", { stackEngine: ({ hub, registryAuth }) => stackEngine(hub, registryAuth) });
  hostId = env.hostId;
  admin = signedInClient(env.plane.port, env.adminCookie);
  deployer = signedInClient(env.plane.port, (await signedInUser(env.plane.db, "stack-deployer", [{ role: "deployer" }])).cookie);
  viewer = signedInClient(env.plane.port, (await signedInUser(env.plane.db, "stack-viewer", [{ role: "viewer" }])).cookie);
}, 60_000);
afterAll(async () => {
  for (const c of await engine.listContainers({ all: true })) if (c.name.startsWith(RUN) || c.labels["com.docker.compose.project"]?.startsWith(RUN)) await engine.removeContainer(c.id, { force: true }).catch(() => undefined);
  await env?.close();
});

describe("stacks", () => {
  it("stores a stack with its .env sealed, shows the .env masked, and audits paths + hash, never content", async () => {
    const created = await deployer.stacks.create.mutate({ hostId, name: `${RUN}-shop`, composeFiles: compose({ environment: { TOKEN: "${TOKEN}" } }), env: `TOKEN=${SECRET}\nMODE=prod\n`, message: "first" });
    stackId = created.stack.id;
    expect(created.revision).toMatchObject({ number: 1, message: "first" });
    const row = await env.plane.db.stackRevision.findFirstOrThrow({ where: { stackId } });
    expect(row.envSealed).toMatch(/^v1\./);
    expect(row.envSealed).not.toContain(SECRET);
    const shown = await viewer.stacks.get.query({ hostId, stackId });
    expect(shown.revision.env).toBe("TOKEN=[redacted]\nMODE=[redacted]\n");
    expect(shown.revision.envVariables).toEqual(["TOKEN", "MODE"]);
    expect(JSON.stringify(shown)).not.toContain(SECRET);
    const audit = await env.plane.db.auditEvent.findFirstOrThrow({ where: { action: "stacks.create", result: "ok" } });
    expect(audit.params).not.toContain(SECRET);
    expect(audit.params).not.toContain("sleep 3600");
    expect(JSON.parse(audit.params)).toMatchObject({ name: `${RUN}-shop`, revision: 1, contentHash: row.contentHash, composeFiles: [{ path: "compose.yaml" }], env: "TOKEN=[redacted]\nMODE=[redacted]\n" });
  });

  it("refuses bad input before anything is stored: a name docker refuses, a file over 1 MiB, a duplicate name", async () => {
    expect((await trpcFailure(deployer.stacks.create.mutate({ hostId, name: "Bad Name", composeFiles: compose({}) }))).message).toMatch(/compose project name/);
    // The stack endpoints take bodies up to 8 MiB, so the input's per-file limit answers, naming the field.
    const big = await trpcFailure(deployer.stacks.create.mutate({ hostId, name: `${RUN}-big`, composeFiles: [{ path: "compose.yaml", content: "x".repeat(1024 * 1024 + 1) }] }));
    expect(big.code).toBe("BAD_REQUEST");
    expect(big.message).toMatch(/^invalid input: composeFiles\.0\.content/);
    expect(await trpcFailure(deployer.stacks.create.mutate({ hostId, name: `${RUN}-shop`, composeFiles: compose({}) }))).toMatchObject({ code: "CONFLICT" });
    expect(await env.plane.db.stack.count()).toBe(1);
  });

  it("plans, then deploys as an Operation audited with the revision; the list shows it running at that revision", async () => {
    const plan = await deployer.stacks.plan.query({ hostId, stackId });
    expect(plan.counts).toMatchObject({ create: 1, unchanged: 0 });
    const started = await deployer.stacks.deploy.mutate({ hostId, stackId });
    expect(started.revision).toBe(1);
    const batch = await settled(started.batchId);
    expect(batch.summary).toMatchObject({ total: 1, succeeded: 1 });
    const [container] = await projectContainers(`${RUN}-shop`);
    expect(container).toMatchObject({ name: `${RUN}-shop-web-1`, state: "running" });
    const operation = await env.plane.db.operation.findUniqueOrThrow({ where: { id: started.operationId } });
    expect(operation).toMatchObject({ action: "stacks.deploy", status: "succeeded", targetType: "stack", targetName: `${RUN}-shop` });
    const records = await env.plane.db.auditEvent.findMany({ where: { action: "stacks.deploy" } });
    const hash = (await env.plane.db.stackRevision.findFirstOrThrow({ where: { stackId, number: 1 } })).contentHash;
    for (const r of records) expect(JSON.parse(r.params)).toMatchObject({ revision: 1, contentHash: hash });
    expect(records.map((r) => r.result)).toEqual(["ok", "ok"]); // the call, and its Operation
    const listed = await waitFor(async () => {
      const { stacks } = await viewer.stacks.list.query({ hostId });
      const row = stacks.find((s) => s.stack.id === stackId)?.hosts[0];
      return row?.status === "running" ? row : null;
    }, "status running from the snapshot", 15_000);
    expect(listed).toMatchObject({ deployedRevision: 1, upToDate: true, running: 1, total: 1 });
    // Redeploying unchanged: nothing is sent to the engine.
    const changes = await engineChangesDuring(async () => {
      const again = await deployer.stacks.deploy.mutate({ hostId, stackId });
      expect(again.noop).toBe(true);
      await settled(again.batchId);
    });
    expect(changes).toEqual([]);
  });

  it("a new revision only when the content changed; the .env kept where it was left masked; diff masks it", async () => {
    const shown = await deployer.stacks.get.query({ hostId, stackId });
    const same = await deployer.stacks.update.mutate({ hostId, stackId, composeFiles: shown.revision.composeFiles, env: shown.revision.env });
    expect(same).toMatchObject({ created: false, revision: { number: 1 } });
    const changed = await deployer.stacks.update.mutate({ hostId, stackId, composeFiles: compose({ environment: { TOKEN: "${TOKEN}", LEVEL: "2" } }), env: "TOKEN=[redacted]\nMODE=staging\n", message: "level 2" });
    expect(changed).toMatchObject({ created: true, revision: { number: 2 } });
    const diff = await viewer.stacks.diff.query({ hostId, stackId, from: "deployed" });
    expect(diff).toMatchObject({ from: 1, to: 2 });
    const text = JSON.stringify(diff);
    expect(text).not.toContain(SECRET);
    expect(diff.files.find((f) => f.path === ".env")!.patch).toContain("+MODE=[redacted, changed]");
    expect(diff.files.find((f) => f.path === "compose.yaml")!.patch).toContain("LEVEL");
    // TOKEN kept its value (it was left "[redacted]"): the deploy interpolates the real secret.
    const started = await deployer.stacks.deploy.mutate({ hostId, stackId });
    expect((await settled(started.batchId)).summary.succeeded).toBe(1);
    const [container] = await projectContainers(`${RUN}-shop`);
    const inspected = (await engine.inspectContainer(container!.id)) as { Config: { Env: string[] } };
    expect(inspected.Config.Env).toContain(`TOKEN=${SECRET}`);
  });

  it("rolls back: a new revision with the old content, deployed", async () => {
    const rolled = await deployer.stacks.rollback.mutate({ hostId, stackId, revision: 1 });
    expect(rolled.revision).toBe(3);
    expect((await settled(rolled.batchId!)).summary.succeeded).toBe(1);
    const revisions = await viewer.stacks.revisions.query({ hostId, stackId });
    expect(revisions.map((r) => [r.number, r.message])).toEqual([[3, "rollback to revision 1"], [2, "level 2"], [1, "first"]]);
    expect(revisions[0]!.contentHash).toBe(revisions[2]!.contentHash);
    const [container] = await projectContainers(`${RUN}-shop`);
    const inspected = (await engine.inspectContainer(container!.id)) as { Config: { Env: string[] } };
    expect(inspected.Config.Env.some((e) => e.startsWith("LEVEL="))).toBe(false);
  });

  it("refuses a privileged service for a deployer, naming the service and the field, before anything is created; allows it with container.create.privileged", async () => {
    const created = await deployer.stacks.create.mutate({ hostId, name: `${RUN}-priv`, composeFiles: compose({ privileged: true }) });
    const refused = await trpcFailure(deployer.stacks.deploy.mutate({ hostId, stackId: created.stack.id }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: "service web: permission container.create.privileged is required for: privileged mode" });
    expect(await projectContainers(`${RUN}-priv`)).toEqual([]);
    expect(await env.plane.db.operation.count({ where: { targetName: `${RUN}-priv` } })).toBe(0);
    // Allowed past the gate: the engine is asked (this sandbox's runtime may refuse to start a
    // privileged container — then the engine's words, never a permission, are what failed).
    const allowed = await admin.stacks.deploy.mutate({ hostId, stackId: created.stack.id });
    const target = (await settled(allowed.batchId)).targets[0]!;
    expect(target.error ?? "").not.toMatch(/permission/);
    expect(target.status === "succeeded" || /operation not permitted/.test(target.error ?? "")).toBe(true);
    await admin.stacks.down.mutate({ hostId, stackId: created.stack.id });
    expect(await projectContainers(`${RUN}-priv`)).toEqual([]);
  });

  it("refuses a container_name already used outside the stack, before anything is created", async () => {
    const outsider = await engine.createContainer({ image: testImage(), name: `${RUN}-taken`, cmd: STOPPABLE });
    const created = await deployer.stacks.create.mutate({ hostId, name: `${RUN}-clash`, composeFiles: compose({ container_name: `${RUN}-taken` }) });
    const refused = await trpcFailure(deployer.stacks.deploy.mutate({ hostId, stackId: created.stack.id }));
    expect(refused).toMatchObject({ code: "CONFLICT" });
    expect(refused.message).toContain(`service web: container_name ${RUN}-taken is already used on this host by a container outside the stack`);
    expect(await projectContainers(`${RUN}-clash`)).toEqual([]);
    await engine.removeContainer(outsider.id, { force: true });
  });

  it("stop / start through container.operate (an operator may), down through stack.delete (an operator may not)", async () => {
    const operator = signedInClient(env.plane.port, (await signedInUser(env.plane.db, "stack-operator", [{ role: "operator" }])).cookie);
    await operator.stacks.lifecycle.mutate({ hostId, stackId, action: "stop" });
    expect((await projectContainers(`${RUN}-shop`)).map((c) => c.state)).toEqual(["exited"]);
    await waitFor(async () => (await viewer.stacks.list.query({ hostId })).stacks.find((s) => s.stack.id === stackId)?.hosts[0]?.status === "stopped" || null, "status stopped", 15_000);
    await operator.stacks.lifecycle.mutate({ hostId, stackId, action: "start" });
    expect((await projectContainers(`${RUN}-shop`)).map((c) => c.state)).toEqual(["running"]);
    expect(await trpcFailure(operator.stacks.down.mutate({ hostId, stackId }))).toMatchObject({ code: "FORBIDDEN", message: `permission stack.delete is required on host ${hostId}` });
    expect(await trpcFailure(operator.stacks.deploy.mutate({ hostId, stackId }))).toMatchObject({ code: "FORBIDDEN" });
    const history = await viewer.stacks.deploys.query({ hostId, stackId });
    expect(history.slice(0, 2).map((d) => [d.action, d.status])).toEqual([["start", "succeeded"], ["stop", "succeeded"]]);
  });

  it("deploys a fleet stack to a host group: the offline host fails at once, the other proceeds", async () => {
    const group = await admin.hostGroups.create.mutate({ name: `${RUN}-group` });
    await admin.hosts.setGroup.mutate({ hostId, groupId: group.id });
    // A second real host (testbed engine 2), enrolled, then its agent stopped: offline.
    const { token } = await createEnrollmentToken(env.plane.db, { hostName: `${RUN}-offline` });
    const second = spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${env.plane.port}`, DOCKER_HOST: testEngines()[1]!, DOCKMASTER_AGENT_STATE: join(env.plane.dir, "agent-2.json"), DOCKMASTER_ENROLL_TOKEN: token });
    const offline = await waitFor(() => env.plane.db.host.findFirst({ where: { name: `${RUN}-offline`, status: "online" } }), "second host online", 30_000);
    await admin.hosts.setGroup.mutate({ hostId: offline.id, groupId: group.id });
    await second.stop();
    await waitFor(() => env.plane.db.host.findFirst({ where: { id: offline.id, status: "offline" } }), "second host offline", 15_000);
    const created = await admin.stacks.createForGroup.mutate({ hostGroupId: group.id, name: `${RUN}-fleet`, composeFiles: compose({ environment: { WHERE: "${WHERE}" } }), env: "WHERE=default\n" });
    await admin.stacks.setHostEnv.mutate({ hostId, stackId: created.stack.id, env: "WHERE=host-one\n" });
    const { batchId, total } = await admin.stacks.deployFleet.mutate({ stackId: created.stack.id });
    expect(total).toBe(2);
    const batch = await settled(batchId);
    const byHost = Object.fromEntries(batch.targets.map((t) => [t.hostId, t]));
    expect(byHost[hostId]).toMatchObject({ status: "succeeded" });
    expect(byHost[offline.id]).toMatchObject({ status: "failed" });
    expect(byHost[offline.id]!.error).toMatch(/offline/);
    const [container] = await projectContainers(`${RUN}-fleet`);
    expect(((await engine.inspectContainer(container!.id)) as { Config: { Env: string[] } }).Config.Env).toContain("WHERE=host-one");
    const { stacks } = await admin.stacks.list.query({});
    expect(stacks.find((s) => s.stack.id === created.stack.id)!.hosts.map((h) => [h.hostName, h.deployedRevision])).toEqual([["stacks", 1], [`${RUN}-offline`, null]].sort());
    // A deployer on one host of the group cannot change what every host of it runs.
    const oneHost = signedInClient(env.plane.port, (await signedInUser(env.plane.db, "one-host-deployer", [{ role: "deployer", hostId }])).cookie);
    expect(await trpcFailure(oneHost.stacks.update.mutate({ hostId, stackId: created.stack.id, composeFiles: compose({}) }))).toMatchObject({ code: "FORBIDDEN", message: `permission stack.deploy is required on host ${offline.id}` });
    await admin.stacks.down.mutate({ hostId, stackId: created.stack.id });
  });

  it("down removes the containers, delete the stack and its history", async () => {
    await deployer.stacks.down.mutate({ hostId, stackId });
    expect(await projectContainers(`${RUN}-shop`)).toEqual([]);
    await deployer.stacks.delete.mutate({ hostId, stackId });
    expect(await env.plane.db.stackRevision.count({ where: { stackId } })).toBe(0);
    expect(await trpcFailure(viewer.stacks.get.query({ hostId, stackId }))).toMatchObject({ code: "NOT_FOUND" });
  });
});
