import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { io as connectSocket, type Socket } from "socket.io-client";
import { createEnrollmentToken, hashToken } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv, type Engine } from "@dockmaster/docker";
import { PROTOCOL_VERSION, type EngineEvent } from "@dockmaster/protocol";
import { apiClient, removeDir, spawnAgent, startTestPlane, testEngines, testImage, waitFor, type AgentProcess } from "./support";

let plane: Awaited<ReturnType<typeof startTestPlane>>;
let engine: Engine;
let dockerHost: string;
const agents: AgentProcess[] = [];
const sockets: Socket[] = [];
const containers: string[] = [];
const RUN = `dmtest-${process.pid}`;
// busybox as PID 1 ignores SIGTERM; a trap makes `docker stop` return at once instead of after 10 s.
const STOPPABLE = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];

beforeAll(async () => {
  dockerHost = testEngines()[0]!;
  engine = createEngine(engineConfigFromEnv({ dockerHost }));
  plane = await startTestPlane();
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  for (const id of containers) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

function agentEnv(extra: Record<string, string>): Record<string, string> {
  return { DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKER_HOST: dockerHost, DOCKMASTER_AGENT_STATE: join(plane.dir, `agent-${agents.length}.json`), ...extra };
}

function startAgent(extra: Record<string, string>): AgentProcess {
  const agent = spawnAgent(agentEnv(extra));
  agents.push(agent);
  return agent;
}

async function newToken(ttlMs?: number) {
  return (await createEnrollmentToken(plane.db, { hostName: "engine-1", ttlMs })).token;
}

/** A raw agent-namespace client, for handshakes the real agent would never send. */
function rawAgent(auth: unknown): Promise<{ socket: Socket; error?: { message: string; code?: string } }> {
  const socket = connectSocket(`http://127.0.0.1:${plane.port}/agent`, { auth: auth as Record<string, unknown>, transports: ["websocket"], reconnection: false });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.on("connect", () => resolve({ socket }));
    socket.on("connect_error", (e: Error & { data?: { code?: string } }) => resolve({ socket, error: { message: e.message, code: e.data?.code } }));
  });
}

const hello = (credential: unknown, protocolVersion = PROTOCOL_VERSION) => ({ protocolVersion, agentVersion: "test", engine: null, credential });

