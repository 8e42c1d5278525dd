/**
 * Benchmark: many simulated agents (bench/sim, protocol-level, no dockerd) on ONE control-plane
 * process, run apart from the agents so its RSS and CPU are its own. At each level (500 / 1,000 /
 * 2,500 / 5,000 agents by default) every agent heartbeats (socket.io ping, 10 s) and sends one
 * engine event per second; we measure the relay latency from the agent's emit to its arrival on a
 * browser-like /ui socket subscribed to every host (goal p99 ≤ 250 ms), the agent's ack latency
 * (the event stored), the server's RSS (goal ≤ 1.5 GB at 5,000) and CPU.
 * Then, at the top level, a flood: agents sending malformed, unknown and oversized messages and
 * connection attempts with a forged host secret, while the others keep relaying — their latency
 * is measured again, and the server's refusals are counted from its log.
 * Writes bench/results/agents.json (SQLite, the embedded default), or agents-postgresql.json with
 * BENCH_AGENT_DATABASE=postgresql (the large-install mode; run through scripts/with-postgres.sh).
 * Knobs: BENCH_AGENT_LEVELS, BENCH_AGENT_MEASURE_S, BENCH_FLOODERS, BENCH_SERVER_CPU_PROF,
 * BENCH_SERVER_NODE_FLAGS.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { io as connectSocket } from "socket.io-client";
import { createDatabase } from "@dockmaster/db";
import { AGENT_NAMESPACE, PROTOCOL_VERSION } from "@dockmaster/protocol";
import { freshPostgresDatabase, signedInUser, uiClient } from "../apps/web/test/support";
import { summarize, writeResult } from "./harness";
import { closeFleet, connectFleet, createSimHosts, SimAgent, type SimHostCredentials } from "./sim";
import { SERVER_NODE_FLAGS, spawnBenchServer, stopBenchServer } from "./sim/server-process";
import { cpuSeconds, rssBytes } from "./sim/process-stats";

const LEVELS = (process.env.BENCH_AGENT_LEVELS ?? "500,1000,2500,5000").split(",").map(Number);
const MEASURE_S = Number(process.env.BENCH_AGENT_MEASURE_S ?? 15);
const FLOODERS = Number(process.env.BENCH_FLOODERS ?? 20);
const top = Math.max(...LEVELS);

const dir = mkdtempSync(join(tmpdir(), "dm-bench-agents-"));
const onPostgres = process.env.BENCH_AGENT_DATABASE === "postgresql";
const postgres = onPostgres ? await freshPostgresDatabase(`dm_bench_agents_${process.pid}`) : null;
const databaseUrl = postgres?.url ?? `file:${join(dir, "bench.db")}`;
// BENCH_SERVER_CPU_PROF=dir: the server writes a V8 CPU profile of each measuring window there (where its time goes).
const profiling = Boolean(process.env.BENCH_SERVER_CPU_PROF);
// The server's log (stderr), counted by message (refusals during the flood); its stdout says where
// it listens and how late its event loop runs. Read, not echoed: a flood's log lines would swamp this output.
const logged = new Map<string, number>();
let serverLag: number[] = [];
const { server, port, pid } = await spawnBenchServer({ BENCH_DATABASE_URL: databaseUrl, BENCH_HEARTBEAT_MS: "10000" }, (line) => {
  try {
    const entry = JSON.parse(line) as { message?: string; count?: number; eventLoopDelayP99Ms?: number };
    if (entry.eventLoopDelayP99Ms !== undefined) serverLag.push(entry.eventLoopDelayP99Ms);
    // a refusal line stands for `count` refusals (refusals.ts logs a flood once per window)
    if (entry.message) logged.set(entry.message, (logged.get(entry.message) ?? 0) + (entry.count ?? 1));
  } catch {
    // not a log line
  }
});
const url = `http://127.0.0.1:${port}`;
const database = createDatabase(databaseUrl);
const hosts = await createSimHosts(database.prisma, top + FLOODERS, { namePrefix: "bench" });
const normalHosts = hosts.slice(0, top);
const flooderHosts = hosts.slice(top);
const cookie = (await signedInUser(database.prisma, "bench-admin", [{ role: "admin" }])).cookie;
const browser = await uiClient(port, cookie);
for (let i = 0; i < normalHosts.length; i += 500) {
  await Promise.all(normalHosts.slice(i, i + 500).map((h) => browser.timeout(30_000).emitWithAck("host:subscribe", { hostId: h.hostId })));
}

// Relay: emit time per (host, seq); the browser's receipt closes it.
const sentAt = new Map<string, number>();
let relay: number[] = [];
let acks: number[] = [];
let measuring = false;
browser.on("host:event", (payload: { hostId: string; event: { seq: number } }) => {
  const key = `${payload.hostId}:${payload.event.seq}`;
  const t0 = sentAt.get(key);
  if (t0 === undefined) return;
  sentAt.delete(key);
  if (measuring) relay.push(performance.now() - t0);
});

const agents: SimAgent[] = [];
let failedAcks = 0;
function emitFrom(agent: SimAgent) {
  if (!agent.connected) return;
  const event = agent.nextEvent();
  const t0 = performance.now();
  sentAt.set(`${agent.hostId}:${event.seq}`, t0);
  void agent.sendEvent(event).then((ok) => {
    if (!ok) failedAcks++;
    else if (measuring) acks.push(performance.now() - t0);
  });
}
// Every agent once a second, spread evenly over the second.
const SLOTS = 50;
let slot = 0;
const ticker = setInterval(() => {
  slot = (slot + 1) % SLOTS;
  for (let i = slot; i < agents.length; i += SLOTS) emitFrom(agents[i]!);
}, 1000 / SLOTS);

async function measure(label: string) {
  relay = [];
  acks = [];
  failedAcks = 0;
  sentAt.clear();
  await new Promise((r) => setTimeout(r, 2_000)); // settle
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  let maxRss = 0;
  serverLag = [];
  const clientLag = monitorEventLoopDelay({ resolution: 10 });
  clientLag.enable();
  measuring = true;
  if (profiling) server.kill("SIGUSR2");
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssBytes(pid))), 500);
  await new Promise((r) => setTimeout(r, MEASURE_S * 1_000));
  measuring = false;
  if (profiling) server.kill("SIGUSR2");
  clearInterval(sampler);
  const seconds = (performance.now() - t0) / 1000;
  const lost = [...sentAt.values()].filter((t) => performance.now() - t > 2_000).length;
  const result = {
    label,
    agents: agents.filter((a) => a.connected).length,
    eventsPerSecond: Math.round(relay.length / seconds),
    relayMs: summarize(relay.length ? relay : [NaN]),
    ackMs: summarize(acks.length ? acks : [NaN]),
    failedAcks,
    notRelayedWithin2s: lost,
    serverRssMB: Math.round(maxRss / 1e6),
    serverCpuPercent: Math.round(((cpuSeconds(pid) - cpu0) / seconds) * 100),
    // p99 event-loop delay: the server's (worst second) and this process's (the simulated agents + browser).
    serverEventLoopDelayP99Ms: Math.round(Math.max(0, ...serverLag)),
    clientEventLoopDelayP99Ms: Math.round(clientLag.percentile(99) / 1e6),
    machineLoadAverage: loadavg()[0],
  };
  clientLag.disable();
  console.log(JSON.stringify(result));
  return result;
}

const curve = [];
try {
  for (const level of LEVELS) {
    const t0 = performance.now();
    let failedToConnect = 0;
    let firstFailure: string | undefined;
    const wanted = normalHosts.slice(agents.length, level);
    agents.push(...(await connectFleet(url, wanted, { concurrency: 100, onFailures: (f) => ((failedToConnect = f.length), (firstFailure = f[0]!.message)) })));
    const connectSeconds = (performance.now() - t0) / 1000;
    curve.push({ ...(await measure(`${level} agents`)), connectSeconds: Math.round(connectSeconds * 10) / 10, failedToConnect, firstFailure });
    if (failedToConnect > 0) break; // the next level would measure the same shortfall
  }

  // The flood: valid agents sending garbage, and forged secrets, while the others keep relaying.
  const before = new Map(logged);
  let stop = false;
  const sent = { malformedBatches: 0, unknownEvents: 0, malformedFrames: 0, oversized: 0, forgedHandshakes: 0, forgedRefused: 0 };
  const oversized = "x".repeat(1_500_000); // over the server's 1 MB message limit
  async function flooder(host: SimHostCredentials) {
    while (!stop) {
      let agent: SimAgent;
      try {
        agent = await SimAgent.connect({ url, credentials: host });
      } catch {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      for (let round = 0; round < 20 && !stop && agent.connected; round++) {
        for (let i = 0; i < 10; i++) {
          agent.socket.emit("engine:events", { events: [{ seq: "NaN", junk: true }] }, () => undefined);
          agent.socket.emit("engine:events", "not even an object", () => undefined);
          sent.malformedBatches += 2;
          agent.socket.emit(`no-such-event-${i}`, { x: 1 });
          sent.unknownEvents++;
          agent.socket.emit("stream:frames", { streamId: "nope", frames: [1, 2, 3] }, () => undefined);
          sent.malformedFrames++;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      if (agent.connected) {
        agent.socket.emit("engine:events", { events: [], pad: oversized });
        sent.oversized++;
      }
      await new Promise((r) => setTimeout(r, 100));
      agent.close();
    }
  }
  async function forger() {
    while (!stop) {
      const victim = normalHosts[sent.forgedHandshakes % normalHosts.length]!;
      const socket = connectSocket(`${url}${AGENT_NAMESPACE}`, {
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
        auth: { protocolVersion: PROTOCOL_VERSION, agentVersion: "forger", engine: null, credential: { kind: "secret", hostId: victim.hostId, secret: "forged-secret" } },
      });
      sent.forgedHandshakes++;
      await new Promise<void>((resolve) => {
        socket.on("connect", () => resolve());
        socket.on("connect_error", (e: Error & { data?: { code?: string } }) => {
          if (e.data?.code === "AUTH_FAILED") sent.forgedRefused++;
          resolve();
        });
      });
      socket.close();
    }
  }
  const running = [...flooderHosts.map(flooder), forger(), forger()];
  const connectedBefore = agents.filter((a) => a.connected).length;
  const underFlood = await measure(`${agents.length} agents under a flood from ${FLOODERS} bad agents + 2 forgers`);
  stop = true;
  await Promise.all(running);
  // The same agents once the flood is over: on SQLite the event table keeps growing and inserts
  // get dearer with it, so "during" is compared with a window on each side.
  const afterFlood = await measure(`${agents.length} agents after the flood`);
  const refusals: Record<string, number> = {};
  for (const [message, n] of logged) if (n > (before.get(message) ?? 0)) refusals[message] = n - (before.get(message) ?? 0);
  const baseline = curve[curve.length - 1]!;

  writeResult(onPostgres ? "agents-postgresql" : "agents", {
    database: onPostgres ? "postgresql (the large-install mode; its server on the same 2 cores)" : "sqlite (the embedded default)",
    machine: "2 cores shared with other workloads; the simulated agents run in this process, the server in its own",
    serverNodeFlags: SERVER_NODE_FLAGS,
    goals: { relayP99Ms: 250, serverRssMB: 1500, atAgents: 5000 },
    curve,
    flood: {
      sent,
      serverLog: refusals,
      normalAgentsDisconnected: connectedBefore - agents.filter((a) => a.connected).length,
      normalAgentDisconnectReasons: [...new Set(agents.flatMap((a) => a.disconnects))],
      relayP99Ms: { before: baseline.relayMs.p99Ms, during: underFlood.relayMs.p99Ms, after: afterFlood.relayMs.p99Ms },
      underFlood,
      afterFlood,
    },
  });
} finally {
  clearInterval(ticker);
  browser.close();
  closeFleet(agents);
  await stopBenchServer(server);
  await database.close();
  await postgres?.drop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
