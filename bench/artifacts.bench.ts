/**
 * Benchmark: the agent artifacts (apps/agent/dist, built by `npm run build`) at rest. Each runs as
 * an operator would run it (the bundle under plain `node` with the flags install.sh writes; the
 * single executable as is), enrolled against a control plane and connected to testbed engine 1,
 * which is idle. After a settling period we sample RSS (goal ≤ 50 MB) and CPU over a window (goal
 * ≤ 0.5 % of one core); the source agent under the TypeScript loader is measured the same way for
 * comparison, and Node alone (an idle `node -e` with the same flags) as the floor any Node agent
 * stands on. Also records the artifacts' sizes and SHA-256 (from the build manifest).
 * RSS counts Node's own binary mapped from disk (~34 MB for an empty `node -e` script, shared with
 * every Node process and the page cache); privateRssMB (RssAnon) is what the agent itself holds.
 * Writes bench/results/artifacts.json, keeping the keys other measurements put there (images,
 * compose checks). Knobs: BENCH_ARTIFACT_SETTLE_S (20), BENCH_ARTIFACT_MEASURE_S (60).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createEnrollmentToken } from "@dockmaster/core";
import { AGENT_ENV, AGENT_NODE_FLAGS } from "../apps/web/src/server/agent-artifacts/node-flags";
import { REPO_ROOT, startTestPlane, testEngines, waitFor, removeDir } from "../apps/web/test/support";
import { writeResult } from "./harness";
import { cpuSeconds, rssBytes } from "./sim/process-stats";

const SETTLE_S = Number(process.env.BENCH_ARTIFACT_SETTLE_S ?? 20);
const MEASURE_S = Number(process.env.BENCH_ARTIFACT_MEASURE_S ?? 60);
const dist = join(REPO_ROOT, "apps/agent/dist");
const manifestPath = join(dist, "manifest.json");
if (!existsSync(manifestPath)) throw new Error("apps/agent/dist/manifest.json is missing: run `npm run build` first");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { version: string; artifacts: Array<{ name: string; kind: string; size: number; sha256: string }> };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const plane = await startTestPlane();
const dockerHost = testEngines()[0]!;

async function measure(label: string, command: string, args: string[], extraEnv: Record<string, string> = {}) {
  const { token } = await createEnrollmentToken(plane.db, { hostName: `bench-${label}` });
  const child = spawn(command, args, {
    env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKMASTER_ENROLL_TOKEN: token, DOCKER_HOST: dockerHost, DOCKMASTER_AGENT_STATE: join(plane.dir, `${label}.json`), ...AGENT_ENV, ...extraEnv },
    stdio: "ignore",
  });
  try {
    const host = await waitFor(() => plane.db.host.findFirst({ where: { name: `bench-${label}`, status: "online" } }), `${label} online`, 20_000);
    const atRest = await sample(child);
    await plane.db.host.delete({ where: { id: host.id } });
    return atRest;
  } finally {
    await stop(child);
  }
}

/** Stops a measured process (one that already exited, e.g. refused, is not waited for). */
async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** RSS and CPU of a settled process over the window; RssAnon at its end. */
async function sample(child: ChildProcess) {
  const pid = child.pid!;
  await sleep(SETTLE_S * 1_000);
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  const rss: number[] = [];
  while (performance.now() - t0 < MEASURE_S * 1_000) {
    rss.push(rssBytes(pid));
    await sleep(1_000);
  }
  const cpuPercent = ((cpuSeconds(pid) - cpu0) / ((performance.now() - t0) / 1_000)) * 100;
  const anon = /RssAnon:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return { privateRssMB: anon ? Number(anon[1]) / 1024 : null, rssMaxMB: Math.max(...rss) / 2 ** 20, rssMeanMB: rss.reduce((a, b) => a + b, 0) / rss.length / 2 ** 20, cpuPercentOfOneCore: cpuPercent };
}

/** Node with the agent's flags running nothing (an idle timer): what every Node process costs here. */
async function measureNodeAlone() {
  const child = spawn(process.execPath, [...AGENT_NODE_FLAGS, "-e", "setInterval(() => {}, 1e9)"], { env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", ...AGENT_ENV }, stdio: "ignore" });
  try {
    return await sample(child);
  } finally {
    await stop(child);
  }
}

const results: Record<string, unknown> = {};
const bundle = manifest.artifacts.find((a) => a.kind === "node")!;
results.bundle = { ...bundle, nodeFlags: AGENT_NODE_FLAGS, env: AGENT_ENV, atRest: await measure("bundle", process.execPath, [...AGENT_NODE_FLAGS, join(dist, bundle.name)]) };
const sea = manifest.artifacts.find((a) => a.kind === "sea");
// install.sh gives the single executable its flags as NODE_OPTIONS (it takes no node flags itself); both get AGENT_ENV
if (sea) results.singleExecutable = { ...sea, nodeOptions: AGENT_NODE_FLAGS.join(" "), atRest: await measure("sea", join(dist, sea.name), [], { NODE_OPTIONS: AGENT_NODE_FLAGS.join(" ") }) };
results.nodeAlone = { nodeFlags: AGENT_NODE_FLAGS, atRest: await measureNodeAlone() };
results.sourceUnderTsx = { atRest: await measure("tsx", process.execPath, ["--import", "tsx", join(REPO_ROOT, "apps/agent/src/main.ts")]) };
await plane.close();
removeDir(plane.dir);

const goals = { rssMB: 50, cpuPercentOfOneCore: 0.5 };
const resultPath = join(REPO_ROOT, "bench/results/artifacts.json");
const kept = existsSync(resultPath) ? (JSON.parse(readFileSync(resultPath, "utf8")) as Record<string, unknown>) : {};
for (const key of ["benchmark", "date", "version", "settleSeconds", "measureSeconds", "goals", "bundle", "singleExecutable", "nodeAlone", "sourceUnderTsx"]) delete kept[key];
writeResult("artifacts", { version: manifest.version, settleSeconds: SETTLE_S, measureSeconds: MEASURE_S, goals, ...results, ...kept });
console.log(JSON.stringify(results, null, 2));