describe("agent ↔ control plane over a real socket, against a real engine", () => {
  let hostId: string;
  let statePath: string;
  let admin: ReturnType<typeof apiClient>;

  it("enrolls with a one-time token, stores only a hash on the server and the secret 0600 on disk", async () => {
    statePath = agentEnv({}).DOCKMASTER_AGENT_STATE!;
    const agent = startAgent({ DOCKMASTER_ENROLL_TOKEN: await newToken() });
    const host = await waitFor(() => plane.db.host.findFirst({ where: { status: "online" } }), "host online", 15_000);
    hostId = host.id;
    expect(host).toMatchObject({ name: "engine-1", agentVersion: "0.1.0" });
    expect(host.engineVersion).toMatch(/^\d+\.\d+/);
    await waitFor(() => statSync(statePath, { throwIfNoEntry: false }), "credentials file");
    expect(statSync(statePath).mode & 0o777).toBe(0o600);
    const { secret } = JSON.parse(readFileSync(statePath, "utf8")) as { secret: string };
    expect(host.secretHash).toBe(hashToken(secret));
    expect(host.secretHash).not.toContain(secret);
    expect(agent.output()).not.toContain(secret);
    const audit = await plane.db.auditEvent.findFirst({ where: { action: "agent.enroll", result: "ok" } });
    expect(audit?.hostId).toBe(hostId);
  });

  it("serves tRPC requests through the agent: containers, images, engine info", async () => {
    admin = apiClient(plane.port);
    await admin.client.auth.setup.mutate({ username: "admin", password: "correct horse battery" });
    const info = await admin.client.engine.info.query({ hostId });
    expect(info.storageDriver).toBe("overlay2");
    expect(info.dockerRootDir).toContain("/");
    const images = await admin.client.images.list.query({ hostId });
    expect(images.some((i) => i.repoTags.includes(testImage()))).toBe(true);
    expect(Array.isArray(await admin.client.containers.list.query({ hostId }))).toBe(true);
  });

  it("pushes engine events to a subscribed browser socket and persists them with a seq", async () => {
    const ui = connectSocket(`http://127.0.0.1:${plane.port}/ui`, { transports: ["websocket"], extraHeaders: { cookie: admin.cookieHeader() } });
    sockets.push(ui);
    const events: EngineEvent[] = [];
    ui.on("host:event", (p: { hostId: string; event: EngineEvent }) => p.hostId === hostId && events.push(p.event));
    expect(await ui.emitWithAck("host:subscribe", { hostId })).toEqual({ ok: true });

    const name = `${RUN}-events`;
    const { id } = await engine.createContainer({ image: testImage(), name, cmd: STOPPABLE, labels: { "dockmaster.test": "1" } });
    containers.push(id);
    await engine.startContainer(id);
    const started = await waitFor(() => events.find((e) => e.type === "container" && e.action === "start" && e.actorId === id), "start event", 2_000);
    expect(started.seq).toBeGreaterThan(0);
    await waitFor(() => plane.db.engineEvent.findFirst({ where: { hostId, actorId: id, action: "start" } }), "stored event");

    // stop through the UI path, then the engine's error for removing a running container
    await admin.client.containers.start.mutate({ hostId, id });
    await admin.client.containers.stop.mutate({ hostId, id });
    const stopped = (await admin.client.containers.list.query({ hostId })).find((c) => c.id === id);
    expect(stopped?.state).toBe("exited");
    await admin.client.containers.start.mutate({ hostId, id });
    const refused = await admin.client.containers.remove.mutate({ hostId, id }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(/cannot remove a running container/i);
    const audited = await plane.db.auditEvent.findFirst({ where: { action: "containers.remove" }, orderBy: { seq: "desc" } });
    expect(audited).toMatchObject({ result: "error", hostId, targetId: id });
    await admin.client.containers.remove.mutate({ hostId, id, force: true });
  });

  it("answers malformed and unknown requests with typed errors and keeps serving", async () => {
    const unknown = await plane.hub.send(hostId, { id: "x1", type: "host.format", params: {} });
    expect(unknown).toEqual({ id: "x1", ok: false, error: { code: "UNKNOWN_REQUEST", message: 'unknown request type "host.format"' } });
    const malformed = await plane.hub.send(hostId, { id: "x2", type: "container.stop", params: { id: 42 } });
    expect(malformed).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    const missing = await admin.client.containers.inspect.query({ hostId, id: `${RUN}-missing` }).catch((e: Error) => e);
    expect((missing as Error).message).toMatch(/no such container/i);
    expect(await admin.client.containers.list.query({ hostId })).toBeDefined();
  });

  it("re-authenticates with its secret after the control plane restarts", async () => {
    const port = plane.port;
    const dir = plane.dir;
    await plane.close();
    plane = await startTestPlane(dir, port);
    const back = await waitFor(() => plane.db.host.findFirst({ where: { id: hostId, status: "online" } }), "host back online", 20_000);
    expect(back.id).toBe(hostId);
    expect(await plane.db.host.count()).toBe(1); // same host, not a second enrollment
  });

  it("refuses a reused, an expired and an unknown token: the agent logs why and exits", async () => {
    const used = await plane.db.enrollmentToken.findFirstOrThrow({ where: { usedAt: { not: null } } });
    expect(used.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const reused = startAgent({ DOCKMASTER_ENROLL_TOKEN: "definitely-not-a-token" });
    expect(await reused.exited).toBe(2);
    expect(reused.output()).toContain("ENROLL_TOKEN_INVALID");

    const expired = startAgent({ DOCKMASTER_ENROLL_TOKEN: await newToken(-1_000) });
    expect(await expired.exited).toBe(2);
    expect(expired.output()).toContain("ENROLL_TOKEN_EXPIRED");

    const token = await newToken();
    const first = await rawAgent(hello({ kind: "enroll", token }));
    expect(first.error).toBeUndefined();
    const second = startAgent({ DOCKMASTER_ENROLL_TOKEN: token });
    expect(await second.exited).toBe(2);
    expect(second.output()).toContain("ENROLL_TOKEN_USED");
    expect(await plane.db.auditEvent.count({ where: { action: "agent.enroll", result: "denied" } })).toBe(3);
  });

  it("refuses a protocol mismatch, a malformed hello and a wrong secret with clear codes", async () => {
    expect((await rawAgent(hello({ kind: "enroll", token: "x" }, PROTOCOL_VERSION + 1))).error).toMatchObject({ code: "PROTOCOL_MISMATCH" });
    expect((await rawAgent({ hello: "there" })).error).toMatchObject({ code: "MALFORMED_HELLO" });
    expect((await rawAgent(hello({ kind: "secret", hostId, secret: "guess" }))).error).toMatchObject({ code: "AUTH_FAILED", message: "agent credentials were not accepted" });
  });

  it("survives malformed socket messages", async () => {
    const token = await newToken();
    const { socket } = await rawAgent(hello({ kind: "enroll", token }));
    expect(await socket.emitWithAck("engine:events", { events: [{ seq: "nope" }] })).toMatchObject({ ok: false, error: expect.stringMatching(/^malformed event batch: events\.0\.seq: /) as unknown });
    socket.emit("engine:events", "garbage"); // no ack callback at all
    socket.emit("not-an-event", 1, 2, 3);
    const res = await fetch(`http://127.0.0.1:${plane.port}/api/health`);
    expect(res.status).toBe(200);
    expect(await plane.hub.request(hostId, "engine.info", {})).toHaveProperty("serverVersion");
  });

  it("reaches its engine over tcp with mutual TLS (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH)", async () => {
    const tcp = process.env.DOCKMASTER_TEST_TLS_ENGINES?.split(",")[1];
    const certs = process.env.DOCKMASTER_TEST_TLS_CERTS;
    if (!tcp || !certs) throw new Error("the testbed did not export DOCKMASTER_TEST_TLS_ENGINES / DOCKMASTER_TEST_TLS_CERTS");
    const before = await plane.db.host.count();
    startAgent({ DOCKMASTER_ENROLL_TOKEN: await newToken(), DOCKMASTER_HOST_NAME: "engine-2-tls", DOCKER_HOST: tcp, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs });
    const host = await waitFor(() => plane.db.host.findFirst({ where: { status: "online", id: { not: hostId }, engineId: { not: null } }, orderBy: { createdAt: "desc" } }), "TLS host online", 15_000);
    expect(await plane.db.host.count()).toBe(before + 1);
    const first = await plane.db.host.findUniqueOrThrow({ where: { id: hostId } });
    expect(host.engineId).not.toBe(first.engineId); // a different engine, reached over TLS
    const info = await admin.client.engine.info.query({ hostId: host.id });
    expect(info.id).toBe(host.engineId);
  });

  it("an admin enrolls a host through the API, then revokes it: the socket closes and the agent is refused for good", async () => {
    const { token } = await admin.client.hosts.createEnrollmentToken.mutate({ hostName: "revokable" });
    const agent = startAgent({ DOCKMASTER_ENROLL_TOKEN: token, DOCKER_HOST: testEngines()[1]! });
    const host = await waitFor(() => plane.db.host.findFirst({ where: { name: "revokable", status: "online" } }), "revokable host online", 15_000);
    await admin.client.hosts.revoke.mutate({ hostId: host.id });
    expect(await agent.exited).toBe(2);
    expect(agent.output()).toContain("HOST_REVOKED");
    expect((await admin.client.hosts.list.query()).some((h) => h.id === host.id)).toBe(false);
    expect(await plane.db.auditEvent.count({ where: { action: "hosts.revoke", result: "ok", hostId: host.id } })).toBe(1);
  });
});
