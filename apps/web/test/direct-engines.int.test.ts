import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { apiClient, removeDir, signedInUser, startTestPlane, testEngines, testImage, trpcFailure, uiClient, waitFor } from "./support";

/**
 * Direct engines: the control plane runs the same agent code in-process for an engine it reaches
 * itself — here testbed engine 2 over tcp with mutual TLS and engine 1 over its unix socket — and
 * with two instances on one database exactly one runs each engine (the lease holder).
 */
// Both instances share the database and the secret key (which opens the sealed TLS material).
const FAST = { directEngines: { leaseMs: 1_500, healthIntervalMs: 300 }, secretKey: randomBytes(32) };
let planeA: Awaited<ReturnType<typeof startTestPlane>>;
let planeB: Awaited<ReturnType<typeof startTestPlane>> | null = null;
let admin: ReturnType<typeof apiClient>;
let tls: { ca: string; cert: string; key: string };
let tcpUrl: string;

beforeAll(async () => {
  tcpUrl = process.env.DOCKMASTER_TEST_TLS_ENGINES?.split(",")[1] ?? "";
  const certs = process.env.DOCKMASTER_TEST_TLS_CERTS;
  if (!tcpUrl || !certs) throw new Error("the testbed did not export DOCKMASTER_TEST_TLS_ENGINES / DOCKMASTER_TEST_TLS_CERTS");
  tls = { ca: readFileSync(join(certs, "ca.pem"), "utf8"), cert: readFileSync(join(certs, "cert.pem"), "utf8"), key: readFileSync(join(certs, "key.pem"), "utf8") };
  planeA = await startTestPlane(undefined, 0, undefined, FAST);
  const cookie = (await signedInUser(planeA.db, "direct-admin", [{ role: "admin" }])).cookie;
  admin = apiClient(planeA.port);
  admin.jar.set("dm_session", cookie.replace(/^dm_session=/, ""));
});
afterAll(async () => {
  await planeB?.close();
  if (planeB) removeDir(planeB.dir);
  await planeA?.close().catch(() => undefined);
  if (planeA) removeDir(planeA.dir);
});

const statusOf = async (hostId: string) => (await admin.client.hosts.get.query({ hostId })).status;

