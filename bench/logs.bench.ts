/**
 * Benchmark: log relay through Dockmaster (agent → control plane → a browser-like /ui socket, using
 * the browser's own stream client) against reading the Engine API directly (`docker logs -f`), in
 * the same run:
 *  - throughput: a container that wrote LOG_MB of output as fast as it could; both read all of it
 *    with follow on (goal ≥ 70 % of direct);
 *  - time to first line: follow with tail 1 on a container that already logged (goal ≤ direct + 50 ms).
 * Writes bench/results/logs.json.
 */
import { openStream } from "../apps/web/src/client/streams";
import { testImage, waitFor } from "../apps/web/test/support";
import { benchPlane, summarize, writeResult } from "./harness";

const LOG_MB = Number(process.env.BENCH_LOG_MB ?? 64);
const ROUNDS = Number(process.env.BENCH_LOG_ROUNDS ?? 3);
const FIRST_LINE_ROUNDS = Number(process.env.BENCH_FIRST_LINE_ROUNDS ?? 30);

const bench = await benchPlane();
const created: string[] = [];
try {
  // 100-byte lines as fast as busybox can write them, then exit (the log is complete and fixed).
  const line = "x".repeat(99);
  const writer = (await bench.engine.createContainer({ image: testImage(), name: `bench-logs-${process.pid}`, cmd: ["sh", "-c", `yes ${line} | head -c ${LOG_MB * 1_000_000}`] })).id;
  created.push(writer);
  await bench.engine.startContainer(writer);
  await waitFor(async () => (await bench.engine.listContainers({ all: true })).find((c) => c.id === writer)?.state === "exited", "writer finished", 120_000);

  async function direct(): Promise<number> {
    let total = 0;
    for await (const frame of bench.engine.containerLogs(writer, { follow: true, timestamps: false, signal: new AbortController().signal })) total += frame.data.length;
    return total;
  }
  async function viaDockmaster(): Promise<number> {
    let total = 0;
    const stream = openStream(bench.socket, { hostId: bench.hostId, type: "container.logs", params: { id: writer, follow: true } }, (frames) => {
      for (const f of frames) total += f.d.length;
    });
    const end = await stream.done;
    if (!end.ok) throw new Error(end.error.message);
    return total;
  }
  const throughput = { directMBps: [] as number[], viaDockmasterMBps: [] as number[], bytes: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, read] of [
      ["directMBps", direct],
      ["viaDockmasterMBps", viaDockmaster],
    ] as const) {
      const t0 = performance.now();
      const bytes = await read();
      const seconds = (performance.now() - t0) / 1000;
      throughput[name].push(bytes / 1e6 / seconds);
      throughput.bytes = bytes;
    }
  }
  const best = (xs: number[]) => Math.max(...xs);

  // Time to first line: a running container that has logged one line.
  const talker = (await bench.engine.createContainer({ image: testImage(), name: `bench-first-${process.pid}`, cmd: ["sh", "-c", "echo ready; trap 'exit 0' TERM; sleep 3600 & wait"] })).id;
  created.push(talker);
  await bench.engine.startContainer(talker);
  await new Promise((r) => setTimeout(r, 500));
  const firstDirect: number[] = [];
  const firstOurs: number[] = [];
  for (let i = 0; i < FIRST_LINE_ROUNDS; i++) {
    const abort = new AbortController();
    let t0 = performance.now();
    for await (const frame of bench.engine.containerLogs(talker, { follow: true, tail: 1, timestamps: false, signal: abort.signal })) {
      if (frame.data.length) break;
    }
    firstDirect.push(performance.now() - t0);
    abort.abort();
    t0 = performance.now();
    await new Promise<void>((resolve) => {
      const stream = openStream(bench.socket, { hostId: bench.hostId, type: "container.logs", params: { id: talker, follow: true, tail: 1 } }, () => {
        firstOurs.push(performance.now() - t0);
        stream.cancel();
        resolve();
      });
    });
  }
  const first = { direct: summarize(firstDirect), viaDockmaster: summarize(firstOurs) };
  writeResult("logs", {
    throughput: {
      logBytes: throughput.bytes,
      rounds: ROUNDS,
      directMBps: throughput.directMBps,
      viaDockmasterMBps: throughput.viaDockmasterMBps,
      ratioOfBest: best(throughput.viaDockmasterMBps) / best(throughput.directMBps),
      goal: "≥ 0.70 of direct",
    },
    timeToFirstLine: { ...first, addedP50Ms: first.viaDockmaster.p50Ms - first.direct.p50Ms, addedP95Ms: first.viaDockmaster.p95Ms - first.direct.p95Ms, goal: "≤ direct + 50 ms" },
  });
} finally {
  for (const id of created) await bench.engine.removeContainer(id, { force: true }).catch(() => undefined);
  await bench.close();
}
