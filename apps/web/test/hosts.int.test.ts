import { createServer, connect as dial, type Server, type Socket as NetSocket } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connectSocket, type Socket } from "socket.io-client";
import { createEnrollmentToken } from "@dockmaster/core";
import { PROTOCOL_VERSION, type HostStatus } from "@dockmaster/protocol";
import { apiClient, removeDir, signedInUser, spawnAgent, startTestPlane, testEngines, trpcFailure, waitFor, type AgentProcess } from "./support";

/**
 * Hosts and agents end to end: enrollment with preset labels and group, inventory edits, revoke,
 * remove, degraded/recovered from the agent's health report, offline after a silent heartbeat,
 * and the host history — with real agents on a real engine.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let admin: ReturnType<typeof apiClient>;
let adminCookie: string;
let browser: Socket;
const pushes: Array<{ hostId: string; status: HostStatus; reason: string | null }> = [];
const agents: AgentProcess[] = [];
const sockets: Socket[] = [];

/**
 * The engine behind a unix socket the test can cut: a byte-for-byte proxy to testbed engine 1's
 * socket. Closing it makes the engine unreachable for the agent exactly as a stopped dockerd would.
 */
function engineProxy(path: string) {
  const target = testEngines()[0]!.replace(/^unix:\/\//, "");
  const open = new Set<NetSocket>();
  let server: Server | null = null;
  return {
    url: `unix://${path}`,
    async start() {
      server = createServer((client) => {
        const upstream = dial(target);
        open.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
          open.delete(upstream);
        };
        client.on("error", drop).on("close", drop);
        upstream.on("error", drop).on("close", drop);
      });
      await new Promise<void>((resolve) => server!.listen(path, resolve));
    },
    async stop() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = null;
    },
  };
}

beforeAll(async () => {
  plane = await startTestPlane(undefined, 0, undefined, { heartbeat: { intervalMs: 1_000, timeoutMs: 1_000 } });
  adminCookie = (await signedInUser(plane.db, "hosts-admin", [{ role: "admin" }])).cookie;
  admin = apiClient(plane.port);
  admin.jar.set("dm_session", adminCookie.replace(/^dm_session=/, ""));
  // A browser that reconnects by itself, like the real one (the short heartbeat applies to it too).
  browser = connectSocket(`http://127.0.0.1:${plane.port}/ui`, { transports: ["websocket"], extraHeaders: { cookie: adminCookie } });
  browser.on("host:status", (p: (typeof pushes)[number]) => pushes.push(p));
  await new Promise<void>((resolve) => browser.once("connect", () => resolve()));
});
afterAll(async () => {
  for (const s of sockets) s.close();
  browser?.close();
  await Promise.all(agents.map((a) => a.stop()));
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

function startAgent(env: Record<string, string>): AgentProcess {
  const agent = spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKMASTER_HEALTH_INTERVAL_MS: "300", ...env });
  agents.push(agent);
  return agent;
}

function rawAgent(credential: unknown): Promise<{ code?: string }> {
  const socket = connectSocket(`http://127.0.0.1:${plane.port}/agent`, {
    auth: { protocolVersion: PROTOCOL_VERSION, agentVersion: "test", engine: null, credential },
    transports: ["websocket"],
    reconnection: false,
  });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.on("connect", () => resolve({}));
    socket.on("connect_error", (e: Error & { data?: { code?: string } }) => resolve({ code: e.data?.code }));
  });
}

const history = async (hostId: string) => (await admin.client.hosts.history.query({ hostId })).map((h) => h.kind).reverse();