describe("direct engines", () => {
  let tlsHost: string;
  let unixHost: string;

  it("runs an engine over tcp with mutual TLS in-process; the TLS material is sealed and never sent back", async () => {
    ({ hostId: tlsHost } = await admin.client.hosts.addDirectEngine.mutate({ name: "tls-direct", url: tcpUrl, tls, labels: { via: "tls" } }));
    await waitFor(async () => (await statusOf(tlsHost)) === "online", "TLS direct engine online", 20_000);
    const host = await admin.client.hosts.get.query({ hostId: tlsHost });
    expect(host).toMatchObject({ name: "tls-direct", directUrl: tcpUrl, labels: { via: "tls" }, agentVersion: "0.1.0" });
    expect(JSON.stringify(host)).not.toContain("BEGIN");
    const engine2 = await createEngine(engineConfigFromEnv({ dockerHost: testEngines()[1]! })).identity();
    expect((await admin.client.engine.info.query({ hostId: tlsHost })).id).toBe(engine2.id);

    const row = await planeA.db.directEngine.findUniqueOrThrow({ where: { hostId: tlsHost } });
    expect(row.tlsSealed).toMatch(/^v1\./);
    expect(row.tlsSealed).not.toContain("BEGIN");
    expect(row.agentStateSealed).toMatch(/^v1\./);
    expect(row.agentStateSealed).not.toContain(tlsHost); // host id and secret are inside the seal
    expect(await planeA.db.auditEvent.count({ where: { action: "hosts.addDirectEngine", result: "ok", hostId: null, targetId: tlsHost } })).toBe(1);
    expect((await admin.client.hosts.history.query({ hostId: tlsHost })).map((h) => h.kind).reverse()).toEqual(["enrolled", "online"]);
  });

  it("runs an engine over its unix socket: containers through the same agent code", async () => {
    ({ hostId: unixHost } = await admin.client.hosts.addDirectEngine.mutate({ name: "unix-direct", url: testEngines()[0]! }));
    await waitFor(async () => (await statusOf(unixHost)) === "online", "unix direct engine online", 20_000);
    expect(Array.isArray(await admin.client.containers.list.query({ hostId: unixHost }))).toBe(true);
  });

  it("moves a direct engine to another address (engine 1's socket → engine 2 over TLS): same host, the new engine's containers", async () => {
    const [engine1, engine2] = testEngines().map((dockerHost) => createEngine(engineConfigFromEnv({ dockerHost })));
    const spec = (name: string) => ({ image: testImage(), name: `${name}-${process.pid}`, cmd: ["true"], labels: { "dockmaster.test": "1" } });
    const on1 = await engine1!.createContainer(spec("direct-on-1"));
    const on2 = await engine2!.createContainer(spec("direct-on-2"));
    const pushed: Array<{ hostId: string; change: string }> = [];
    let browser: Awaited<ReturnType<typeof uiClient>> | undefined;
    try {
      browser = await uiClient(planeA.port, admin.cookieHeader()); // the session as the API client holds it now
      browser.on("host:changed", (p: (typeof pushed)[number]) => pushed.push(p));
      const ids = async () => (await admin.client.containers.list.query({ hostId: unixHost })).map((c) => c.id);
      expect(await ids()).toContain(on1.id);
      expect(await ids()).not.toContain(on2.id);

      expect(await admin.client.hosts.setDirectEngineAddress.mutate({ hostId: unixHost, url: tcpUrl, tls })).toEqual({ ok: true, previousUrl: testEngines()[0]! });
      await waitFor(async () => (await admin.client.engine.info.query({ hostId: unixHost }).catch(() => null))?.id === (await engine2!.identity()).id, "the host's agent on engine 2", 20_000);
      await waitFor(async () => (await ids()).includes(on2.id), "engine 2's container listed");
      expect(await ids()).not.toContain(on1.id);
      // The fleet snapshot follows too (the agent sent the new engine's full state).
      await waitFor(async () => (await planeA.db.snapshotContainer.count({ where: { hostId: unixHost, containerId: on2.id } })) === 1, "engine 2's container in the snapshot");
      expect(await planeA.db.snapshotContainer.count({ where: { hostId: unixHost, containerId: on1.id } })).toBe(0);

      const row = await planeA.db.directEngine.findUniqueOrThrow({ where: { hostId: unixHost } });
      expect(row.url).toBe(tcpUrl);
      expect(row.tlsSealed).toMatch(/^v1\./);
      expect(row.tlsSealed).not.toContain("BEGIN");
      const host = await admin.client.hosts.get.query({ hostId: unixHost });
      expect(host.directUrl).toBe(tcpUrl);
      expect(JSON.stringify(host)).not.toContain("BEGIN");
      expect((await admin.client.hosts.history.query({ hostId: unixHost })).find((h) => h.kind === "address-changed")?.reason).toBe(`${testEngines()[0]!} → ${tcpUrl}`);
      const audit = await planeA.db.auditEvent.findFirstOrThrow({ where: { action: "hosts.setDirectEngineAddress", result: "ok", hostId: unixHost } });
      expect(audit.params).not.toContain("PRIVATE KEY");
      await waitFor(() => pushed.find((p) => p.hostId === unixHost && p.change === "engine"), "host:changed engine pushed");

      // …and back to engine 1's socket: the TLS material is dropped.
      await admin.client.hosts.setDirectEngineAddress.mutate({ hostId: unixHost, url: testEngines()[0]! });
      await waitFor(async () => (await ids().catch((): string[] => [])).includes(on1.id), "back on engine 1", 20_000);
      expect((await planeA.db.directEngine.findUniqueOrThrow({ where: { hostId: unixHost } })).tlsSealed).toBeNull();
    } finally {
      browser?.close();
      await engine1!.removeContainer(on1.id, { force: true });
      await engine2!.removeContainer(on2.id, { force: true });
    }
  });

  it("refuses a new address that is malformed, lacks TLS, or names a host that is not a direct engine", async () => {
    expect((await trpcFailure(admin.client.hosts.setDirectEngineAddress.mutate({ hostId: unixHost, url: tcpUrl }))).message).toContain("a tcp:// engine needs TLS");
    expect((await trpcFailure(admin.client.hosts.setDirectEngineAddress.mutate({ hostId: unixHost, url: "ftp://x" }))).message).toContain("unix:///path/to/docker.sock or tcp://host:2376");
    const agentHost = await planeA.db.host.create({ data: { name: "not-direct" } });
    expect(await trpcFailure(admin.client.hosts.setDirectEngineAddress.mutate({ hostId: agentHost.id, url: testEngines()[0]! }))).toMatchObject({ code: "NOT_FOUND", message: `host ${agentHost.id} is not a direct engine` });
  });

  it("a wrong socket path or a wrong CA shows the host degraded with the engine's reason", async () => {
    const { hostId: badPath } = await admin.client.hosts.addDirectEngine.mutate({ name: "bad-path", url: "unix:///tmp/dm-no-such-engine.sock" });
    const { hostId: badCa } = await admin.client.hosts.addDirectEngine.mutate({ name: "bad-ca", url: tcpUrl, tls: { ...tls, ca: tls.cert } });
    const path = await waitFor(async () => {
      const h = await admin.client.hosts.get.query({ hostId: badPath });
      return h.status === "degraded" ? h : null;
    }, "bad path degraded", 20_000);
    expect(path.statusReason).toMatch(/^engine unreachable: .*ENOENT/);
    const ca = await waitFor(async () => {
      const h = await admin.client.hosts.get.query({ hostId: badCa });
      return h.status === "degraded" ? h : null;
    }, "bad CA degraded", 20_000);
    expect(ca.statusReason).toMatch(/^engine unreachable: .*(certificate|verify|self.signed)/i);
  });

  it("refuses bad input with a message naming the problem", async () => {
    const noTls = await trpcFailure(admin.client.hosts.addDirectEngine.mutate({ name: "x", url: tcpUrl }));
    expect(noTls).toMatchObject({ code: "BAD_REQUEST" });
    expect(noTls.message).toContain("a tcp:// engine needs TLS");
    expect((await trpcFailure(admin.client.hosts.addDirectEngine.mutate({ name: "x", url: tcpUrl, tls: { ...tls, key: "not a key" } }))).message).toContain("the client key must be PEM text");
    expect((await trpcFailure(admin.client.hosts.addDirectEngine.mutate({ name: "x", url: "http://example.com" }))).message).toContain("unix:///path/to/docker.sock or tcp://host:2376");
    expect((await trpcFailure(admin.client.hosts.addDirectEngine.mutate({ name: "x", url: "unix:///var/run/docker.sock", tls }))).message).toContain("a unix socket takes no TLS");
  });

  it("removing a direct engine stops its in-process agent for good", async () => {
    await admin.client.hosts.remove.mutate({ hostId: unixHost });
    await waitFor(() => !planeA.hub.isOnline(unixHost), "unix direct agent gone", 10_000);
    expect(await planeA.db.directEngine.count({ where: { hostId: unixHost } })).toBe(0);
    await new Promise((r) => setTimeout(r, 1_500)); // a lease round: it is not started again
    expect(planeA.hub.isOnline(unixHost)).toBe(false);
  });

  it("with two instances exactly one runs each engine; a lease held elsewhere is respected and taken over once expired", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dm-plane-b-"));
    planeB = await startTestPlane(dir, 0, `file:${join(planeA.dir, "test.db")}`, FAST);
    const ownerA = (await planeA.db.directEngine.findUniqueOrThrow({ where: { hostId: tlsHost } })).ownerInstanceId;
    await new Promise((r) => setTimeout(r, 2_000)); // more than a lease period with both renewing
    const rows = await planeA.db.directEngine.findMany();
    expect(new Set(rows.map((r) => r.ownerInstanceId))).toEqual(new Set([ownerA]));
    expect(planeB.hub.onlineHostIds()).toEqual([]);
    expect(planeA.hub.isOnline(tlsHost)).toBe(true);

    // Instance A stops: B takes its engines over and their agents dial B.
    await planeA.close();
    await waitFor(() => planeB!.hub.isOnline(tlsHost), "TLS engine running on B", 20_000);
    const ownerB = (await planeB.db.directEngine.findUniqueOrThrow({ where: { hostId: tlsHost } })).ownerInstanceId;
    expect(ownerB).not.toBe(ownerA);

    // A lease another (silent) instance holds: B lets go until it expires, then takes it back.
    await planeB.db.directEngine.update({ where: { hostId: tlsHost }, data: { ownerInstanceId: "ghost", leaseUntil: new Date(Date.now() + 2_500) } });
    await waitFor(() => !planeB!.hub.isOnline(tlsHost), "B stops the engine it lost", 10_000);
    await waitFor(() => planeB!.hub.isOnline(tlsHost), "B takes the expired lease over", 20_000);
    expect((await planeB.db.directEngine.findUniqueOrThrow({ where: { hostId: tlsHost } })).ownerInstanceId).toBe(ownerB);
  });
});
