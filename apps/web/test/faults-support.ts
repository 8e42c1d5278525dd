// What the fault tests share: a direct /events subscriber on the engine (the witness), the check
// of a host's stored event history against it, and small helpers for the tests' own containers.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect } from "vitest";
import { createEnrollmentToken } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv, type Engine, type RawEngineEvent } from "@dockmaster/docker";
import { RELAY_EVENT_TYPE } from "@dockmaster/protocol";
import type { ControlPlane } from "../src/server/control-plane";
import { apiClient, REPO_ROOT, removeDir, signedInUser, spawnAgent, startTestPlane, testEngines, testImage, waitFor } from "./support";

const run = promisify(execFile);

/** busybox as PID 1 ignores SIGTERM; a trap makes `docker stop` return at once. */
export const STOPPABLE = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];

/** scripts/testbed.sh fault commands (restart-engine, link) on the test's own testbed. */
export async function testbed(...args: string[]): Promise<void> {
  await run("bash", [join(REPO_ROOT, "scripts/testbed.sh"), ...args], { env: process.env, timeout: 60_000 });
}

const key = (e: { timeNano: string; type: string; action: string; actorId: string }) => `${e.timeNano}|${e.type}|${e.action}|${e.actorId}`;

/**
 * What the engine itself reported: a second, independent /events subscriber on the same engine.
 * It resubscribes after a broken stream from its last event (full precision, inclusive) and drops
 * the replayed duplicates, so across an engine restart it sees what the new engine replays.
 */
export class EngineWitness {
  readonly events: RawEngineEvent[] = [];
  private readonly stop = new AbortController();
  private readonly seen = new Set<string>();

  private constructor(private readonly engine: Engine) {}

  static async start(engine: Engine): Promise<EngineWitness> {
    const witness = new EngineWitness(engine);
    await new Promise<void>((opened) => void witness.run(opened));
    return witness;
  }

  private async run(opened: () => void): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        const sinceNano = this.events.at(-1)?.timeNano;
        for await (const event of this.engine.events({ sinceNano, signal: this.stop.signal, onOpen: opened })) {
          if (this.seen.has(key(event))) continue;
          this.seen.add(key(event));
          this.events.push(event);
        }
      } catch {
        await new Promise((r) => setTimeout(r, 200)); // the engine is away: try again
      }
    }
  }

  /** Waits until the engine reported an event of this container with this action (the window's end). */
  saw(actorId: string, action: string): Promise<RawEngineEvent> {
    return waitFor(() => this.events.find((e) => e.actorId === actorId && e.action === action), `the engine's ${action} event of ${actorId.slice(0, 12)}`);
  }

  close(): void {
    this.stop.abort();
  }
}

/**
 * The host's stored event history against what the witness saw: seq 1..n without a hole, no
 * engine event stored twice, every witnessed event stored, nothing stored in the window that the
 * engine did not report, and the resync markers (waits until the witnessed events are stored).
 */
export async function expectLosslessHistory(db: ControlPlane["db"], hostId: string, witness: EngineWitness, options: { markers: "none" | "some" }) {
  const witnessed = [...witness.events];
  expect(witnessed.length).toBeGreaterThan(0);
  const load = () => db.engineEvent.findMany({ where: { hostId }, orderBy: { seq: "asc" } });
  const stored = await waitFor(async () => {
    const rows = await load();
    const keys = new Set(rows.map(key));
    return witnessed.every((e) => keys.has(key(e))) ? rows : null;
  }, "every event the engine reported stored", 30_000).catch(async (error: Error) => {
    const keys = new Set((await load()).map(key));
    const missing = witnessed.filter((e) => !keys.has(key(e)));
    throw new Error(`${error.message}: ${missing.length} of ${witnessed.length} missing, e.g. ${JSON.stringify(missing.slice(0, 3))}`);
  });
  expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
  const real = stored.filter((e) => e.type !== RELAY_EVENT_TYPE);
  expect(new Set(real.map(key)).size, "an engine event stored twice").toBe(real.length);
  const first = BigInt(witnessed[0]!.timeNano);
  const last = BigInt(witnessed.at(-1)!.timeNano);
  const witnessedKeys = new Set(witnessed.map(key));
  const extra = real.filter((e) => BigInt(e.timeNano) >= first && BigInt(e.timeNano) <= last && !witnessedKeys.has(key(e)));
  expect(extra, "stored events the engine never reported").toEqual([]);
  const markers = stored.filter((e) => e.type === RELAY_EVENT_TYPE);
  if (options.markers === "none") expect(markers).toEqual([]);
  else expect(markers.length).toBeGreaterThan(0);
  return { stored, markers };
}