describe("hosts and agents", () => {
  const proxy = engineProxy(join("/tmp", `dm-proxy-${process.pid}.sock`));
  let hostId: string;
  let token: string;
  let agent: AgentProcess;
  let statePath: string;

  it("enrolls with the token's preset labels and group; the token is refused the second time and after expiry", async () => {
    await proxy.start();
    const group = await admin.client.hostGroups.create.mutate({ name: "edge" });
    ({ token } = await admin.client.hosts.createEnrollmentToken.mutate({ hostName: "edge-1", labels: { zone: "b", env: "prod" }, groupId: group.id }));
    statePath = join(plane.dir, "edge-1.json");
    agent = startAgent({ DOCKMASTER_ENROLL_TOKEN: token, DOCKER_HOST: proxy.url, DOCKMASTER_AGENT_STATE: statePath });
    hostId = (await waitFor(() => plane.db.host.findFirst({ where: { name: "edge-1", status: "online" } }), "edge-1 online", 20_000)).id;

    const host = await admin.client.hosts.get.query({ hostId });
    expect(host).toMatchObject({ name: "edge-1", status: "online", labels: { env: "prod", zone: "b" }, groupId: group.id, groupName: "edge", agentVersion: "0.1.0", directUrl: null });
    expect(host.engineVersion).toMatch(/^\d+\.\d+/);
    expect(host.connectedAt).toBeInstanceOf(Date);
    expect(await history(hostId)).toEqual(["enrolled", "online"]);
    expect(pushes).toContainEqual({ hostId, status: "online", reason: null });

    expect(await rawAgent({ kind: "enroll", token })).toEqual({ code: "ENROLL_TOKEN_USED" });
    const expired = await createEnrollmentToken(plane.db, { hostName: "late", ttlMs: -1_000 });
    expect(await rawAgent({ kind: "enroll", token: expired.token })).toEqual({ code: "ENROLL_TOKEN_EXPIRED" });
  });

  it("refuses bad labels, bad names and unknown groups with a clear message", async () => {
    const badKey = await trpcFailure(admin.client.hosts.setLabels.mutate({ hostId, labels: { "-bad key": "x" } }));
    expect(badKey).toMatchObject({ code: "BAD_REQUEST" });
    expect(badKey.message).toContain("label keys start with a letter or digit");
    const badValue = await trpcFailure(admin.client.hosts.setLabels.mutate({ hostId, labels: { ok: "line\nbreak" } }));
    expect(badValue.message).toContain("control characters");
    const badName = await trpcFailure(admin.client.hosts.rename.mutate({ hostId, name: "has space" }));
    expect(badName).toMatchObject({ code: "BAD_REQUEST" });
    expect(badName.message).toContain("host names may contain");
    expect(await trpcFailure(admin.client.hosts.createEnrollmentToken.mutate({ groupId: "no-such-group" }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("renames and relabels a host, audited and in its history", async () => {
    expect(await admin.client.hosts.rename.mutate({ hostId, name: "edge-one" })).toMatchObject({ name: "edge-one", previous: "edge-1" });
    await admin.client.hosts.setLabels.mutate({ hostId, labels: { env: "staging", tier: "" } });
    await admin.client.hosts.setGroup.mutate({ hostId, groupId: null });
    const host = await admin.client.hosts.get.query({ hostId });
    expect(host).toMatchObject({ name: "edge-one", labels: { env: "staging", tier: "" }, groupId: null, groupName: null });
    const entries = await admin.client.hosts.history.query({ hostId, limit: 3 });
    expect(entries.map((e) => [e.kind, e.reason])).toEqual([
      ["group-changed", "(no group)"],
      ["labels-changed", "env=staging, tier"],
      ["renamed", "edge-1 → edge-one"],
    ]);
    for (const action of ["hosts.rename", "hosts.setLabels", "hosts.setGroup"]) {
      expect(await plane.db.auditEvent.count({ where: { action, hostId, result: "ok" } })).toBe(1);
    }
  });

  it("goes degraded with the engine's reason when the engine stops answering, and back online when it does", async () => {
    pushes.length = 0;
    await proxy.stop();
    const degraded = await waitFor(() => pushes.find((p) => p.hostId === hostId && p.status === "degraded"), "degraded pushed", 10_000);
    expect(degraded.reason).toMatch(/^engine unreachable: .*(ENOENT|ECONNREFUSED|connect)/);
    expect(await admin.client.hosts.get.query({ hostId })).toMatchObject({ status: "degraded", statusReason: degraded.reason });

    await proxy.start();
    await waitFor(() => pushes.find((p) => p.hostId === hostId && p.status === "online"), "recovered pushed", 10_000);
    await waitFor(async () => (await admin.client.hosts.get.query({ hostId })).status === "online", "online again", 10_000);
    const kinds = await history(hostId);
    expect(kinds.lastIndexOf("recovered")).toBeGreaterThan(kinds.lastIndexOf("degraded"));
    expect(kinds.lastIndexOf("degraded")).toBeGreaterThan(kinds.lastIndexOf("labels-changed"));
  });

  it("goes offline after a silent heartbeat and online again when the agent is back", async () => {
    pushes.length = 0;
    agent.child.kill("SIGSTOP"); // the process is alive but answers no ping
    try {
      const offline = await waitFor(() => pushes.find((p) => p.hostId === hostId && p.status === "offline"), "offline pushed", 10_000);
      expect(offline.reason).toBe("agent disconnected: ping timeout");
    } finally {
      agent.child.kill("SIGCONT");
    }
    await waitFor(() => pushes.find((p) => p.hostId === hostId && p.status === "online"), "online again", 20_000);
    expect((await history(hostId)).slice(-2)).toEqual(["offline", "online"]);
    expect((await admin.client.hosts.history.query({ hostId, limit: 2 }))[1]).toMatchObject({ kind: "offline", reason: "agent disconnected: ping timeout" });
  });

  it("revoke closes the agent's socket at once and its secret stops working", async () => {
    const { token: second } = await admin.client.hosts.createEnrollmentToken.mutate({ hostName: "doomed" });
    const path = join(plane.dir, "doomed.json");
    const doomed = startAgent({ DOCKMASTER_ENROLL_TOKEN: second, DOCKER_HOST: testEngines()[1]!, DOCKMASTER_AGENT_STATE: path });
    const doomedId = (await waitFor(() => plane.db.host.findFirst({ where: { name: "doomed", status: "online" } }), "doomed online", 20_000)).id;
    pushes.length = 0;
    await admin.client.hosts.revoke.mutate({ hostId: doomedId });
    expect(plane.hub.isOnline(doomedId)).toBe(false); // closed before the mutation answered
    expect(await doomed.exited).toBe(2);
    expect(doomed.output()).toContain("HOST_REVOKED");
    const { secret } = JSON.parse(readFileSync(path, "utf8")) as { secret: string };
    expect(await rawAgent({ kind: "secret", hostId: doomedId, secret })).toEqual({ code: "HOST_REVOKED" });
    expect((await plane.db.hostHistory.findMany({ where: { hostId: doomedId }, orderBy: { id: "asc" } })).map((h) => h.kind)).toEqual(["enrolled", "online", "revoked"]);
  });

  it("remove: the host, its snapshot and grants are gone and its agent is refused", async () => {
    // The state sync keeps a snapshot of the host; make sure there are rows to go, whatever it stored.
    await plane.db.hostSnapshot.upsert({ where: { hostId }, create: { hostId }, update: {} });
    await plane.db.snapshotContainer.create({ data: { hostId, containerId: `removal-test-${process.pid}`, name: "web", image: "busybox", state: "running", created: new Date() } });
    const viewer = await signedInUser(plane.db, "edge-viewer", [{ role: "viewer", hostId }]);
    await admin.client.hosts.remove.mutate({ hostId });
    expect(await agent.exited).toBe(2);
    expect(agent.output()).toContain("AUTH_FAILED");
    expect(await plane.db.host.findUnique({ where: { id: hostId } })).toBeNull();
    expect(await plane.db.hostSnapshot.count({ where: { hostId } })).toBe(0);
    expect(await plane.db.snapshotContainer.count({ where: { hostId } })).toBe(0);
    expect(await plane.db.grant.count({ where: { subjectId: viewer.id } })).toBe(0);
    expect((await admin.client.hosts.list.query()).some((h) => h.id === hostId)).toBe(false);
    expect(await trpcFailure(admin.client.hosts.get.query({ hostId }))).toMatchObject({ code: "NOT_FOUND" });
    const { secret } = JSON.parse(readFileSync(statePath, "utf8")) as { secret: string };
    expect(await rawAgent({ kind: "secret", hostId, secret })).toEqual({ code: "AUTH_FAILED" });
    const last = await plane.db.hostHistory.findFirst({ where: { hostId }, orderBy: { id: "desc" } });
    expect(last).toMatchObject({ kind: "removed", reason: "edge-one" });
    expect(await plane.db.auditEvent.count({ where: { action: "hosts.remove", hostId, result: "ok" } })).toBe(1);
    await proxy.stop();
  });
});
