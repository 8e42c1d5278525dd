import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyParams, discoverProjects, LABEL, planDown, planProject, type ComposeProject, type DependsOn, type Plan, type ServiceModel } from "@dockmaster/compose";
import { buildTestImage } from "@dockmaster/docker/testing";
import type { StackApplyFrame } from "@dockmaster/protocol";
import { applyStack, type ApplyOutcome } from "@dockmaster/realtime";
import { stackEngine } from "../src/server/stack-engine";
import { planeWithAgent, removeDir, signedInClient, signedInUser, testImage, trpcFailure, waitFor } from "./support";

/**
 * Stacks applied through a real agent stream on a real engine: the plan made by planProject from
 * what the agent observes, applied by stack.apply; docker-compose 1.29 sees the result as a normal
 * compose project, and a project it started is discovered. One plane, one agent, one project.
 */
let ctx: Awaited<ReturnType<typeof planeWithAgent>>;
const P = `dmsa${process.pid}`;
const EXT = `${P}ext`;
const EXT2 = `${P}ext2`;
const REG = `${P}reg`;
const HEALTHY_IMAGE = `dockmaster-test/healthy-${P}:1`;
const dir = mkdtempSync(join(tmpdir(), "dm-stack-"));

const sleeper = (seconds = 3600, before = "") => ["sh", "-c", `trap 'exit 0' TERM; ${before}sleep ${seconds} & wait`];
const dependsOn = (service: string, condition: DependsOn["condition"], required = true): DependsOn => ({ service, condition, required, restart: false });
function service(name: string, extra: Partial<ServiceModel> & { cmd?: string[]; env?: string[]; image?: string } = {}): ServiceModel {
  const image = extra.image ?? testImage();
  return {
    name,
    replicas: 1,
    image,
    pullPolicy: "missing",
    // PID 1 ignores SIGTERM unless it traps it: the trap makes stops (recreate, remove) immediate.
    create: { image, cmd: extra.cmd ?? sleeper(), env: extra.env, stopTimeout: 1, networkMode: `${P}_default`, networkAliases: [name], ...extra.create },
    networks: [{ name: `${P}_default`, aliases: [name] }],
    dependsOn: extra.dependsOn ?? [],
    configHash: extra.configHash ?? `${name}-${JSON.stringify([extra.cmd, extra.env, extra.image])}`,
  };
}

/** db (healthcheck from its image, a named volume) ← api (waits for healthy) ← web. */
function project(overrides: { services?: ServiceModel[]; db?: Partial<Parameters<typeof service>[1]>; api?: Parameters<typeof service>[1] } = {}): ComposeProject {
  const db = service("db", {
    image: HEALTHY_IMAGE,
    cmd: sleeper(3600, "test -f /data/stamp || cat /proc/sys/kernel/random/uuid > /data/stamp; sleep 1; touch /tmp/ready; "),
    create: { image: HEALTHY_IMAGE, mounts: [{ type: "volume", source: `${P}_data`, target: "/data" }] },
    ...overrides.db,
  });
  return {
    name: P,
    workingDir: dir,
    configFiles: [join(dir, "docker-compose.yml")],
    services: overrides.services ?? [db, service("api", { dependsOn: [dependsOn("db", "service_healthy")], ...overrides.api }), service("web", { dependsOn: [dependsOn("api", "service_started")] })],
    networks: [{ key: "default", name: `${P}_default`, external: false, spec: { name: `${P}_default`, driver: "bridge", internal: false, attachable: false } }],
    volumes: [{ key: "data", name: `${P}_data`, external: false, spec: { name: `${P}_data`, driver: "local" } }],
  };
}

const observe = (name?: string) => ctx.plane.hub.request(ctx.hostId, "stack.observe", name ? { project: name } : {});

