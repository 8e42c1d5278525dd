import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { io as connectSocket, type Socket } from "socket.io-client";
import { AGENT_NAMESPACE, PROTOCOL_VERSION, type AgentToServerEvents, type UiToServerEvents } from "@dockmaster/protocol";
import { createSimHosts, SimAgent, type SimHostCredentials } from "../../../bench/sim";
import { removeDir, signedInUser, startTestPlane, uiClient, waitFor } from "./support";

/**
 * Fuzz over every socket event of /ui and /agent (packages/protocol/src/sockets.ts): wrong types,
 * huge and unicode strings, lone surrogates, deep nesting, extra keys, another host's ids. The
 * server never crashes, every answer is a clear refusal (never internal text), and a denial is
 * audited — with a lone surrogate made well-formed, not lost.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let hosts: SimHostCredentials[];
let mine: SimAgent;
let other: SimAgent;
let viewer: { id: string; cookie: string };
let ui: Socket;

/** A deep object: { a: { a: { … } } }, `depth` levels. */
const deep = (depth: number): unknown => {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

/** Values each event receives as its whole payload, and inside each of its string fields. */
const WEIRD: unknown[] = [undefined, null, 0, -1, 1e308, true, "", "x".repeat(100_000), "\ud800", "\udfff\ud800", "𝒳 ✓ \u0000 \u202e", [], [1, "a", null], {}, deep(500), JSON.parse(`{"__proto__": {"polluted": true}}`) as unknown, "constructor"];

/** Events that take an ack (the others are fire-and-forget: sent, then the socket is checked alive). */
const WITH_ACK = new Set<string>(["host:subscribe", "fleet:subscribe", "stream:open", "stream:input", "bulk:subscribe", "engine:events", "stream:frames", "state:full", "state:delta"]);
const UI_EVENTS = ["host:subscribe", "host:unsubscribe", "fleet:subscribe", "fleet:unsubscribe", "stream:open", "stream:input", "stream:inputEnd", "stream:resize", "stream:cancel", "bulk:subscribe", "bulk:unsubscribe"] as const satisfies ReadonlyArray<keyof UiToServerEvents>;
const AGENT_EVENTS = ["engine:events", "stream:frames", "stream:end", "agent:health", "state:full", "state:delta"] as const satisfies ReadonlyArray<keyof AgentToServerEvents>;

/** Shapes close to valid, with one field made weird. */
function nearMisses(template: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (const key of Object.keys(template)) for (const weird of WEIRD) out.push({ ...template, [key]: weird });
  out.push({ ...template, extra: "key", hostId: hosts[1]!.hostId, userId: "someone", roleId: "admin" });
  return out;
}

const uiTemplates = (): Record<(typeof UI_EVENTS)[number], Record<string, unknown>> => ({
  "host:subscribe": { hostId: hosts[0]!.hostId },
  "host:unsubscribe": { hostId: hosts[0]!.hostId },
  "fleet:subscribe": {},
  "fleet:unsubscribe": {},
  "stream:open": { streamId: "fz", hostId: hosts[0]!.hostId, type: "container.logs", params: { id: "abc", follow: false } },
  "stream:input": { streamId: "fz", data: new Uint8Array([1]) },
  "stream:inputEnd": { streamId: "fz" },
  "stream:resize": { streamId: "fz", cols: 80, rows: 24 },
  "stream:cancel": { streamId: "fz" },
  "bulk:subscribe": { batchId: "nope" },
  "bulk:unsubscribe": { batchId: "nope" },
});

/** What a refusal may say: a reason for a person, never a stack, a Prisma or SQL error, or a file path. */
function expectClear(answer: unknown, where: string) {
  const text = JSON.stringify(answer) ?? "";
  expect(text, where).not.toMatch(/prisma|sqlite|postgres|invalid input syntax|\bat \w+ \(|node_modules|\/src\/|TypeError|ReferenceError|Cannot read/i);
  if (answer && typeof answer === "object" && (answer as { ok?: unknown }).ok === false) {
    const error = (answer as { error?: unknown }).error;
    const message = typeof error === "string" ? error : (error as { message?: unknown } | undefined)?.message;
    expect(typeof message, where).toBe("string");
    expect((message as string).length, where).toBeGreaterThan(5);
  }
}

async function healthy() {
  const res = await fetch(`http://127.0.0.1:${plane.port}/api/health`);
  expect(res.status).toBeLessThan(500);
}

beforeAll(async () => {
  plane = await startTestPlane();
  hosts = await createSimHosts(plane.db, 3, { namePrefix: "fuzz" });
  mine = await SimAgent.connect({ url: `http://127.0.0.1:${plane.port}`, credentials: hosts[0]! });
  other = await SimAgent.connect({ url: `http://127.0.0.1:${plane.port}`, credentials: hosts[1]! });
  viewer = await signedInUser(plane.db, "fuzz-viewer", [{ role: "viewer", hostId: hosts[0]!.hostId }]);
  ui = await uiClient(plane.port, viewer.cookie);
});
afterAll(async () => {
  ui?.close();
  mine?.close();
  other?.close();
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

describe("/ui events", () => {
  it("every event, whole payload and each field fuzzed, with and without an ack: clear refusals, no crash", async () => {
    const templates = uiTemplates();
    let answered = 0;
    // An internal failure (a refusal the server did not mean, a lost audit record) is logged as an error: there must be none.
    const errors: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (String(chunk).includes('"level":"error"') && errors.push(String(chunk).slice(0, 300)), true));
    onTestFinished(() => stderr.mockRestore());
    for (const event of UI_EVENTS) {
      for (const payload of [...WEIRD, ...nearMisses(templates[event])]) {
        ui.emit(event, payload); // without an ack too: must not throw on the server either
        if (!WITH_ACK.has(event)) continue;
        const answer: unknown = await ui.timeout(10_000).emitWithAck(event, payload);
        answered += 1;
        expectClear(answer, `${event} ${JSON.stringify(payload)?.slice(0, 120)}`);
      }
      // Still served after the fire-and-forget ones.
      expect(await ui.timeout(10_000).emitWithAck("host:subscribe", { hostId: hosts[0]!.hostId }), event).toEqual({ ok: true });
    }
    expect(answered).toBeGreaterThan(100);
    expect(errors).toEqual([]);
    expect(ui.connected).toBe(true);
    await healthy();
  }, 240_000);

  it("another host's ids are refused and audited, a lone surrogate included (recorded well-formed)", async () => {
    expect(await ui.timeout(10_000).emitWithAck("host:subscribe", { hostId: hosts[1]!.hostId })).toMatchObject({ ok: false, error: "permission host.view is required" });
    expect(await ui.timeout(10_000).emitWithAck("host:subscribe", { hostId: "\ud800" })).toMatchObject({ ok: false, error: "permission host.view is required" });
    expect(await ui.timeout(10_000).emitWithAck("stream:open", { streamId: "other", hostId: hosts[1]!.hostId, type: "container.logs", params: { id: "abc" } })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const denied = await plane.db.auditEvent.findMany({ where: { actorId: viewer.id, result: "denied" }, orderBy: { seq: "asc" } });
    expect(denied.find((r) => r.action === "ui.host:subscribe" && r.hostId === hosts[1]!.hostId)).toBeDefined();
    expect(denied.find((r) => r.action === "ui.host:subscribe" && r.hostId === "\ufffd")).toBeDefined();
    expect(denied.find((r) => r.action === "stream.container.logs" && r.hostId === hosts[1]!.hostId)).toBeDefined();
  });
});

describe("/agent events", () => {
  it("every event fuzzed from an authenticated agent: refusals name the problem, the server and the other agents go on", async () => {
    let answered = 0;
    for (const event of AGENT_EVENTS) {
      for (const payload of WEIRD) {
        if (!WITH_ACK.has(event)) {
          mine.socket.emit(event, payload);
          continue;
        }
        const answer: unknown = await mine.socket.timeout(10_000).emitWithAck(event, payload);
        answered += 1;
        expectClear(answer, `${event} ${JSON.stringify(payload)?.slice(0, 120)}`);
        expect(answer, event).toHaveProperty("ok");
      }
    }
    // Another host's stream id: no such stream here.
    expect(await mine.socket.timeout(10_000).emitWithAck("stream:frames", { streamId: "someone-elses", frames: [{ s: "out", d: "x" }] })).toMatchObject({ ok: false, error: "no such stream" });
    expect(answered).toBeGreaterThan(60);
    expect(mine.connected).toBe(true); // none of it was a flood: no quarantine
    expect(await other.sendEvent()).toBe(true);
    await healthy();
  }, 120_000);

  it("fuzzed hellos are refused with a code and a reason, and never crash the handshake", async () => {
    const hello = (credential: unknown) => ({ protocolVersion: PROTOCOL_VERSION, agentVersion: "fuzz", hostName: "fuzz", engine: { id: "e", name: "n", version: "1", apiVersion: "1.41", os: "linux", arch: "x86_64", kernelVersion: "6" }, credential });
    const auths: unknown[] = [null, "\ud800", deep(500), { protocolVersion: "1" }, { protocolVersion: 999 }, hello({ kind: "secret", hostId: "\ud800", secret: "x" }), hello({ kind: "secret", hostId: hosts[2]!.hostId, secret: "\ud800".repeat(50) }), hello({ kind: "enroll", token: "\ud800" }), hello({ kind: "secret", hostId: "x".repeat(100_000), secret: "s" })];
    for (const auth of auths) {
      const outcome = await new Promise<{ message: string; code?: string }>((resolve) => {
        const socket = connectSocket(`http://127.0.0.1:${plane.port}${AGENT_NAMESPACE}`, { transports: ["websocket"], reconnection: false, forceNew: true, auth: auth as object });
        socket.on("connect", () => (socket.close(), resolve({ message: "admitted" })));
        socket.on("connect_error", (e: Error & { data?: { code?: string } }) => (socket.close(), resolve({ message: e.message, code: e.data?.code })));
        // A refusal (connect_error) comes first when there is one; a bare close is seen a moment later.
        const closed = () => setTimeout(() => resolve({ message: "the server closed the connection" }), 300);
        socket.io.on("open", () => socket.io.engine.on("close", closed));
        setTimeout(() => (socket.close(), resolve({ message: "no answer within 10 s" })), 10_000);
      });
      expect(outcome.message, JSON.stringify(auth)?.slice(0, 80)).not.toBe("admitted");
      // A hello that is not even an object is a protocol violation socket.io itself answers by closing the connection.
      if (typeof auth !== "object") {
        expect(outcome.message).toBe("the server closed the connection");
        continue;
      }
      expect(outcome.code, outcome.message).toMatch(/^(MALFORMED_HELLO|PROTOCOL_MISMATCH|AUTH_FAILED|ENROLL_TOKEN_INVALID)$/);
      expectClear({ ok: false, error: outcome.message }, JSON.stringify(auth)?.slice(0, 80) ?? "");
    }
    // Every refusal was audited — the first at once, the repeats (same source, same reason) in one
    // record at the end of its 10 s window naming the hosts they claimed, lone surrogates made well-formed.
    const named = async () => {
      const records = await plane.db.auditEvent.findMany({ where: { action: "agent.authenticate", result: "denied" } });
      return records.flatMap((r) => [r.hostId, ...((JSON.parse(r.params) as { hostIds?: Array<string | null> }).hostIds ?? [])]);
    };
    const hostIds = await waitFor(async () => {
      const ids = await named();
      return ids.includes(hosts[2]!.hostId) && ids.includes("\ufffd") ? ids : null;
    }, "the aggregate refusal record", 20_000);
    expect(hostIds).toContain("x".repeat(100));
    await healthy();
  }, 90_000);
});
