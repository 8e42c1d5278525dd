import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrollmentToken, createSession } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv, type Engine } from "@dockmaster/docker";
import { apiClient, removeDir, signedInUser, spawnAgent, startTestPlane, testEngines, testImage, trpcFailure, waitFor, type AgentProcess } from "./support";

/**
 * Volumes, `system df` and "prune everything unused" end to end against a real engine.
 * Everything made here carries the run's prefix (or is an anonymous volume of a prefixed container)
 * and is removed afterwards. The prunes refuse to run when the engine holds unused objects this
 * test did not make.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let agent: AgentProcess;
let engine: Engine;
let hostId: string;
let api: ReturnType<typeof apiClient>["client"];
const RUN = `dmvol-${process.pid}`;
const STOPPABLE = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];
const volumesMade = new Set<string>();

function docker(...args: string[]) {
  return execFileSync("docker", ["-H", testEngines()[0]!, ...args], { encoding: "utf8" }).trim();
}

async function clientWith(username: string, grants: Parameters<typeof signedInUser>[2]) {
  const c = apiClient(plane.port);
  const { cookie } = await signedInUser(plane.db, username, grants);
  c.jar.set("dm_session", cookie.slice("dm_session=".length));
  return c.client;
}

async function container(suffix: string, mounts: Array<{ type: "volume"; source?: string; target: string }>, start: boolean) {
  const { id } = await engine.createContainer({ image: testImage(), name: `${RUN}-${suffix}`, cmd: STOPPABLE, labels: { "dockmaster.test": "1" }, mounts });
  if (start) await engine.startContainer(id);
  return id;
}

beforeAll(async () => {
  engine = createEngine(engineConfigFromEnv({ dockerHost: testEngines()[0] }));
  plane = await startTestPlane();
  agent = spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKER_HOST: testEngines()[0]!, DOCKMASTER_AGENT_STATE: join(plane.dir, "agent.json"), DOCKMASTER_ENROLL_TOKEN: (await createEnrollmentToken(plane.db, {})).token });
  hostId = (await waitFor(() => plane.db.host.findFirst({ where: { status: "online" } }), "agent online", 15_000)).id;
  api = await clientWith("deployer", [{ role: "deployer" }]);
});
afterAll(async () => {
  for (const c of await engine.listContainers({ all: true })) if (c.name.startsWith(RUN)) await engine.removeContainer(c.id, { force: true }).catch(() => undefined);
  for (const name of volumesMade) await engine.removeVolume(name, true).catch(() => undefined);
  for (const n of await engine.listNetworks()) if (n.name.startsWith(RUN)) await engine.removeNetwork(n.id).catch(() => undefined);
  await agent?.stop();
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

describe("volumes", () => {
  const data = `${RUN}-data`;

  it("creates a volume with driver options and labels, and inspects it", async () => {
    volumesMade.add(data);
    const created = await api.volumes.create.mutate({ hostId, spec: { name: data, driver: "local", driverOptions: { type: "tmpfs", device: "tmpfs", o: "size=16m" }, labels: { "dockmaster.test": "1" } } });
    expect(created).toMatchObject({ name: data, driver: "local", labels: { "dockmaster.test": "1" }, options: { type: "tmpfs", device: "tmpfs", o: "size=16m" }, containers: [], anonymous: false });
    expect(created.mountpoint).toContain("/volumes/");
    expect(docker("volume", "inspect", "-f", "{{.Options.o}}", data)).toBe("size=16m");
    const bad = await trpcFailure(api.volumes.create.mutate({ hostId, spec: { name: "-bad name" } }));
    expect(bad).toMatchObject({ code: "BAD_REQUEST" });
    expect(bad.message).toContain("spec.name");
  });

  it("inspects, answers NOT_FOUND for a missing volume, and refuses a driver the engine does not have", async () => {
    expect(await api.volumes.inspect.query({ hostId, name: data })).toMatchObject({ name: data, raw: { Name: data, Driver: "local" } });
    expect(await trpcFailure(api.volumes.inspect.query({ hostId, name: `${RUN}-missing` }))).toMatchObject({ code: "NOT_FOUND", message: `get ${RUN}-missing: no such volume` });
    // a driver other than local needs container.create.privileged (the capability gate): an admin asks
    const admin = await clientWith("admin", [{ role: "admin" }]);
    const driver = await trpcFailure(admin.volumes.create.mutate({ hostId, spec: { name: `${RUN}-plugin`, driver: "no-such-driver" } }));
    // asked of the engine's plugin list first: the engine itself would search for the plugin for 15 s
    expect(driver).toMatchObject({ code: "BAD_REQUEST", message: 'volume driver "no-such-driver" is not installed on this engine (it has: local)' });
    // same name again: the engine hands back the existing volume unchanged (its rule, not an error)
    expect(await api.volumes.create.mutate({ hostId, spec: { name: data } })).toMatchObject({ name: data, options: { type: "tmpfs" } });
  });

  it("lists which containers use a volume, and refuses to remove one in use with the engine's words", async () => {
    await container("user", [{ type: "volume", source: data, target: "/data" }], true);
    const listed = (await api.volumes.list.query({ hostId })).find((v) => v.name === data);
    expect(listed?.containers).toEqual([`${RUN}-user`]);
    const inUse = await trpcFailure(api.volumes.remove.mutate({ hostId, name: data }));
    expect(inUse.code).toBe("CONFLICT");
    expect(inUse.message).toMatch(new RegExp(`^remove ${data}: volume is in use - \\[[0-9a-f]{64}\\]$`));
    const audit = await plane.db.auditEvent.findFirst({ where: { action: "volumes.remove" }, orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({ result: "error", targetName: data });
  });

  it("previews the prune (unused volumes only) and removes exactly the confirmed names", async () => {
    const spare = `${RUN}-spare`;
    volumesMade.add(spare);
    await api.volumes.create.mutate({ hostId, spec: { name: spare, labels: { "dockmaster.test": "1" } } });
    const preview = await api.volumes.prunePreview.query({ hostId });
    const names = preview.volumes.map((v) => v.name);
    expect(names).toContain(spare);
    expect(names).not.toContain(data); // mounted by a running container
    const foreign = names.filter((n) => !n.startsWith(RUN));
    expect(foreign, "the testbed engine holds unused volumes this test did not make").toEqual([]);
    // data is in use: named in the request, the engine refuses it and says why; spare goes
    const report = await api.volumes.prune.mutate({ hostId, names: [spare, data] });
    expect(report.removed).toEqual([spare]);
    expect(report.failed).toEqual([{ name: data, message: expect.stringMatching(/volume is in use/) as string }]);
    expect((await engine.listVolumes()).some((v) => v.name === spare)).toBe(false);
  });

  it("a viewer may look but not remove", async () => {
    const viewer = await clientWith("viewer", [{ role: "viewer" }]);
    expect((await viewer.volumes.list.query({ hostId })).some((v) => v.name === data)).toBe(true);
    expect(await trpcFailure(viewer.volumes.remove.mutate({ hostId, name: data }))).toMatchObject({ code: "FORBIDDEN", message: `permission volume.manage is required on host ${hostId}` });
  });
});

/**
 * `docker system df` from the CLI, as a witness. dockerd runs one disk-usage operation at a time and
 * refuses a second ("already running"): the agent lists volumes (a df) after the volume events of
 * the test before, so the CLI waits its turn.
 */