/** A container of this test run (label dockmaster.test=1), removed by `cleanup`. */
export function containerFactory(engine: Engine, prefix: string) {
  const ids: string[] = [];
  return {
    async create(name: string, start = true): Promise<string> {
      const { id } = await engine.createContainer({ image: testImage(), name: `${prefix}-${name}`, cmd: STOPPABLE, labels: { "dockmaster.test": "1" } });
      ids.push(id);
      if (start) await engine.startContainer(id);
      return id;
    },
    async cleanup(): Promise<void> {
      for (const id of ids.splice(0)) await engine.removeContainer(id, { force: true }).catch(() => undefined);
    },
  };
}

export interface FaultPlaneOptions {
  /** Testbed engine (0-based index into DOCKMASTER_TEST_ENGINES) the agent serves. */
  engineIndex: number;
  /** Run the agent inside that engine's network namespace; the control plane then listens on the switch's host address. */
  agentInEngineNetns?: boolean;
  /** socket.io ping interval/timeout: a silent agent is offline after their sum. */
  heartbeat?: { intervalMs: number; timeoutMs: number };
}

/**
 * A control plane with one real agent on a testbed engine, restartable piece by piece: the agent
 * (killed, then started again on its stored credentials) and the control plane (same database
 * and port). `admin` is a tRPC client of a signed-in admin.
 */
export async function faultPlane(name: string, options: FaultPlaneOptions) {
  const dockerHost = testEngines()[options.engineIndex]!;
  const engine = createEngine(engineConfigFromEnv({ dockerHost }));
  const k = options.engineIndex + 1;
  const bind = options.agentInEngineNetns ? `${process.env.DOCKMASTER_TESTBED_NET ?? ""}.0.1` : "127.0.0.1";
  const overrides = { bind, heartbeat: options.heartbeat ?? { intervalMs: 1_000, timeoutMs: 1_000 } };
  let plane = await startTestPlane(undefined, 0, undefined, overrides);
  const dir = plane.dir;
  const port = plane.port;
  const { token } = await createEnrollmentToken(plane.db, { hostName: name });
  const env = { DOCKMASTER_URL: `http://${bind}:${port}`, DOCKER_HOST: dockerHost, DOCKMASTER_AGENT_STATE: join(dir, "agent.json") };
  const launch = (extra: Record<string, string>) => spawnAgent({ ...env, ...extra }, options.agentInEngineNetns ? { inEngineNetns: k } : {});
  let agent = launch({ DOCKMASTER_ENROLL_TOKEN: token });
  const online = async (what: string) => (await waitFor(() => plane.db.host.findFirst({ where: { name, status: "online" } }), what, 30_000)).id;
  const hostId = await online(`${name} online`);
  const cookie = (await signedInUser(plane.db, `${name}-admin`, [{ role: "admin" }])).cookie;
  const client = () => {
    const c = apiClient(port, bind);
    c.jar.set("dm_session", cookie.replace(/^dm_session=/, ""));
    return c.client;
  };
  return {
    engine,
    engineNumber: k,
    hostId,
    get plane() {
      return plane;
    },
    get agent() {
      return agent;
    },
    admin: client(),
    /** Resolves once the host is online (again). */
    online: () => online(`${name} online`),
    offline: () => waitFor(() => plane.db.host.findFirst({ where: { id: hostId, status: "offline" } }), `${name} offline`, 30_000),
    killAgent() {
      agent.child.kill("SIGKILL");
      return agent.exited;
    },
    startAgent() {
      agent = launch({});
    },
    async restartPlane(duringOutage: () => Promise<void>) {
      await plane.close();
      await duringOutage();
      plane = await startTestPlane(dir, port, undefined, overrides);
    },
    /**
     * The containers show these states in the fleet snapshot (fleet.containers, the server's
     * per-host state kept by the agent's state sync); waits for the snapshot to settle.
     */
    async expectStates(expected: Record<string, string>): Promise<void> {
      const read = async () => {
        const page = await client().fleet.containers.query({ hosts: [hostId], pageSize: 500 });
        return Object.fromEntries(Object.keys(expected).map((id) => [id, page.rows.find((c) => c.id === id)?.state]));
      };
      const settled = await waitFor(async () => {
        const states = await read();
        return Object.keys(expected).every((id) => states[id] === expected[id]) ? states : null;
      }, "the fleet snapshot to show the containers' true states", 20_000).catch(() => read());
      expect(settled).toEqual(expected);
    },
    async close() {
      await agent.stop();
      await plane.close();
      removeDir(dir);
    },
  };
}