/** Plans against what runs now, applies through the agent, and counts the engine's changes meanwhile. */
async function deploy(target: ComposeProject | Plan, cancelWhen?: (frame: StackApplyFrame) => boolean) {
  const plan = "steps" in target ? target : planProject(target, await observe(target.name));
  const frames: StackApplyFrame[] = [];
  const events: string[] = [];
  const watching = new AbortController();
  let opened = false;
  const watch = (async () => {
    for await (const e of ctx.engine.events({ signal: watching.signal, onOpen: () => (opened = true) })) {
      // Health checks run execs; those are the engine's, not changes the apply made.
      if (!e.action.startsWith("exec_") && !e.action.startsWith("health_status")) events.push(`${e.type} ${e.action} ${e.actorAttributes.name ?? e.actorId}`);
    }
  })();
  await waitFor(() => opened, "event subscription");
  const cancel = new AbortController();
  const outcome = await applyStack(ctx.plane.hub, ctx.hostId, applyParams(plan), (f) => (frames.push(f), cancelWhen?.(f) && cancel.abort()), cancel.signal);
  await new Promise((r) => setTimeout(r, 300)); // events of the last step arrive
  watching.abort();
  await watch;
  return { plan, outcome, frames, events };
}

const idOf = async (name: string) => (await observe(P)).containers.find((c) => c.name === name)?.id;
const stepsOf = (outcome: ApplyOutcome) => outcome.steps.map((s) => [s.kind, s.container, s.status].filter(Boolean).join(" "));

async function execText(id: string, cmd: string[]): Promise<string> {
  const session = await ctx.engine.startExec(id, { cmd, tty: false, cols: 80, rows: 24 });
  let text = "";
  for await (const f of session.output) text += Buffer.from(f.data).toString();
  return text.trim();
}

