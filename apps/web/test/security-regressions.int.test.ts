import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInRoleId, createEnrollmentToken, createSession, hashPassword } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { PROTOCOL_VERSION, type ContainerCreateSpecInput } from "@dockmaster/protocol";
import { io as connectSocket } from "socket.io-client";
import { apiClient, removeDir, spawnAgent, startTestPlane, testEngines, testImage, waitFor, type AgentProcess, trpcFailure } from "./support";

/**
 * Regression tests named after classes of advisories seen in peer projects, against a real agent
 * and engine: each one is a way authorization was bypassed elsewhere.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let agent: AgentProcess;
let hostId: string;
const engine = () => createEngine(engineConfigFromEnv({ dockerHost: testEngines()[0] }));
const created: string[] = [];

async function userWithRole(username: string, role: "deployer" | "admin") {
  const user = await plane.db.user.create({ data: { username, passwordHash: await hashPassword("correct horse battery") } });
  await plane.db.grant.create({ data: { subjectType: "user", subjectId: user.id, roleId: builtInRoleId(role), scopeType: "global" } });
  const client = apiClient(plane.port);
  client.jar.set("dm_session", await createSession(plane.db, user.id, { ip: null, userAgent: null }));
  return client.client;
}

beforeAll(async () => {
  plane = await startTestPlane();
  agent = spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKER_HOST: testEngines()[0]!, DOCKMASTER_AGENT_STATE: join(plane.dir, "agent.json"), DOCKMASTER_ENROLL_TOKEN: (await createEnrollmentToken(plane.db, {})).token });
  hostId = (await waitFor(() => plane.db.host.findFirst({ where: { status: "online" } }), "agent online", 15_000)).id;
});
afterAll(async () => {
  for (const id of created) await engine().removeContainer(id, { force: true }).catch(() => undefined);
  await agent.stop();
  await plane.close();
  removeDir(plane.dir);
});

describe("a deployer without container.create.privileged", () => {
  it.each([
    ["privileged", { privileged: true }],
    ["host bind via Binds", { binds: ["/etc:/host-etc:ro"] }],
    ["host bind via Mounts (the alternate field)", { mounts: [{ type: "bind" as const, source: "/", target: "/host" }] }],
    ["host network namespace", { networkMode: "host" }],
    ["host pid namespace", { pidMode: "host" }],
    ["added capability", { capAdd: ["SYS_ADMIN"] }],
    ["host device", { devices: [{ pathOnHost: "/dev/null", pathInContainer: "/dev/x" }] }],
  ] as Array<[string, Partial<ContainerCreateSpecInput>]>)("cannot create a container with %s", async (_label, extra) => {
    const deployer = await userWithRole(`deployer-${Math.random().toString(36).slice(2, 8)}`, "deployer");
    const name = `dm-sec-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const refused = await trpcFailure(deployer.containers.create.mutate({ hostId, spec: { image: testImage(), name, labels: { "dockmaster.test": "1" }, ...extra }, start: false }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toMatch(/container\.create\.privileged/);
    expect((await engine().listContainers({ all: true })).some((c) => c.name === name)).toBe(false);
  });

  it("cannot smuggle a raw HostConfig past the spec", async () => {
    const deployer = await userWithRole("deployer-raw", "deployer");
    const refused = await trpcFailure(deployer.containers.create.mutate({ hostId, spec: { image: testImage(), HostConfig: { Privileged: true } } as never, start: false }));
    expect(refused.code).toBe("BAD_REQUEST");
  });

  it("can create an ordinary container (run = create + start), which the engine really runs", async () => {
    const deployer = await userWithRole("deployer-ok", "deployer");
    const name = `dm-sec-${process.pid}-ok`;
    const result = await deployer.containers.create.mutate({ hostId, spec: { image: testImage(), name, cmd: ["sleep", "60"], mounts: [{ type: "tmpfs", target: "/scratch" }], labels: { "dockmaster.test": "1" }, limits: { memoryBytes: 64 * 1024 * 1024, pidsLimit: 50 } }, start: true });
    created.push(result.id);
    expect(result.started).toBe(true);
    const inspect = await engine().inspectContainer(result.id);
    expect(inspect.HostConfig).toMatchObject({ Memory: 64 * 1024 * 1024, PidsLimit: 50, Privileged: false });
  });
});

describe("an admin (holds container.create.privileged)", () => {
  it("may create a privileged container", async () => {
    const admin = await userWithRole("admin-priv", "admin");
    const result = await admin.containers.create.mutate({ hostId, spec: { image: testImage(), name: `dm-sec-${process.pid}-priv`, privileged: true, labels: { "dockmaster.test": "1" } }, start: false });
    created.push(result.id);
    expect((await engine().inspectContainer(result.id)).HostConfig).toMatchObject({ Privileged: true });
  });
});

describe("credentials only where they belong", () => {
  it("accepts an API token in the Authorization header, never in the query string", async () => {
    const admin = await userWithRole("admin-token", "admin");
    const { token } = await admin.me.createToken.mutate({ name: "ci", roleId: builtInRoleId("viewer") });
    const base = `http://127.0.0.1:${plane.port}/api/trpc/hosts.list`;
    expect((await fetch(base, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${base}?token=${token}`)).status).toBe(401);
    expect((await fetch(`${base}?access_token=${token}`)).status).toBe(401);
    // the token is limited to its role: a viewer token cannot stop containers
    const stop = await fetch(`http://127.0.0.1:${plane.port}/api/trpc/containers.stop`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ json: { hostId, id: "x" } }) });
    expect(stop.status).toBe(403);
    expect(await plane.db.auditEvent.count({ where: { action: "api-token.use", result: "ok" } })).toBeGreaterThanOrEqual(2);
    expect(await plane.db.auditEvent.count({ where: { action: "containers.stop", result: "denied", actorName: { contains: "(token " } } })).toBe(1);
    const rows = await plane.db.auditEvent.findMany({ select: { params: true } });
    expect(rows.some((r) => r.params.includes(token))).toBe(false); // the token itself never lands in the trail
  });

  it("keeps setup closed after the first run", async () => {
    const anonymous = apiClient(plane.port).client;
    await plane.db.user.count().then((n) => expect(n).toBeGreaterThan(0));
    const refused = await trpcFailure(anonymous.auth.setup.mutate({ username: "intruder", password: "correct horse battery" }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: "setup is already complete" });
    expect(await plane.db.user.count({ where: { username: "intruder" } })).toBe(0);
  });

  it("refuses a cross-site state-changing request (CSRF)", async () => {
    const res = await fetch(`http://127.0.0.1:${plane.port}/api/trpc/auth.logout`, { method: "POST", headers: { origin: "http://evil.example", "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(403);
  });

  it("never trusts an agent on first use: no token, no host", async () => {
    const before = await plane.db.host.count();
    const socket = connectSocket(`http://127.0.0.1:${plane.port}/agent`, { transports: ["websocket"], reconnection: false, auth: { protocolVersion: PROTOCOL_VERSION, agentVersion: "x", engine: null, credential: { kind: "enroll", token: "" } } });
    const error = await new Promise<{ data?: { code?: string } }>((resolve) => socket.on("connect_error", resolve));
    socket.close();
    expect(error.data?.code).toMatch(/MALFORMED_HELLO|ENROLL_TOKEN_INVALID/);
    expect(await plane.db.host.count()).toBe(before);
  });

  it("throttles repeated failed logins per account", async () => {
    const client = apiClient(plane.port).client;
    for (let i = 0; i < 5; i++) await trpcFailure(client.auth.login.mutate({ username: "admin-token", password: `wrong ${i} wrong wrong` }));
    const throttled = await trpcFailure(client.auth.login.mutate({ username: "admin-token", password: "correct horse battery" }));
    expect(throttled.code).toBe("TOO_MANY_REQUESTS");
    expect(throttled.message).toMatch(/try again in \d+ s/);
  });
});
