import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connectSocket, type Socket } from "socket.io-client";
import { createEnrollmentToken, updateSettings } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv, type Engine } from "@dockmaster/docker";
import { PROTOCOL_VERSION, RELEASE_VERSION } from "@dockmaster/protocol";
import { apiClient, REPO_ROOT, removeDir, signedInUser, startTestPlane, testEngines, testImage, waitFor } from "./support";

/**
 * The installed agent (the one-file bundle, run by plain node as install.sh runs it) upgraded from
 * the control plane while engine events flow; agents outside the compatibility window refused with
 * both versions named, on the host and in the audit trail; an engine enrolled again after its
 * agent lost its secret recognised by its engine ID and given new credentials on the same host.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let engine: Engine;
let admin: ReturnType<typeof apiClient>;
let dist: string;
let installDir: string;
const agents: ChildProcess[] = [];
const sockets: Socket[] = [];
const containers: string[] = [];
const RUN = `dmup-${process.pid}`;

function build(version: string) {
  const built = spawnSync(process.execPath, [join(REPO_ROOT, "apps/agent/scripts/build.mjs")], { env: { ...process.env, DOCKMASTER_AGENT_DIST: dist, DOCKMASTER_AGENT_SEA: "0", DOCKMASTER_AGENT_BUILD_VERSION: version }, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`agent build failed: ${built.stderr}`);
}

function rawAgent(auth: unknown): Promise<{ error?: { message: string; code?: string } }> {
  const socket = connectSocket(`http://127.0.0.1:${plane.port}/agent`, { auth: auth as Record<string, unknown>, transports: ["websocket"], reconnection: false });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.on("agent:welcome", () => resolve({}));
    socket.on("connect_error", (e: Error & { data?: { code?: string } }) => resolve({ error: { message: e.message, code: e.data?.code } }));
  });
}

beforeAll(async () => {
  engine = createEngine(engineConfigFromEnv({ dockerHost: testEngines()[0]! }));
  const dir = mkdtempSync(join(tmpdir(), "dm-upgrade-"));
  dist = join(dir, "dist");
  plane = await startTestPlane(dir, 0, undefined, { agentDist: dist });
  installDir = join(plane.dir, "opt");
  mkdirSync(installDir);
  const cookie = (await signedInUser(plane.db, "upgrader", [{ role: "admin" }])).cookie;
  admin = apiClient(plane.port);
  admin.jar.set("dm_session", cookie.replace(/^dm_session=/, ""));
}, 30_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  for (const a of agents) a.kill("SIGTERM");
  // the upgraded agent was started by the old one (re-exec): its pid is in its pid file
  const pid = Number(readFileSync(join(installDir, "agent.pid"), { encoding: "utf8", flag: "a+" }).trim());
  if (pid) process.kill(pid, "SIGTERM");
  for (const id of containers) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

describe("the installed agent, upgraded from the control plane", () => {
  let hostId: string;

  it("runs as a bundle under plain node, enrolls, and reports the build's version", async () => {
    build(RELEASE_VERSION);
    copyFileSync(join(dist, "dockmaster-agent.cjs"), join(installDir, "dockmaster-agent.cjs"));
    const { token } = await createEnrollmentToken(plane.db, { hostName: "installed" });
    const child = spawn(process.execPath, ["--max-semi-space-size=1", join(installDir, "dockmaster-agent.cjs")], {
      env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKMASTER_ENROLL_TOKEN: token, DOCKER_HOST: testEngines()[0]!, DOCKMASTER_AGENT_STATE: join(installDir, "credentials.json"), DOCKMASTER_AGENT_PIDFILE: join(installDir, "agent.pid") },
      stdio: "ignore",
    });
    agents.push(child);
    const host = await waitFor(() => plane.db.host.findFirst({ where: { name: "installed", status: "online" } }), "installed agent online", 15_000);
    hostId = host.id;
    expect(host.agentVersion).toBe(RELEASE_VERSION);
    expect((await admin.client.hosts.agentRelease.query()).agentVersion).toBe(RELEASE_VERSION);
  });

  it("refuses to upgrade until the public URL is set (agents download from it)", async () => {
    build("0.1.1");
    const { batchId } = await admin.client.bulk.start.mutate({ action: "agent.upgrade", hostIds: [hostId] });
    const batch = await waitFor(async () => ((await admin.client.bulk.get.query({ batchId })).finishedAt ? admin.client.bulk.get.query({ batchId }) : null), "batch done");
    expect(batch.targets[0]?.status).toBe("failed");
    expect(batch.targets[0]?.error).toContain("public URL");
  });

  it("upgrades while engine events flow: back online on the new build, every event stored once, audited", async () => {
    await updateSettings(plane.db, { publicUrl: `http://127.0.0.1:${plane.port}` });
    let flowing = true;
    const created: string[] = [];
    const flow = (async () => {
      for (let i = 0; flowing; i++) {
        const { id } = await engine.createContainer({ image: testImage(), name: `${RUN}-${i}`, cmd: ["true"], labels: { "dockmaster.test": "1" } });
        containers.push(id);
        created.push(id);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    const { batchId } = await admin.client.bulk.start.mutate({ action: "agent.upgrade", hostIds: [hostId] });
    const batch = await waitFor(async () => ((await admin.client.bulk.get.query({ batchId })).finishedAt ? admin.client.bulk.get.query({ batchId }) : null), "upgrade batch done", 60_000);
    await new Promise((r) => setTimeout(r, 500));
    flowing = false;
    await flow;
    expect(batch.targets[0]).toMatchObject({ status: "succeeded" });
    const host = await plane.db.host.findUniqueOrThrow({ where: { id: hostId } });
    expect(host).toMatchObject({ status: "online", agentVersion: "0.1.1" });
    expect(created.length).toBeGreaterThan(5);
    await waitFor(async () => (await plane.db.engineEvent.count({ where: { hostId, action: "create", actorId: { in: created } } })) === created.length, "every create event stored", 15_000);
    const stored = await plane.db.engineEvent.findMany({ where: { hostId, action: "create", actorId: { in: created } }, select: { actorId: true } });
    expect(new Set(stored.map((e) => e.actorId)).size).toBe(stored.length); // none twice
    const audited = await plane.db.auditEvent.findFirst({ where: { action: "hosts.upgradeAgent", hostId, result: "ok" } });
    expect(audited).toBeTruthy();
  }, 90_000);

  it("refuses an agent outside the compatibility window with both versions named, on the host and audited", async () => {
    const { secret } = JSON.parse(readFileSync(join(installDir, "credentials.json"), "utf8")) as { secret: string };
    const future = `${Number(RELEASE_VERSION.split(".")[0]) + 1}.0.0`;
    const refused = await rawAgent({ protocolVersion: PROTOCOL_VERSION, agentVersion: future, engine: null, credential: { kind: "secret", hostId, secret } });
    expect(refused.error?.code).toBe("PROTOCOL_MISMATCH");
    expect(refused.error?.message).toContain(`agent ${future}`);
    expect(refused.error?.message).toContain(`control plane ${RELEASE_VERSION}`);
    await waitFor(() => plane.db.hostHistory.findFirst({ where: { hostId, kind: "agent-refused" } }), "refusal in the host's history");
    const denied = await waitFor(() => plane.db.auditEvent.findFirst({ where: { action: "agent.authenticate", hostId, result: "denied" } }), "refusal audited");
    expect(denied.error).toContain(future);
  });
});

describe("an engine enrolled again after its agent lost its secret", () => {
  const identity = { id: `${RUN}-ENGINE-ID`, name: "lost", version: "27.0", apiVersion: "1.47", os: "linux", arch: "x86_64", kernelVersion: "6" };
  const hello = (credential: unknown) => ({ protocolVersion: PROTOCOL_VERSION, agentVersion: RELEASE_VERSION, engine: identity, credential });

  it("is refused as a second host and offered a credential replacement that keeps the host", async () => {
    expect((await rawAgent(hello({ kind: "enroll", token: (await createEnrollmentToken(plane.db, { hostName: "lost" })).token }))).error).toBeUndefined();
    const original = await waitFor(() => plane.db.host.findFirst({ where: { engineId: identity.id } }), "first enrollment");
    for (const s of sockets.splice(0)) s.close();
    await waitFor(() => plane.db.host.findFirst({ where: { id: original.id, status: "offline" } }), "lost host offline");

    const again = await rawAgent(hello({ kind: "enroll", token: (await createEnrollmentToken(plane.db, {})).token }));
    expect(again.error?.code).toBe("ENGINE_ALREADY_ENROLLED");
    expect(again.error?.message).toContain('"lost"');
    expect(await plane.db.host.count({ where: { engineId: identity.id } })).toBe(1);
    expect((await plane.db.host.findUniqueOrThrow({ where: { id: original.id } })).statusReason).toMatch(/Replace agent credentials/);
    expect(await plane.db.auditEvent.findFirst({ where: { action: "agent.enroll", result: "denied", hostId: original.id } })).toBeTruthy();

    const { token } = await admin.client.hosts.replaceCredentials.mutate({ hostId: original.id });
    const elsewhere = await rawAgent({ ...hello({ kind: "enroll", token }), engine: { ...identity, id: "another-engine" } });
    expect(elsewhere.error?.message).toMatch(/engine ID/);
    expect((await rawAgent(hello({ kind: "enroll", token }))).error).toBeUndefined();
    expect(await plane.db.host.count({ where: { engineId: identity.id } })).toBe(1);
    const replaced = await plane.db.host.findUniqueOrThrow({ where: { id: original.id } });
    expect(replaced.secretHash).not.toBe(original.secretHash);
    expect(await plane.db.auditEvent.findFirst({ where: { action: "host.credentials.replace", hostId: original.id, result: "ok" } })).toBeTruthy();
    expect(await plane.db.auditEvent.findFirst({ where: { action: "hosts.replaceCredentials", hostId: original.id, result: "ok" } })).toBeTruthy();
  });
});