/** Debian's docker-compose 1.29 against the testbed engine (not awaited in a blocking way: the plane runs in this process). */
function compose(args: string[], project: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const dockerHost = process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0]!;
  const file = join(dir, project === P ? "docker-compose.yml" : `${project}.yml`);
  return new Promise((resolve) =>
    execFile("docker-compose", ["-p", project, "-f", file, ...args], { cwd: dir, encoding: "utf8", env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", DOCKER_HOST: dockerHost } }, (error, stdout, stderr) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    ),
  );
}

beforeAll(async () => {
  ctx = await planeWithAgent("stackapply", { stackEngine: ({ hub, registryAuth }) => stackEngine(hub, registryAuth) }); // the real engine: the stacks router's external actions
  const dockerHost = process.env.DOCKMASTER_TEST_ENGINES!.split(",")[0]!;
  await buildTestImage(dockerHost, HEALTHY_IMAGE, { Dockerfile: `FROM ${testImage()}\nHEALTHCHECK --interval=1s --timeout=1s --retries=30 CMD test -f /tmp/ready\n` });
}, 60_000);

afterAll(async () => {
  // Everything this file made carries one of its project labels: down removes it (volumes too).
  for (const name of [P, EXT, EXT2]) {
    const observed = await observe(name).catch(() => null);
    if (observed) await applyStack(ctx.plane.hub, ctx.hostId, applyParams(planDown(name, observed, { removeVolumes: true })), () => undefined).catch(() => undefined);
  }
  await ctx?.engine.removeImage(HEALTHY_IMAGE, { force: true }).catch(() => undefined);
  await ctx?.close();
  removeDir(dir);
}, 60_000);

describe("stack.apply through a real agent", () => {
  it("deploys: network and volume first, db healthy before api is started, compose's names and labels", async () => {
    const { outcome, frames } = await deploy(project());
    expect(outcome.outcome, JSON.stringify(outcome.steps)).toBe("succeeded");
    expect(stepsOf(outcome)).toEqual([`network.create done`, `volume.create done`, `service.create ${P}-db-1 done`, `service.create ${P}-api-1 done`, `service.create ${P}-web-1 done`]);
    expect(frames.some((f) => "step" in f && f.status === "waiting" && f.message?.includes("healthy"))).toBe(true);
    const db = (await ctx.engine.inspectContainer(`${P}-db-1`)) as { State: { Health: { Log: Array<{ Start: string; ExitCode: number }> } } };
    const api = (await ctx.engine.inspectContainer(`${P}-api-1`)) as { State: { StartedAt: string }; Config: { Labels: Record<string, string> } };
    const firstHealthy = db.State.Health.Log.find((l) => l.ExitCode === 0);
    expect(firstHealthy, "db became healthy").toBeDefined();
    // As compose does, api's container may be created ahead; it is started only once db is healthy.
    expect(Date.parse(api.State.StartedAt)).toBeGreaterThanOrEqual(Date.parse(firstHealthy!.Start));
    expect(api.Config.Labels).toMatchObject({ [LABEL.project]: P, [LABEL.service]: "api", [LABEL.containerNumber]: "1", [LABEL.oneoff]: "False", [LABEL.workingDir]: dir });
    const observed = await observe(P);
    expect(observed.networks.map((n) => n.name)).toEqual([`${P}_default`]);
    expect(observed.volumes.map((v) => v.name)).toEqual([`${P}_data`]);
  }, 60_000);

  it("is listed by docker-compose 1.29 (-p NAME ps) as a normal compose project", async () => {
    writeFileSync(join(dir, "docker-compose.yml"), `services:\n  db:\n    image: ${HEALTHY_IMAGE}\n  api:\n    image: ${testImage()}\n  web:\n    image: ${testImage()}\n`);
    const ps = await compose(["ps"], P);
    expect(ps.status, ps.stderr).toBe(0);
    for (const s of ["db", "api", "web"]) expect(ps.stdout).toMatch(new RegExp(`${P}-${s}-1\\s.*Up`));
  });

  it("redeploying unchanged plans nothing and makes zero engine mutations", async () => {
    const { plan, outcome, events } = await deploy(project());
    expect(plan.noop).toBe(true);
    expect(outcome.outcome).toBe("succeeded");
    expect(outcome.steps.every((s) => s.status === "skipped")).toBe(true);
    expect(events).toEqual([]);
  }, 30_000);

  it("changing one service recreates only it and its dependents", async () => {
    const before = { db: await idOf(`${P}-db-1`), api: await idOf(`${P}-api-1`), web: await idOf(`${P}-web-1`) };
    const { plan, outcome, events } = await deploy(project({ api: { dependsOn: [dependsOn("db", "service_healthy")], cmd: sleeper(3601) } }));
    expect(plan.steps.map((s) => s.kind)).toEqual(["service.unchanged", "service.recreate", "service.recreate"]);
    expect(plan.steps[1]).toMatchObject({ reasons: ["cmd changed"] });
    expect(outcome.outcome, JSON.stringify(outcome.steps)).toBe("succeeded");
    expect(await idOf(`${P}-db-1`)).toBe(before.db);
    expect(await idOf(`${P}-api-1`)).not.toBe(before.api);
    expect(await idOf(`${P}-web-1`)).not.toBe(before.web);
    expect(events.filter((e) => e.includes(`${P}-db-1`))).toEqual([]);
  }, 60_000);

  it("a recreated service keeps its named volume's data", async () => {
    const db = await idOf(`${P}-db-1`);
    const stamp = await execText(db!, ["cat", "/data/stamp"]);
    expect(stamp).toMatch(/^[0-9a-f-]{36}$/);
    const { plan, outcome } = await deploy(project({ db: { env: ["CHANGED=1"] }, api: { dependsOn: [dependsOn("db", "service_healthy")], cmd: sleeper(3601) } }));
    expect(plan.steps.map((s) => s.kind)).toEqual(["service.recreate", "service.recreate", "service.recreate"]);
    expect(outcome.outcome, JSON.stringify(outcome.steps)).toBe("succeeded");
    const after = await idOf(`${P}-db-1`);
    expect(after).not.toBe(db);
    expect(await execText(after!, ["cat", "/data/stamp"])).toBe(stamp);
  }, 60_000);

  it("a failure stops the run and says what was done, what failed (the engine's words) and what was not attempted", async () => {
    const current = project({ db: { env: ["CHANGED=1"] }, api: { dependsOn: [dependsOn("db", "service_healthy")], cmd: sleeper(3601) } });
    const broken = service("broken", { cmd: ["/no/such/program"] });
    const after = service("after", { dependsOn: [dependsOn("broken", "service_started")] });
    const { outcome } = await deploy({ ...current, services: [...current.services, broken, after] });
    expect(outcome.outcome).toBe("failed");
    expect(stepsOf(outcome)).toEqual([`service.unchanged ${P}-db-1 skipped`, `service.unchanged ${P}-api-1 skipped`, `service.unchanged ${P}-web-1 skipped`, `service.create ${P}-broken-1 failed`, `service.create ${P}-after-1 not-attempted`]);
    expect(outcome.steps[3]!.message).toMatch(/no such file or directory|not found/);
    expect(await idOf(`${P}-broken-1`)).toBeUndefined(); // not left half-created
  }, 60_000);

  it("removes orphans (services gone from the project)", async () => {
    const current = project({ db: { env: ["CHANGED=1"] }, api: { dependsOn: [dependsOn("db", "service_healthy")], cmd: sleeper(3601) } });
    const { plan, outcome } = await deploy({ ...current, services: current.services.filter((s) => s.name !== "web") });
    expect(plan.steps.map((s) => `${s.kind} ${"reason" in s ? s.reason : ""}`.trim())).toEqual(["service.unchanged", "service.unchanged", "container.remove orphan"]);
    expect(outcome.outcome).toBe("succeeded");
    expect(await idOf(`${P}-web-1`)).toBeUndefined();
  }, 30_000);

  it("a cancel stops before the next step, and the outcome still says what was done", async () => {
    const current = project({ db: { env: ["CHANGED=1"] }, api: { dependsOn: [dependsOn("db", "service_healthy")], cmd: sleeper(3601) } });
    // `slow` never becomes healthy (nothing touches /tmp/ready): `waiter` waits for it until cancelled.
    const slow = service("slow", { image: HEALTHY_IMAGE, create: { image: HEALTHY_IMAGE } });
    const waiter = service("waiter", { dependsOn: [dependsOn("slow", "service_healthy")] });
    const { outcome } = await deploy({ ...current, services: [...current.services.filter((s) => s.name !== "web"), slow, waiter] }, (f) => "step" in f && f.status === "waiting");
    expect(outcome.outcome).toBe("cancelled");
    expect(stepsOf(outcome)).toEqual([`service.unchanged ${P}-db-1 skipped`, `service.unchanged ${P}-api-1 skipped`, `service.create ${P}-slow-1 done`, `service.create ${P}-waiter-1 not-attempted`]);
    expect(await idOf(`${P}-waiter-1`)).toBeUndefined();
  }, 30_000);

  it("discovers a project docker-compose 1.29 started, and takes it down by its labels", async () => {
    writeFileSync(join(dir, `${EXT}.yml`), `services:\n  cache:\n    image: ${testImage()}\n    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]\n`);
    const up = await compose(["up", "-d"], EXT);
    expect(up.status, up.stderr).toBe(0);
    const found = discoverProjects(await observe()).find((p) => p.name === EXT);
    expect(found).toMatchObject({ name: EXT, workingDir: dir, configFiles: [join(dir, `${EXT}.yml`)], createdByDockmaster: false, status: "running", networks: [`${EXT}_default`] });
    expect(found!.services.map((s) => [s.name, s.containers.map((c) => c.state)])).toEqual([["cache", ["running"]]]);
    const { outcome } = await deploy(planDown(EXT, await observe(EXT), { removeVolumes: false }));
    expect(stepsOf(outcome)).toEqual([`container.remove ${EXT}_cache_1 done`, `network.remove done`]);
    expect(discoverProjects(await observe()).find((p) => p.name === EXT)).toBeUndefined();
  }, 60_000);

  it("stops, starts and downs a docker-compose 1.29 project from the stacks router: operator may operate, not down; audited; a stack's name is refused", async () => {
    writeFileSync(join(dir, `${EXT2}.yml`), `services:\n  cache:\n    image: ${testImage()}\n    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]\n    volumes: ["keep:/keep"]\nvolumes:\n  keep: {}\n`);
    const up = await compose(["up", "-d"], EXT2);
    expect(up.status, up.stderr).toBe(0);
    const admin = signedInClient(ctx.plane.port, ctx.adminCookie);
    const operator = signedInClient(ctx.plane.port, (await signedInUser(ctx.plane.db, "ext-operator", [{ role: "operator" }])).cookie);
    const state = async () => (await observe(EXT2)).containers.map((c) => c.state);
    const input = { hostId: ctx.hostId, project: EXT2 };

    await operator.stacks.externalLifecycle.mutate({ ...input, action: "stop" });
    expect(await state()).toEqual(["exited"]);
    await operator.stacks.externalLifecycle.mutate({ ...input, action: "start" });
    expect(await state()).toEqual(["running"]);
    expect(await trpcFailure(operator.stacks.externalDown.mutate(input))).toMatchObject({ code: "FORBIDDEN" });
    expect(await trpcFailure(admin.stacks.externalDown.mutate({ ...input, project: `${P}none` }))).toMatchObject({ code: "NOT_FOUND", message: `no compose project ${P}none on this host` });

    await admin.stacks.externalDown.mutate(input);
    expect(await state()).toEqual([]);
    expect((await observe(EXT2)).volumes.map((v) => v.name)).toEqual([`${EXT2}_keep`]); // volumes only when asked
    const ps = await compose(["ps", "-q"], EXT2);
    expect(ps.stdout.trim()).toBe("");

    const audited = await ctx.plane.db.auditEvent.findMany({ where: { action: { in: ["stacks.externalLifecycle", "stacks.externalDown"] }, hostId: ctx.hostId }, orderBy: { seq: "asc" } });
    expect(audited.map((a) => [a.action, a.result])).toEqual([
      ["stacks.externalLifecycle", "ok"],
      ["stacks.externalLifecycle", "ok"],
      ["stacks.externalDown", "denied"],
      ["stacks.externalDown", "error"],
      ["stacks.externalDown", "ok"],
    ]);

    // A Dockmaster stack of that name on this host is changed through its own procedures only.
    await admin.stacks.create.mutate({ hostId: ctx.hostId, name: EXT2, composeFiles: [{ path: "compose.yaml", content: `services:\n  cache:\n    image: ${testImage()}\n` }] });
    expect(await trpcFailure(admin.stacks.externalLifecycle.mutate({ ...input, action: "stop" }))).toMatchObject({ code: "CONFLICT" });
  }, 60_000);

  it("pulls a stack's image from a private registry with the stored login (registries.create), through the stacks router", async () => {
    const registry = { address: process.env.DOCKMASTER_TEST_REGISTRY!, username: process.env.DOCKMASTER_TEST_REGISTRY_USER!, password: process.env.DOCKMASTER_TEST_REGISTRY_PASSWORD! };
    const admin = signedInClient(ctx.plane.port, ctx.adminCookie);
    await admin.registries.create.mutate({ name: "stack-pulls", serverAddress: registry.address, username: registry.username, password: registry.password });
    // Only in the registry: pushed with the login, the local tag removed, so the deploy must pull it.
    const repo = `${registry.address}/dm-stack-${P}`;
    await ctx.engine.tagImage(testImage(), repo, "1");
    for await (const event of ctx.engine.pushImage(`${repo}:1`, { auth: { username: registry.username, password: registry.password, serveraddress: registry.address }, signal: AbortSignal.timeout(60_000) })) expect(event.status).not.toMatch(/denied|unauthorized/i);
    await ctx.engine.removeImage(`${repo}:1`, { force: false });
    try {
      const { stack } = await admin.stacks.create.mutate({ hostId: ctx.hostId, name: REG, composeFiles: [{ path: "compose.yaml", content: `services:\n  app:\n    image: ${repo}:1\n    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]\n` }] });
      await admin.stacks.deploy.mutate({ hostId: ctx.hostId, stackId: stack.id });
      const run = await waitFor(() => ctx.plane.db.stackDeploy.findFirst({ where: { stackId: stack.id, status: { not: "running" } } }), "deploy finished", 30_000);
      expect(run.status, run.summary).toBe("succeeded");
      expect((await observe(REG)).containers.map((c) => [c.name, c.state])).toEqual([[`${REG}-app-1`, "running"]]);
    } finally {
      const observed = await observe(REG);
      await applyStack(ctx.plane.hub, ctx.hostId, applyParams(planDown(REG, observed, { removeVolumes: true })), () => undefined).catch(() => undefined);
      await ctx.engine.removeImage(`${repo}:1`, { force: false }).catch(() => undefined);
    }
  }, 60_000);
});
