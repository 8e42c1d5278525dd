import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrollmentToken, createSession, hashPassword, builtInRoleId } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv, type Engine } from "@dockmaster/docker";
import type { ContainerCreateSpecInput } from "@dockmaster/protocol";
import { specFromInspect } from "../src/client/container-form/spec-from-inspect";
import { apiClient, removeDir, spawnAgent, startTestPlane, testEngines, testImage, trpcFailure, waitFor, type AgentProcess } from "./support";

/**
 * Container operations end to end: tRPC → control plane → socket.io → real agent → real engine.
 * Every container and network made here carries the run's prefix and is removed afterwards.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let agent: AgentProcess;
let engine: Engine;
let hostId: string;
let api: ReturnType<typeof apiClient>["client"];
const RUN = `dmctr-${process.pid}`;
const created: string[] = [];
const networks: string[] = [];
// busybox as PID 1 ignores SIGTERM; the trap makes stop quick, and USR1 exits with a code we can see.
const STOPPABLE = ["sh", "-c", "trap 'exit 0' TERM; trap 'exit 42' USR1; sleep 3600 & wait"];
const MiB = 1024 * 1024;

function docker(...args: string[]) {
  return execFileSync("docker", ["-H", testEngines()[0]!, ...args], { encoding: "utf8" }).trim();
}

async function run(suffix: string, extra: Partial<ContainerCreateSpecInput> = {}, start = true) {
  const result = await api.containers.create.mutate({ hostId, spec: { image: testImage(), name: `${RUN}-${suffix}`, cmd: STOPPABLE, labels: { "dockmaster.test": "1" }, ...extra }, start });
  created.push(result.id);
  return result;
}

type Inspected = { Name: string; State: { Status: string; Paused: boolean; ExitCode: number; Pid: number }; HostConfig: Record<string, unknown>; NetworkSettings: { Networks: Record<string, { Aliases: string[] | null }> } };
const inspect = async (id: string) => (await api.containers.inspect.query({ hostId, id })) as unknown as Inspected;

beforeAll(async () => {
  engine = createEngine(engineConfigFromEnv({ dockerHost: testEngines()[0] }));
  plane = await startTestPlane();
  agent = spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKER_HOST: testEngines()[0]!, DOCKMASTER_AGENT_STATE: join(plane.dir, "agent.json"), DOCKMASTER_ENROLL_TOKEN: (await createEnrollmentToken(plane.db, {})).token });
  hostId = (await waitFor(() => plane.db.host.findFirst({ where: { status: "online" } }), "agent online", 15_000)).id;
  const user = await plane.db.user.create({ data: { username: "deployer", passwordHash: await hashPassword("correct horse battery") } });
  await plane.db.grant.create({ data: { subjectType: "user", subjectId: user.id, roleId: builtInRoleId("deployer"), scopeType: "global" } });
  const client = apiClient(plane.port);
  client.jar.set("dm_session", await createSession(plane.db, user.id, { ip: null, userAgent: null }));
  api = client.client;
});
afterAll(async () => {
  // Containers made by name but never reported back (a failed start) are found by the run prefix.
  const leftovers = (await engine.listContainers({ all: true })).filter((c) => c.name.startsWith(RUN)).map((c) => c.id);
  for (const id of new Set([...created, ...leftovers])) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  for (const name of networks) docker("network", "rm", name);
  await agent?.stop();
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

describe("create / run", () => {
  it("applies cgroup limits, a published port and network aliases the engine really honours", async () => {
    const net = `${RUN}-net`;
    docker("network", "create", "--label", "dockmaster.test=1", net);
    networks.push(net);
    const { id, started } = await run("limits", {
      portBindings: [{ containerPort: 80, protocol: "tcp", hostIp: "127.0.0.1", hostPort: "" }],
      networkMode: net,
      networkAliases: ["api", "api.internal"],
      restartPolicy: "on-failure",
      restartMaxRetries: 3,
      limits: { memoryBytes: 64 * MiB, memorySwapBytes: 128 * MiB, nanoCpus: 500_000_000, cpuShares: 512, pidsLimit: 50 },
    });
    expect(started).toBe(true);
    const c = await inspect(id);
    expect(c.State.Status).toBe("running");
    expect(c.HostConfig).toMatchObject({ Memory: 64 * MiB, MemorySwap: 128 * MiB, NanoCpus: 500_000_000, CpuShares: 512, PidsLimit: 50, RestartPolicy: { Name: "on-failure", MaximumRetryCount: 3 } });
    expect(c.NetworkSettings.Networks[net]?.Aliases).toEqual(expect.arrayContaining(["api", "api.internal"]));
    // a random host port on loopback was really bound
    const ports = (await api.containers.list.query({ hostId })).find((x) => x.id === id)?.ports ?? [];
    expect(ports).toEqual(expect.arrayContaining([expect.objectContaining({ ip: "127.0.0.1", privatePort: 80, publicPort: expect.any(Number) as number })]));
  });

  it("create only leaves the container created, not running", async () => {
    const { id, started } = await run("created-only", {}, false);
    expect(started).toBe(false);
    expect((await inspect(id)).State.Status).toBe("created");
  });

  it("refuses a taken name with the engine's conflict message", async () => {
    await run("taken", {}, false);
    const error = await trpcFailure(run("taken", {}, false));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/Conflict\. The container name "\/dmctr-\d+-taken" is already in use/);
  });

  it("refuses an image the host does not have with the engine's words", async () => {
    const error = await trpcFailure(run("noimage", { image: "dockmaster-test/no-such-image:never" }));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toMatch(/No such image: dockmaster-test\/no-such-image:never/);
  });

  it("a port already allocated on 127.0.0.1: the second run cannot start, says why, and is not kept", async () => {
    const port = String(20000 + (process.pid % 20000));
    const binding = [{ containerPort: 80, protocol: "tcp" as const, hostIp: "127.0.0.1", hostPort: port }];
    await run("port-a", { portBindings: binding });
    const error = await trpcFailure(run("port-b", { portBindings: binding }));
    expect(error.message).toMatch(/could not start it: port \d+ is already allocated on this host .*; the container was not kept$/);
  });

  it("checks limits before the round trip, naming the field", async () => {
    const error = await trpcFailure(run("badlimits", { limits: { memoryBytes: 1024 } }));
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect(error.message).toMatch(/spec\.limits\.memoryBytes: memory limit must be at least 6 MB/);
    const aliases = await trpcFailure(run("badaliases", { networkAliases: ["x"] }));
    expect(aliases.message).toMatch(/spec\.networkAliases: network aliases need a user-defined network/);
  });
});

describe("duplicate (run again with changes)", () => {
  it("specFromInspect of a real container creates an equal one: limits, ports, network and aliases carried over", async () => {
    const net = `${RUN}-dupnet`;
    docker("network", "create", "--label", "dockmaster.test=1", net);
    networks.push(net);
    const original = await run("dup-src", {
      env: ["A=1", "URL=x=y"],
      portBindings: [{ containerPort: 8080, protocol: "tcp", hostIp: "127.0.0.1", hostPort: "" }],
      mounts: [{ type: "tmpfs", target: "/scratch" }],
      networkMode: net,
      networkAliases: ["dup-api"],
      restartPolicy: "unless-stopped",
      limits: { memoryBytes: 32 * MiB, nanoCpus: 250_000_000, pidsLimit: 20, cpuShares: 256 },
    });
    const source = await api.containers.inspect.query({ hostId, id: original.id });
    const spec = { ...specFromInspect(source), name: `${RUN}-dup-copy` };
    const copy = await api.containers.create.mutate({ hostId, spec, start: true });
    created.push(copy.id);
    const [a, b] = [await inspect(original.id), await inspect(copy.id)];
    const pick = (c: Inspected) => {
      const { Memory, MemorySwap, NanoCpus, PidsLimit, CpuShares, PortBindings, Mounts, NetworkMode, RestartPolicy } = c.HostConfig;
      return { Memory, MemorySwap, NanoCpus, PidsLimit, CpuShares, PortBindings, Mounts, NetworkMode, RestartPolicy };
    };
    expect(pick(b)).toEqual(pick(a));
    expect(b.State.Status).toBe("running");
    expect(b.NetworkSettings.Networks[net]?.Aliases).toContain("dup-api");
  });
});

describe("kill, pause / unpause, rename", () => {
  it("pause freezes the container and unpause thaws it, both visible in inspect", async () => {
    const { id } = await run("pause");
    await api.containers.pause.mutate({ hostId, id });
    expect((await inspect(id)).State).toMatchObject({ Status: "paused", Paused: true });
    await api.containers.unpause.mutate({ hostId, id });
    expect((await inspect(id)).State).toMatchObject({ Status: "running", Paused: false });
    // unpausing a running container is the engine's error, passed on
    const error = await trpcFailure(api.containers.unpause.mutate({ hostId, id }));
    expect(error.message).toMatch(/is not paused/);
  });

  it("kill sends SIGKILL by default (exit 137) and the chosen signal otherwise", async () => {
    const a = await run("kill-default");
    await api.containers.kill.mutate({ hostId, id: a.id });
    const killed = await waitFor(async () => ((await inspect(a.id)).State.Status === "exited" ? inspect(a.id) : null), "container exited");
    expect(killed.State.ExitCode).toBe(137);

    const b = await run("kill-usr1");
    await api.containers.kill.mutate({ hostId, id: b.id, signal: "SIGUSR1" });
    const usr1 = await waitFor(async () => ((await inspect(b.id)).State.Status === "exited" ? inspect(b.id) : null), "container exited on USR1");
    expect(usr1.State.ExitCode).toBe(42); // the container's own trap ran: the signal really was USR1

    const c = await run("kill-number");
    await api.containers.kill.mutate({ hostId, id: c.id, signal: 9 });
    expect((await waitFor(async () => ((await inspect(c.id)).State.Status === "exited" ? inspect(c.id) : null), "container exited on 9")).State.ExitCode).toBe(137);
  });

  it("refuses an unknown signal before it reaches the engine, naming the field", async () => {
    const { id } = await run("kill-bad");
    const error = await trpcFailure(api.containers.kill.mutate({ hostId, id, signal: "SIGFOO" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/^invalid input: signal: must be one of SIGTERM, SIGKILL/);
    expect((await inspect(id)).State.Status).toBe("running");
    const notRunning = await run("kill-stopped", {}, false);
    expect((await trpcFailure(api.containers.kill.mutate({ hostId, id: notRunning.id }))).message).toMatch(/is not running/);
  });

  it("renames, and refuses a name already in use with the engine's conflict", async () => {
    const { id } = await run("rename-me", {}, false);
    await api.containers.rename.mutate({ hostId, id, name: `${RUN}-renamed` });
    expect((await inspect(id)).Name).toBe(`/${RUN}-renamed`);
    await run("rename-taken", {}, false);
    const error = await trpcFailure(api.containers.rename.mutate({ hostId, id, name: `${RUN}-rename-taken` }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/is already in use/);
    const bad = await trpcFailure(api.containers.rename.mutate({ hostId, id, name: "-bad name" }));
    expect(bad.message).toMatch(/^invalid input: name: container names start with a letter or digit/);
  });

  it("a viewer may inspect but not kill, pause or rename", async () => {
    const viewer = await plane.db.user.create({ data: { username: "viewer", passwordHash: await hashPassword("correct horse battery") } });
    await plane.db.grant.create({ data: { subjectType: "user", subjectId: viewer.id, roleId: builtInRoleId("viewer"), scopeType: "global" } });
    const client = apiClient(plane.port);
    client.jar.set("dm_session", await createSession(plane.db, viewer.id, { ip: null, userAgent: null }));
    const { id } = await run("viewer-target");
    for (const call of [client.client.containers.kill.mutate({ hostId, id }), client.client.containers.pause.mutate({ hostId, id }), client.client.containers.rename.mutate({ hostId, id, name: `${RUN}-nope` })]) {
      expect((await trpcFailure(call)).code).toBe("FORBIDDEN");
    }
    expect((await inspect(id)).State.Status).toBe("running");
  });
});
