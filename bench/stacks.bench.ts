/**
 * Benchmark: stacks (issue 14), on one testbed engine with the testbed's local image (nothing pulled).
 * 1. Deploying a 20-service stack (a depends_on tree five levels deep, one user-defined network)
 *    through the whole control plane — stacks.deploy over tRPC → the real compose loader and
 *    planner → the agent's stack.apply stream over socket.io → the engine — until the batch's
 *    `bulk:done` reaches a signed-in /ui socket (as the browser learns it), against Debian's
 *    `docker-compose -p NAME up -d` 1.29 on the same file. The two alternate, who goes first
 *    alternating too, each project taken down between runs (not timed). Goal: median ≤ 0.8×
 *    docker-compose's. Each run records the 1-minute load average and both tools' engine changes
 *    (they must match: the same work is timed); the per-pair ratios are recorded as well.
 * 2. Redeploying it unchanged: wall time (goal ≤ 0.5 s) and the engine's mutations in that window,
 *    read back from GET /events?since&until (goal 0). The deploy's own window is counted the same
 *    way, so the counter is seen to count.
 * 3. Status of 50 stacks / 500 services for the stacks page: bench/stacks-status.bench.ts, run as is
 *    and folded into this file's result.
 * The machine may be busy (CI, other helpers): the 1-minute load average is recorded per phase.
 * Writes bench/results/stacks.json. Knobs: BENCH_STACK_RUNS (7), BENCH_STACK_REDEPLOYS (10).
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { stackEngine } from "../apps/web/src/server/stack-engine";
import type { BulkDoneMessage } from "@dockmaster/protocol";
import { planeWithAgent, REPO_ROOT, removeDir, signedInClient, testEngines, testImage, uiClient } from "../apps/web/test/support";
import { summarize, writeResult } from "./harness";

const SERVICES = 20;
const RUNS = Number(process.env.BENCH_STACK_RUNS ?? 7);
const REDEPLOYS = Number(process.env.BENCH_STACK_REDEPLOYS ?? 10);
const MUTATIONS = new Set(["create", "start", "stop", "destroy", "die", "connect"]);
const RUN = `dmsb${process.pid}`;
/** Each run deploys fresh projects (a stack of its own, a compose project of its own): a clean-up the engine fumbles cannot leak into the next run. */
const OURS = (run: number) => `${RUN}-dm${run}`;
const THEIRS = (run: number) => `${RUN}-dc${run}`;
const projects: string[] = [];
const dockerHost = testEngines()[0]!;
const socketPath = dockerHost.replace(/^unix:\/\//, "");
if (socketPath === dockerHost) throw new Error(`the first testbed engine is not a unix socket: ${dockerHost}`);

// s00 ← s01, s02; s01 ← s03, s04; … a tree four deep. Stops at once (PID 1 traps TERM).
const services = Object.fromEntries(
  Array.from({ length: SERVICES }, (_, i) => {
    const name = `s${String(i).padStart(2, "0")}`;
    const parent = i === 0 ? undefined : `s${String(Math.floor((i - 1) / 2)).padStart(2, "0")}`;
    return [name, { image: testImage(), command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], networks: ["backend"], ...(parent ? { depends_on: [parent] } : {}) }];
  }),
);
const composeText = JSON.stringify({ services, networks: { backend: {} } }, null, 2); // JSON is YAML
const dir = mkdtempSync(join(tmpdir(), "dm-stackbench-"));
writeFileSync(join(dir, "docker-compose.yml"), composeText);

/** Debian's docker-compose 1.29 on the testbed engine; rejects with its stderr when it fails. */
function compose(project: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile("/usr/bin/docker-compose", ["-p", project, "-f", join(dir, "docker-compose.yml"), ...args], { cwd: dir, encoding: "utf8", env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: dir, DOCKER_HOST: dockerHost } }, (error, _out, stderr) =>
      error ? reject(new Error(`docker-compose ${args.join(" ")}: ${stderr}`)) : resolve(),
    ),
  );
}

/** The engine's events between two instants (GET /events with since and until: the engine closes the stream at `until`). */
type WireEvent = { Type: string; Action: string };
function engineEvents(sinceMs: number, untilMs: number): Promise<WireEvent[]> {
  const path = `/events?since=${(sinceMs / 1000).toFixed(3)}&until=${(untilMs / 1000).toFixed(3)}`;
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: "GET" }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => (res.statusCode === 200 ? resolve(text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as WireEvent)) : reject(new Error(`GET /events: ${res.statusCode} ${text}`))));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Runs `fn`, timing it, and counts the engine's mutations (by action) in that window. */
async function measured(fn: () => Promise<unknown>) {
  const since = Date.now();
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 300)); // the last events reach the engine's log
  const until = Date.now();
  const byAction: Record<string, number> = {};
  for (const e of await engineEvents(since - 5, until)) {
    const action = e.Action.split(":")[0]!;
    if (MUTATIONS.has(action)) byAction[`${e.Type} ${action}`] = (byAction[`${e.Type} ${action}`] ?? 0) + 1;
  }
  return { ms, mutations: Object.values(byAction).reduce((a, b) => a + b, 0), byAction };
}

