/**
 * Benchmark: listing a host's containers through Dockmaster (browser → tRPC over HTTP → control
 * plane → socket.io → agent → Engine API) against the Engine API directly, in the same run, on
 * a throwaway testbed engine. Writes bench/results/container-list.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEnrollmentToken } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { apiClient, removeDir, REPO_ROOT, spawnAgent, startTestPlane, testEngines, testImage, waitFor } from "../apps/web/test/support";

const CONTAINERS = Number(process.env.BENCH_CONTAINERS ?? 30);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { n: sorted.length, meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
}

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

const dockerHost = testEngines()[0]!;
const engine = createEngine(engineConfigFromEnv({ dockerHost }));
const plane = await startTestPlane();
const agent = spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKER_HOST: dockerHost, DOCKMASTER_AGENT_STATE: join(plane.dir, "agent.json"), DOCKMASTER_ENROLL_TOKEN: (await createEnrollmentToken(plane.db, {})).token });
const created: string[] = [];
try {
  const host = await waitFor(() => plane.db.host.findFirst({ where: { status: "online" } }), "agent online", 20_000);
  for (let i = 0; i < CONTAINERS; i++) {
    const { id } = await engine.createContainer({ image: testImage(), name: `bench-${process.pid}-${i}`, cmd: ["sleep", "3600"], labels: { "dockmaster.test": "1" } });
    created.push(id);
  }
  const { client } = apiClient(plane.port);
  await client.auth.setup.mutate({ username: "bench", password: "benchmark password" });

  const direct = summarize(await time(() => engine.listContainers({ all: true })));
  const viaDockmaster = summarize(await time(() => client.containers.list.query({ hostId: host.id })));
  const result = {
    benchmark: "container-list",
    date: new Date().toISOString(),
    containers: CONTAINERS,
    iterations: ITERATIONS,
    direct,
    viaDockmaster,
    ratio: { p50: viaDockmaster.p50Ms / direct.p50Ms, p95: viaDockmaster.p95Ms / direct.p95Ms, mean: viaDockmaster.meanMs / direct.meanMs },
  };
  mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(REPO_ROOT, "bench/results/container-list.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  await agent.stop();
  await plane.close();
  removeDir(plane.dir);
}
