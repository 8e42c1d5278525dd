/**
 * Benchmark: a container `die` on a real engine → the alert's webhook received by an HTTP receiver
 * on loopback (goal p99 ≤ 1 s over 1,000 events). The path measured is the whole one: the engine's
 * event → the real agent's relay → the control plane stores it → the alert engine raises → the
 * outbox row → the delivery worker's claim and POST → the receiver. Latency is from the engine's
 * own timestamp of the `die` (timeNano, same machine clock) to the receiver's arrival time.
 * Twice: with the real agent alone, and with 5,000 simulated agents (bench/sim) connected to the
 * same control plane, each relaying one engine event per second, as a big fleet does.
 * The control plane runs in its own process (bench/sim/server.ts), as deployed; SQLite.
 * A rule with groupWindowSec 0 makes every die a message (no grouping), 20 containers exit 3 over
 * and over, a few at a time. Writes bench/results/alerts.json.
 * Knobs: BENCH_ALERT_EVENTS (1000), BENCH_ALERT_SIM_AGENTS (5000), BENCH_ALERT_CONCURRENCY (20).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase } from "@dockmaster/db";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { createEnrollmentToken } from "@dockmaster/core";
import { webhookReceiver } from "../apps/web/test/alert-receivers";
import { apiClient, signedInUser, spawnAgent, testEngines, testImage, waitFor } from "../apps/web/test/support";
import { summarize, writeResult } from "./harness";
import { closeFleet, connectFleet, createSimHosts, type SimAgent } from "./sim";
import { spawnBenchServer, stopBenchServer } from "./sim/server-process";

const EVENTS = Number(process.env.BENCH_ALERT_EVENTS ?? 1_000);
const SIM_AGENTS = Number(process.env.BENCH_ALERT_SIM_AGENTS ?? 5_000);
const CONCURRENCY = Number(process.env.BENCH_ALERT_CONCURRENCY ?? 20);
const CONTAINERS = 20;
const GOAL_P99_MS = 1_000;

const dir = mkdtempSync(join(tmpdir(), "dm-bench-alerts-"));
const databaseUrl = `file:${join(dir, "bench.db")}`;
const { server, port } = await spawnBenchServer({ BENCH_DATABASE_URL: databaseUrl, BENCH_HEARTBEAT_MS: "10000" });
const url = `http://127.0.0.1:${port}`;
const database = createDatabase(databaseUrl);
const dockerHost = testEngines()[0]!;
const engine = createEngine(engineConfigFromEnv({ dockerHost }));
// Each webhook's arrival, by (container, alert count): the n-th die of a container is the message with count n.
const arrivals = new Map<string, number>();
const hook = await webhookReceiver(({ body }, at) => {
  const message = JSON.parse(body) as { subject: string; count: number };
  arrivals.set(`${message.subject}#${message.count}`, at);
});
const { token } = await createEnrollmentToken(database.prisma, { hostName: "bench-real" });
const agent = spawnAgent({ DOCKMASTER_URL: url, DOCKER_HOST: dockerHost, DOCKMASTER_AGENT_STATE: join(dir, "agent.json"), DOCKMASTER_ENROLL_TOKEN: token });
const created: string[] = [];
let fleet: SimAgent[] = [];
let ticker: NodeJS.Timeout | undefined;
const stop = new AbortController();

// Each die, from the engine's own stream: its engine timestamp, numbered per container.
const dies = new Map<string, number[]>();

try {
  await waitFor(() => database.prisma.host.findFirst({ where: { name: "bench-real", status: "online" } }), "the real agent online", 30_000);
  const admin = apiClient(port);
  admin.jar.set("dm_session", (await signedInUser(database.prisma, "bench-admin", [{ role: "admin" }])).cookie.replace(/^dm_session=/, ""));
  const channel = await admin.client.alerts.createChannel.mutate({ name: "bench-hook", secretConfig: { kind: "webhook", url: hook.url, secret: "bench-secret-0123456789" } });
  await admin.client.alerts.createRule.mutate({ name: "bench-exits", kinds: ["container.exited"], channelIds: [channel.id], groupWindowSec: 0 });

  let opened: () => void = () => undefined;
  const open = new Promise<void>((r) => (opened = r));
  void (async () => {
    for await (const event of engine.events({ signal: stop.signal, onOpen: opened })) {
      const name = event.actorAttributes.name;
      if (event.type !== "container" || event.action !== "die" || !name?.startsWith(`bench-alert-${process.pid}`)) continue;
      dies.set(name, [...(dies.get(name) ?? []), Number(BigInt(event.timeNano) / 1_000n) / 1_000]);
    }
  })().catch(() => undefined);
  await open;

  /** `EVENTS` dies of CONTAINERS fresh containers (`phase` in their names), a few starts at a time. */
  async function run(phase: string) {
    const names = Array.from({ length: CONTAINERS }, (_, i) => `bench-alert-${process.pid}-${phase}-${i}`);
    const ids: string[] = [];
    for (const name of names) {
      const { id } = await engine.createContainer({ image: testImage(), name, cmd: ["sh", "-c", "exit 3"], labels: { "dockmaster.test": "1" } });
      created.push(id);
      ids.push(id);
    }
    const t0 = performance.now();
    // Each worker restarts its own containers in turn (a container is never started twice at once).
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, w) => {
        const mine = names.flatMap((name, i) => (i % CONCURRENCY === w ? [{ name, id: ids[i]! }] : []));
        for (let k = 0; k < Math.ceil(EVENTS / CONCURRENCY); k++) {
          const { name, id } = mine[k % mine.length]!;
          const before = dies.get(name)?.length ?? 0;
          await engine.startContainer(id);
          await waitFor(() => (dies.get(name)?.length ?? 0) > before || null, `${name} died`, 30_000);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1_000;
    const keys = names.flatMap((name) => (dies.get(name) ?? []).map((_, n) => `${name}#${n + 1}`));
    await waitFor(() => keys.length >= EVENTS && keys.every((k) => arrivals.has(k)), `${phase}: every die's webhook`, 120_000).catch(() => undefined);
    const latencies = names.flatMap((name) => (dies.get(name) ?? []).flatMap((at, n) => (arrivals.has(`${name}#${n + 1}`) ? [arrivals.get(`${name}#${n + 1}`)! - at] : [])));
    const summary = summarize(latencies);
    // Where the time goes: die → outbox row written (agent relay, event store, alert engine), row → sent (delivery worker).
    const rows = await database.prisma.alertDelivery.findMany({ where: { payload: { contains: `-${phase}-` } }, select: { payload: true, createdAt: true, deliveredAt: true, attempts: true } });
    const queued: number[] = [];
    const sent: number[] = [];
    for (const row of rows) {
      const m = JSON.parse(row.payload) as { subject: string; count: number };
      const at = dies.get(m.subject)?.[m.count - 1];
      if (at === undefined || !row.deliveredAt) continue;
      queued.push(row.createdAt.getTime() - at);
      sent.push(row.deliveredAt.getTime() - row.createdAt.getTime());
    }
    return { dies: keys.length, delivered: latencies.length, diesPerSecond: Math.round(keys.length / seconds), dieToWebhookMs: summary, dieToOutboxMs: summarize(queued), outboxToSentMs: summarize(sent), retried: rows.filter((r) => r.attempts > 1).length, maxMs: Math.max(...latencies), goalMet: latencies.length >= EVENTS && summary.p99Ms <= GOAL_P99_MS, loadAverage1m: loadavg()[0] };
  }

  const what = "container die on a real engine (its event timestamp) → alert webhook received by an HTTP receiver on loopback; real agent, control plane in its own process (SQLite), default outbox timing";
  const machine = "2 cores shared with other workloads; the simulated agents and the receiver run in this process, the server and the real agent in their own";
  const alone = await run("alone");
  // Written now too: the fleet phase on a crowded machine may not finish.
  writeResult("alerts", { what, goal: { p99Ms: GOAL_P99_MS, events: EVENTS }, alone, withSimulatedAgents: "not finished", met: false, machine });

  const hosts = await createSimHosts(database.prisma, SIM_AGENTS, { namePrefix: "bench-sim" });
  const connectStarted = performance.now();
  fleet = await connectFleet(url, hosts, { concurrency: 50, onFailures: (failures) => console.log(JSON.stringify({ failedToConnect: failures.length })) });
  const connectSeconds = (performance.now() - connectStarted) / 1_000;
  // Every simulated agent relays one engine event a second, spread evenly over the second.
  const SLOTS = 50;
  let slot = 0;
  let relayed = 0;
  ticker = setInterval(() => {
    slot = (slot + 1) % SLOTS;
    for (let i = slot; i < fleet.length; i += SLOTS) {
      const sim = fleet[i]!;
      if (sim.connected) void sim.sendEvent().then((ok) => void (ok && relayed++));
    }
  }, 1_000 / SLOTS);
  await new Promise((r) => setTimeout(r, 3_000)); // settle
  const relayedBefore = relayed;
  const busyStarted = performance.now();
  const withFleet = await run("fleet");
  const simEventsPerSecond = Math.round((relayed - relayedBefore) / ((performance.now() - busyStarted) / 1_000));

  writeResult("alerts", {
    what,
    goal: { p99Ms: GOAL_P99_MS, events: EVENTS },
    alone,
    withSimulatedAgents: { agents: fleet.length, connectSeconds: Math.round(connectSeconds), simEventsPerSecond, ...withFleet },
    met: alone.goalMet && withFleet.goalMet,
    machine,
  });
} finally {
  if (ticker) clearInterval(ticker);
  closeFleet(fleet);
  stop.abort();
  for (const id of created) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  await agent.stop();
  await stopBenchServer(server);
  await database.close();
  await hook.close();
  rmSync(dir, { recursive: true, force: true });
}