async function cliDiskUsage(): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return docker("system", "df", "--format", "{{json .}}");
    } catch (error) {
      if (attempt >= 20 || !String(error).includes("a disk usage operation is already running")) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

describe("engine: system df and prune everything unused", () => {
  it("reports disk usage per kind with what could be reclaimed, counting as the docker CLI does", async () => {
    const df = await api.engine.df.query({ hostId });
    // the CLI's own figures: {"Type":"Images","TotalCount":"1","Active":"0",…}
    const cli = Object.fromEntries((await cliDiskUsage()).split("\n").map((l) => JSON.parse(l) as { Type: string; TotalCount: string; Active: string }).map((r) => [r.Type, r]));
    const pairs = [["Images", df.images], ["Containers", df.containers], ["Local Volumes", df.volumes], ["Build Cache", df.buildCache]] as const;
    for (const [type, line] of pairs) {
      expect({ type, count: line.count, active: line.active }).toEqual({ type, count: Number(cli[type]!.TotalCount), active: Number(cli[type]!.Active) });
      expect(line.reclaimable).toBeLessThanOrEqual(line.size);
    }
    expect(df.images.size).toBeGreaterThan(0);
    expect(df.containers.count).toBeGreaterThanOrEqual(1); // ${RUN}-user
  });

  it("previews a stopped container, its anonymous volume and unused networks; needs every delete permission; prunes what the preview showed", async () => {
    const stopped = await container("stopped", [{ type: "volume", target: "/scratch" }], false); // an anonymous volume
    const anonymous = (await engine.inspectContainer(stopped)) as { Mounts: Array<{ Name: string }> };
    const anonymousVolume = anonymous.Mounts[0]!.Name;
    volumesMade.add(anonymousVolume);
    docker("network", "create", "--label", "dockmaster.test=1", `${RUN}-idle`);
    await new Promise((r) => setTimeout(r, 1100)); // a preview shows objects from whole seconds before it

    const preview = await api.engine.prunePreview.query({ hostId });
    expect(preview.containers.map((c) => c.name)).toEqual([`${RUN}-stopped`]);
    expect(preview.volumes.map((v) => v.name)).toEqual([anonymousVolume]); // named volumes only when asked
    expect(preview.networks.map((n) => n.name)).toEqual([`${RUN}-idle`]);
    expect(preview.images).toEqual([]); // the test image is tagged: not dangling
    const named = await api.engine.prunePreview.query({ hostId, namedVolumes: true });
    expect(named.volumes.map((v) => v.name).filter((n) => !n.startsWith(RUN) && n !== anonymousVolume)).toEqual([]);

    // holding container.delete (the declared permission) is not enough: every kind it deletes is checked
    const role = await plane.db.role.create({ data: { name: `${RUN}-partial`, permissions: JSON.stringify(["host.view", "container.delete", "image.delete", "network.manage"]) } });
    const partialUser = await plane.db.user.create({ data: { username: "partial", passwordHash: "x" } });
    await plane.db.grant.create({ data: { subjectType: "user", subjectId: partialUser.id, roleId: role.id, scopeType: "global" } });
    const partial = apiClient(plane.port);
    partial.jar.set("dm_session", await createSession(plane.db, partialUser.id, { ip: null, userAgent: null }));
    const denied = await trpcFailure(partial.client.engine.pruneAll.mutate({ hostId, at: preview.at, volumes: [anonymousVolume] }));
    expect(denied).toMatchObject({ code: "FORBIDDEN", message: `permission volume.manage is required on host ${hostId}` });
    const operator = await clientWith("operator", [{ role: "operator" }]);
    expect((await trpcFailure(operator.engine.pruneAll.mutate({ hostId, at: preview.at, volumes: [] }))).code).toBe("FORBIDDEN");
    expect((await engine.listContainers({ all: true })).some((c) => c.id === stopped)).toBe(true); // nothing happened

    await new Promise((r) => setTimeout(r, 1100));
    const later = await container("later", [], false); // stopped too, but made after the preview
    const result = await api.engine.pruneAll.mutate({ hostId, at: preview.at, volumes: preview.volumes.map((v) => v.name) });
    expect(result.containers).toEqual([stopped]);
    expect(result.volumes).toEqual([anonymousVolume]);
    expect(result.networks).toEqual([`${RUN}-idle`]);
    expect(result.failed).toEqual([]);
    expect((await engine.listContainers({ all: true })).some((c) => c.id === later)).toBe(true);
    const audit = await plane.db.auditEvent.findFirst({ where: { action: "engine.pruneAll", result: "ok" } });
    expect(audit?.targetName).toBe("prune everything unused");
  });
});