const load = () => Math.round(loadavg()[0]! * 100) / 100;
const median = (xs: number[]) => summarize(xs).p50Ms;
const loadAverage1m: Record<string, number> = { start: load() };

const env = await planeWithAgent("stackbench", { stackEngine: ({ hub, registryAuth }) => stackEngine(hub, registryAuth) });
const admin = signedInClient(env.plane.port, env.adminCookie);
const hostId = env.hostId;
const browser = await uiClient(env.plane.port, env.adminCookie);
try {
  /**
   * stacks.deploy, then until the batch is done, as the browser learns it: `bulk:done` on the /ui
   * socket, subscribed to the batch (and bulk.get once after subscribing, for a batch that finished
   * first). Not a tight poll: that would take CPU from the engine that docker-compose's run has.
   * Fails unless the deploy succeeded. acceptedMs: until stacks.deploy answered (load, observe, plan, gate).
   */
  const doneMessages = new Map<string, (message: BulkDoneMessage) => void>();
  browser.on("bulk:done", (message: BulkDoneMessage) => doneMessages.get(message.batchId)?.(message));
  const accepted: number[] = [];
  const deploy = async (stackId: string) => {
    const t0 = performance.now();
    const started = await admin.stacks.deploy.mutate({ hostId, stackId });
    accepted.push(performance.now() - t0);
    const done = new Promise<BulkDoneMessage["summary"]>((resolve) => doneMessages.set(started.batchId, (m) => resolve(m.summary)));
    const ack = (await browser.emitWithAck("bulk:subscribe", { batchId: started.batchId })) as { ok: boolean; error?: string };
    if (!ack.ok) throw new Error(`bulk:subscribe: ${ack.error}`);
    const batch = await admin.bulk.get.query({ batchId: started.batchId });
    const summary = batch.finishedAt ? batch.summary : await done;
    doneMessages.delete(started.batchId);
    browser.emit("bulk:unsubscribe", { batchId: started.batchId });
    if (summary.succeeded !== 1) throw new Error(`the deploy did not succeed: ${JSON.stringify(summary)}`);
    return started;
  };
  const running = async (project: string) => (await env.engine.listContainers({ all: true })).filter((c) => c.labels["com.docker.compose.project"] === project && c.state === "running").length;
  /** Takes a project down (not timed). Under heavy load the engine now and then keeps a stale endpoint and refuses to remove the network: recorded, and the next run uses new projects anyway. */
  const cleanupFailures: string[] = [];
  const down = (project: string) => compose(project, ["down", "-t", "0"]).catch((error: Error) => void cleanupFailures.push(`${project}: ${error.message.split("\n").filter((l) => !/^(Stopping|Removing) /.test(l)).join(" ").slice(0, 300)}`));

  // 1. Deploys, alternated (ours first on even runs, theirs on odd); each project down again before the next pair.
  const ours: Array<{ ms: number; mutations: number; acceptedMs: number }> = [];
  const theirs: Array<{ ms: number; mutations: number }> = [];
  const runLoad: number[] = [];
  let stackId = "";
  for (let i = 0; i < RUNS; i++) {
    projects.push(OURS(i), THEIRS(i));
    stackId = (await admin.stacks.create.mutate({ hostId, name: OURS(i), composeFiles: [{ path: "docker-compose.yml", content: composeText }], message: "bench" })).stack.id;
    const runOurs = async () => {
      const r = { ...(await measured(() => deploy(stackId))), acceptedMs: accepted.at(-1)! };
      if ((await running(OURS(i))) !== SERVICES) throw new Error(`Dockmaster's deploy left ${await running(OURS(i))} of ${SERVICES} running`);
      return r;
    };
    const runTheirs = async () => {
      const r = await measured(() => compose(THEIRS(i), ["up", "-d"]));
      if ((await running(THEIRS(i))) !== SERVICES) throw new Error(`docker-compose left ${await running(THEIRS(i))} of ${SERVICES} running`);
      return r;
    };
    // Who goes first alternates too, so neither always meets the other's clean-up traffic.
    let a: Awaited<ReturnType<typeof runOurs>>;
    let b: Awaited<ReturnType<typeof runTheirs>>;
    if (i % 2 === 0) {
      a = await runOurs();
      b = await runTheirs();
    } else {
      b = await runTheirs();
      a = await runOurs();
    }
    ours.push(a);
    theirs.push(b);
    runLoad.push(load());
    console.error(`run ${i + 1}/${RUNS}: dockmaster ${Math.round(a.ms)} ms (${a.mutations} mutations), docker-compose ${Math.round(b.ms)} ms (${b.mutations}), load ${runLoad.at(-1)}`);
    if (i < RUNS - 1) await Promise.all([down(OURS(i)), down(THEIRS(i))]);
  }
  loadAverage1m.afterDeploys = load();

  // 2. Unchanged redeploys of what the last run left up, ours and (for reference) theirs.
  const last = RUNS - 1;
  const redeploys: Array<{ ms: number; mutations: number; byAction: Record<string, number>; noop: boolean }> = [];
  const composeRedeploys: Array<{ ms: number; mutations: number }> = [];
  for (let i = 0; i < REDEPLOYS; i++) {
    let noop = false;
    const r = await measured(async () => (noop = (await deploy(stackId)).noop));
    redeploys.push({ ...r, noop });
    if (i < 3) composeRedeploys.push(await measured(() => compose(THEIRS(last), ["up", "-d"])));
  }
  loadAverage1m.afterRedeploys = load();
  await Promise.all([down(OURS(last)), down(THEIRS(last))]);

  // 3. The stacks page's status read, by its own benchmark (its own plane and seeded fleet).
  execFileSync(join(REPO_ROOT, "node_modules/.bin/tsx"), [join(REPO_ROOT, "bench/stacks-status.bench.ts")], { stdio: ["ignore", "ignore", "inherit"] });
  const status = JSON.parse(readFileSync(join(REPO_ROOT, "bench/results/stacks-status.json"), "utf8")) as { list: { p50Ms: number; p95Ms: number }; services: number; stacks: number; loadAverage1m: number };
  loadAverage1m.afterStatus = load();

  const deployOurs = summarize(ours.map((r) => r.ms));
  const deployTheirs = summarize(theirs.map((r) => r.ms));
  const redeploy = summarize(redeploys.map((r) => r.ms));
  const maxMutations = Math.max(...redeploys.map((r) => r.mutations));
  const result = {
    engine: dockerHost,
    image: testImage(),
    compose: execFileSync("/usr/bin/docker-compose", ["version", "--short"], { encoding: "utf8" }).trim(),
    services: SERVICES,
    loadAverage1m,
    note: `the machine has ${cpus().length} cores shared with other work (1-minute load ${Math.min(...Object.values(loadAverage1m))}–${Math.max(...Object.values(loadAverage1m))} during this run): compare the ratio, not the absolute times`,
    deploy: {
      runs: RUNS,
      loadAverage1mPerRun: runLoad,
      pairedRatios: ours.map((r, i) => Math.round((r.ms / theirs[i]!.ms) * 100) / 100),
      sameEngineChanges: ours.every((r, i) => r.mutations === theirs[i]!.mutations),
      cleanupFailures,
      dockmaster: { ...deployOurs, samplesMs: ours.map((r) => Math.round(r.ms)), mutationsPerRun: ours.map((r) => r.mutations), acceptedMs: ours.map((r) => Math.round(r.acceptedMs)), path: "stacks.deploy over tRPC → loader + planner → agent stack.apply over socket.io → engine, until the Operation finished" },
      dockerCompose: { ...deployTheirs, samplesMs: theirs.map((r) => Math.round(r.ms)), mutationsPerRun: theirs.map((r) => r.mutations), command: "docker-compose -p NAME up -d (includes its Python start-up)" },
      ratioMedian: deployOurs.p50Ms / deployTheirs.p50Ms,
      goal: "≤ 0.8× docker-compose (median)",
      met: deployOurs.p50Ms / deployTheirs.p50Ms <= 0.8,
      applyConcurrency: "Dockmaster: the stack.apply default (8 engine calls at once: containers created ahead, started in depends_on order as soon as their dependencies have started); docker-compose: its default (COMPOSE_PARALLEL_LIMIT 64)",
    },
    redeployUnchanged: {
      runs: REDEPLOYS,
      dockmaster: { ...redeploy, samplesMs: redeploys.map((r) => Math.round(r.ms)), allNoop: redeploys.every((r) => r.noop), mutationsPerRun: redeploys.map((r) => r.mutations), byAction: redeploys.find((r) => r.mutations)?.byAction ?? {} },
      dockerComposeForReference: { medianMs: median(composeRedeploys.map((r) => r.ms)), mutationsPerRun: composeRedeploys.map((r) => r.mutations) },
      mutationsCounted: [...MUTATIONS],
      goal: "≤ 500 ms (median) and 0 engine mutations in every run",
      met: redeploy.p50Ms <= 500 && maxMutations === 0,
    },
    status: { stacks: status.stacks, services: status.services, p50Ms: status.list.p50Ms, p95Ms: status.list.p95Ms, goal: "≤ 50 ms p95", met: status.list.p95Ms <= 50, measuredBy: "bench/stacks-status.bench.ts, run by this benchmark (it also rewrites bench/results/stacks-status.json)", loadAverage1m: status.loadAverage1m },
  };
  writeResult("stacks", result);
} finally {
  await Promise.all(projects.map((p) => compose(p, ["down", "-t", "0"]).catch(() => undefined)));
  browser.close();
  await env.close();
  removeDir(dir);
}
