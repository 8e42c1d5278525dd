import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContainerCreateSpecInput } from "@dockmaster/protocol";
import { planeWithAgent, signedInClient, signedInUser, testImage, trpcFailure, waitFor } from "./support";

/**
 * The gate for what a container may do on its host (issue 13, findings 2 and 3), against a real
 * engine: first the escapes are shown to work (for a user who holds container.create.privileged),
 * then a deployer is refused each of them, with a message naming what was sensitive.
 * Everything made here carries RUN in its name and is removed afterwards, with the marker dir.
 */
let env: Awaited<ReturnType<typeof planeWithAgent>>;
let deployer: ReturnType<typeof signedInClient>;
const RUN = `dmgate-${process.pid}`;
const volumes = new Set<string>();
const hostDir = mkdtempSync(join(tmpdir(), "dm-gate-"));
const marker = `host secret ${Math.random().toString(36).slice(2)}`;
/** What `docker volume create -o type=none -o o=bind -o device=<dir>` sends: a volume that IS a host path. */
const bindVolumeOptions = { type: "none", o: "bind", device: hostDir };
const reason = (volume: string) => `volume "${volume}" binds host path ${hostDir} (driver local, o=bind)`;

const admin = () => env.admin.client;
const spec = (name: string, extra: Partial<ContainerCreateSpecInput>): ContainerCreateSpecInput => ({ image: testImage(), name: `${RUN}-${name}`, labels: { "dockmaster.test": "1" }, ...extra });
const containerNamed = async (name: string) => (await env.engine.listContainers({ all: true })).find((c) => c.name === `${RUN}-${name}`);

/** Runs a container to its end and answers its exit code. */
async function exitCode(id: string): Promise<number> {
  const state = await waitFor(async () => {
    const s = (await env.engine.inspectContainer(id)).State as { Status: string; ExitCode: number };
    return s.Status === "exited" ? s : null;
  }, "the container to exit", 20_000);
  return state.ExitCode;
}

beforeAll(async () => {
  env = await planeWithAgent(RUN);
  writeFileSync(join(hostDir, "marker"), marker);
  deployer = signedInClient(env.plane.port, (await signedInUser(env.plane.db, `${RUN}-deployer`, [{ role: "deployer" }])).cookie);
}, 60_000);

afterAll(async () => {
  for (const c of await env.engine.listContainers({ all: true })) if (c.name.startsWith(RUN)) await env.engine.removeContainer(c.id, { force: true }).catch(() => undefined);
  for (const name of volumes) await env.engine.removeVolume(name, true).catch(() => undefined);
  for (const n of await env.engine.listNetworks()) if (n.name.startsWith(RUN)) await env.engine.removeNetwork(n.id).catch(() => undefined);
  await env?.close();
  rmSync(hostDir, { recursive: true, force: true });
});

describe("a volume that binds a host path (finding 2)", () => {
  const byAdmin = `${RUN}-admin-bind`;
  const byEngine = `${RUN}-engine-bind`;

  it("really reaches the host: with container.create.privileged, a container reads and writes the host dir through it (binds and mounts)", async () => {
    volumes.add(byAdmin);
    expect(await admin().volumes.create.mutate({ hostId: env.hostId, spec: { name: byAdmin, driver: "local", driverOptions: bindVolumeOptions } })).toMatchObject({ options: bindVolumeOptions });
    const viaBinds = await admin().containers.create.mutate({ hostId: env.hostId, spec: spec("escape-binds", { binds: [`${byAdmin}:/host`], cmd: ["sh", "-c", "cat /host/marker > /host/seen-binds"] }), start: true });
    const viaMounts = await admin().containers.create.mutate({ hostId: env.hostId, spec: spec("escape-mounts", { mounts: [{ type: "volume", source: byAdmin, target: "/host" }], cmd: ["sh", "-c", "cat /host/marker > /host/seen-mounts"] }), start: true });
    expect(await exitCode(viaBinds.id)).toBe(0);
    expect(await exitCode(viaMounts.id)).toBe(0);
    expect(readFileSync(join(hostDir, "seen-binds"), "utf8")).toBe(marker);
    expect(readFileSync(join(hostDir, "seen-mounts"), "utf8")).toBe(marker);
  });

  it("cannot be created by a deployer, and the message names the host path", async () => {
    const name = `${RUN}-deployer-bind`;
    volumes.add(name); // in case it is not refused
    const refused = await trpcFailure(deployer.volumes.create.mutate({ hostId: env.hostId, spec: { name, driver: "local", driverOptions: bindVolumeOptions } }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: `permission container.create.privileged is required for: ${reason(name)}` });
    expect((await env.engine.listVolumes()).some((v) => v.name === name)).toBe(false);
    // the refusal is in the audit trail, naming the volume and why
    expect(await env.plane.db.auditEvent.findFirst({ where: { action: "volumes.create", result: "denied", targetName: name } })).toMatchObject({ error: refused.message });
  });

  it.each([
    ["made by an admin, mounted via binds", byAdmin, { binds: [`${byAdmin}:/host`] }],
    ["made by an admin, mounted via mounts", byAdmin, { mounts: [{ type: "volume" as const, source: byAdmin, target: "/host" }] }],
    ["made on the engine directly, mounted via binds", byEngine, { binds: [`${byEngine}:/host:ro`] }],
    ["made on the engine directly, mounted via mounts", byEngine, { mounts: [{ type: "volume" as const, source: byEngine, target: "/host", readOnly: true }] }],
  ])("that exists on the engine (%s) cannot be mounted by a deployer", async (label, volume, extra) => {
    if (volume === byEngine && !volumes.has(byEngine)) {
      volumes.add(byEngine);
      await env.engine.createVolume({ name: byEngine, driver: "local", driverOptions: bindVolumeOptions });
    }
    const name = `deployer-${label.replace(/\W+/g, "-")}`;
    const refused = await trpcFailure(deployer.containers.create.mutate({ hostId: env.hostId, spec: spec(name, { ...extra, cmd: ["cat", "/host/marker"] }), start: true }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: `permission container.create.privileged is required for: ${reason(volume)}` });
    expect(await containerNamed(name)).toBeUndefined();
    expect(await env.plane.db.auditEvent.findFirst({ where: { action: "containers.create", result: "denied", targetName: `${RUN}-${name}` } })).toMatchObject({ error: refused.message });
  });

  it("leaves a deployer their ordinary volumes: no options, a tmpfs, and a volume the engine creates on first mount", async () => {
    const plain = `${RUN}-plain`;
    const tmpfs = `${RUN}-tmpfs`;
    const fresh = `${RUN}-fresh`;
    for (const v of [plain, tmpfs, fresh]) volumes.add(v);
    await deployer.volumes.create.mutate({ hostId: env.hostId, spec: { name: plain } });
    await deployer.volumes.create.mutate({ hostId: env.hostId, spec: { name: tmpfs, driver: "local", driverOptions: { type: "tmpfs", device: "tmpfs", o: "size=16m,mode=1777" } } });
    const run = await deployer.containers.create.mutate({
      hostId: env.hostId,
      spec: spec("ordinary", { binds: [`${plain}:/plain`, `${fresh}:/fresh:ro`], mounts: [{ type: "volume", source: tmpfs, target: "/tmpfs" }, { type: "tmpfs", target: "/scratch" }], cmd: ["sh", "-c", "echo ok > /plain/x && echo ok > /tmpfs/x"], securityOpt: ["no-new-privileges"] }),
      start: true,
    });
    expect(await exitCode(run.id)).toBe(0);
    expect((await env.engine.inspectVolume(fresh)).options).toEqual({});
  });
});

describe("an inline seccomp profile (finding 3)", () => {
  const allowAll = `seccomp=${JSON.stringify({ defaultAction: "SCMP_ACT_ALLOW" })}`;
  // The engine's default profile refuses unshare(CLONE_NEWUSER); an allow-all profile lets it through.
  const newUserNamespace = ["unshare", "-U", "-r", "true"];

  it("really loosens the sandbox: with container.create.privileged the container may unshare a user namespace, the default one may not", async () => {
    const loosened = await admin().containers.create.mutate({ hostId: env.hostId, spec: spec("seccomp-off", { securityOpt: [allowAll], cmd: newUserNamespace }), start: true });
    const ordinary = await admin().containers.create.mutate({ hostId: env.hostId, spec: spec("seccomp-default", { cmd: newUserNamespace }), start: true });
    expect(await exitCode(loosened.id)).toBe(0);
    expect(await exitCode(ordinary.id)).toBe(1);
  });

  it("is refused to a deployer, naming the option", async () => {
    const refused = await trpcFailure(deployer.containers.create.mutate({ hostId: env.hostId, spec: spec("deployer-seccomp", { securityOpt: ["no-new-privileges:true", allowAll] }), start: false }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: `permission container.create.privileged is required for: security option ${allowAll} (only no-new-privileges is allowed)` });
    expect(await containerNamed("deployer-seccomp")).toBeUndefined();
  });
});

describe("network drivers and options that reach the host (network.manage is not enough)", () => {
  const networkNamed = async (name: string) => (await env.engine.listNetworks()).find((n) => n.name === name);
  const required = (items: string) => `permission container.create.privileged is required for: ${items}`;

  it.each([
    ["a macvlan on a host interface", { driver: "macvlan" as const, parent: "eth0", internal: true }, 'network driver "macvlan" (only bridge is vetted); host interface "eth0" (parent)'],
    ["an ipvlan without a parent", { driver: "ipvlan" as const }, 'network driver "ipvlan" (only bridge is vetted)'],
    ["a bridge that takes over a host bridge by name", { options: { "com.docker.network.bridge.name": "br0" } }, "network option com.docker.network.bridge.name=br0 (names a host interface)"],
    ["a parent given as a driver option", { options: { parent: "eth0", "com.docker.network.driver.mtu": "1400" } }, "network option parent=eth0 (names a host interface)"],
    ["a routed bridge", { options: { "com.docker.network.bridge.gateway_mode_ipv4": "routed" } }, "network option com.docker.network.bridge.gateway_mode_ipv4=routed"],
  ])("refuses a deployer %s, naming each item, before the engine is asked", async (label, extra, items) => {
    const name = `${RUN}-net-${label.replace(/\W+/g, "-")}`;
    const refused = await trpcFailure(deployer.networks.create.mutate({ hostId: env.hostId, spec: { name, ...extra } }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: required(items) });
    expect(await networkNamed(name)).toBeUndefined();
    expect(await env.plane.db.auditEvent.findFirst({ where: { action: "networks.create", result: "denied", targetName: name } })).toMatchObject({ error: refused.message });
  });

  it("lets a deployer create an ordinary bridge: subnet, gateway, ip range, internal, attachable, labels, MTU, inter-container traffic", async () => {
    const name = `${RUN}-net-plain`;
    const spec = { name, subnet: "172.30.44.0/28", gateway: "172.30.44.1", ipRange: "172.30.44.8/29", internal: true, attachable: true, labels: { "dockmaster.test": "1" }, options: { "com.docker.network.driver.mtu": "1400", "com.docker.network.bridge.enable_icc": "false" } };
    const { id } = await deployer.networks.create.mutate({ hostId: env.hostId, spec });
    expect(await env.engine.inspectNetwork(id)).toMatchObject({ name, driver: "bridge", internal: true, options: spec.options });
  });

  it("lets a holder of container.create.privileged create a macvlan (on eth0 inside the testbed engine's own network namespace)", async () => {
    const id = await adminMacvlan();
    expect(await env.engine.inspectNetwork(id)).toMatchObject({ name: ADMIN_MACVLAN, driver: "macvlan", options: { parent: "eth0" } });
  });
});

/** One admin-made macvlan on eth0 inside the testbed engine's own network namespace, made on first use (eth0 can carry one). */
const ADMIN_MACVLAN = `${RUN}-net-admin-mac`;
let adminMacvlanId: string | undefined;
async function adminMacvlan(): Promise<string> {
  adminMacvlanId ??= (await admin().networks.create.mutate({ hostId: env.hostId, spec: { name: ADMIN_MACVLAN, driver: "macvlan", parent: "eth0", internal: true, subnet: "172.30.45.0/28" } })).id;
  return adminMacvlanId;
}

describe("joining an existing network that reaches the host (at create via networkMode, and networks.connect)", () => {
  const required = (items: string) => `permission container.create.privileged is required for: ${items}`;
  /** The refusal names the network (and the reference given, when that is an id). */
  const macvlanItems = (ref: string) => {
    const label = ref === ADMIN_MACVLAN ? `"${ref}"` : `"${ADMIN_MACVLAN}" (${ref.slice(0, 12)})`;
    return `joining network ${label}: network driver "macvlan" (only bridge is vetted), network option parent=eth0 (names a host interface)`;
  };
  const networksOf = async (name: string) => Object.keys((((await env.engine.inspectContainer((await containerNamed(name))!.id)).NetworkSettings as { Networks: Record<string, unknown> }).Networks));

  it.each([
    ["by name", () => ADMIN_MACVLAN],
    ["by id", () => adminMacvlanId!],
    ["by an id prefix", () => adminMacvlanId!.slice(0, 12)],
  ])("a deployer's container create on an admin's macvlan (%s) is refused naming driver and interface, and audited as denied", async (label, ref) => {
    await adminMacvlan();
    const name = `join-mac-${label.replace(/\W+/g, "-")}`;
    const refused = await trpcFailure(deployer.containers.create.mutate({ hostId: env.hostId, spec: spec(name, { networkMode: ref() }), start: false }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: required(macvlanItems(ref())) });
    expect(await containerNamed(name)).toBeUndefined();
    expect(await env.plane.db.auditEvent.findFirst({ where: { action: "containers.create", result: "denied", targetName: `${RUN}-${name}` } })).toMatchObject({ error: refused.message });
  });

  it("a deployer's networks.connect to an admin's macvlan is refused and audited as denied; the container stays off it", async () => {
    await adminMacvlan();
    await deployer.containers.create.mutate({ hostId: env.hostId, spec: spec("connect-mac", {}), start: false });
    const refused = await trpcFailure(deployer.networks.connect.mutate({ hostId: env.hostId, spec: { network: ADMIN_MACVLAN, container: `${RUN}-connect-mac` } }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: required(macvlanItems(ADMIN_MACVLAN)) });
    expect(await networksOf("connect-mac")).toEqual(["bridge"]);
    expect(await env.plane.db.auditEvent.findFirst({ where: { action: "networks.connect", result: "denied", targetId: ADMIN_MACVLAN, targetName: `${RUN}-connect-mac` } })).toMatchObject({ error: refused.message });
    // a holder of container.create.privileged may
    await admin().networks.connect.mutate({ hostId: env.hostId, spec: { network: ADMIN_MACVLAN, container: `${RUN}-connect-mac` } });
    expect((await networksOf("connect-mac")).sort()).toEqual(["bridge", ADMIN_MACVLAN].sort());
  });

  it("a deployer joins an ordinary bridge (at create and by connect) and the predefined ones", async () => {
    const bridge = `${RUN}-net-join-plain`;
    const { id } = await deployer.networks.create.mutate({ hostId: env.hostId, spec: { name: bridge, subnet: "172.30.46.0/28", options: { "com.docker.network.driver.mtu": "1400" } } });
    await deployer.containers.create.mutate({ hostId: env.hostId, spec: spec("join-plain", { networkMode: bridge }), start: false });
    await deployer.containers.create.mutate({ hostId: env.hostId, spec: spec("join-plain-id", { networkMode: id.slice(0, 12) }), start: false });
    await deployer.containers.create.mutate({ hostId: env.hostId, spec: spec("join-none", { networkMode: "none" }), start: false });
    expect(await networksOf("join-plain")).toEqual([bridge]);
    expect(await networksOf("join-plain-id")).toEqual([bridge]);
    await deployer.containers.create.mutate({ hostId: env.hostId, spec: spec("connect-plain", {}), start: false });
    await deployer.networks.connect.mutate({ hostId: env.hostId, spec: { network: bridge, container: `${RUN}-connect-plain` } });
    await deployer.networks.connect.mutate({ hostId: env.hostId, spec: { network: "bridge", container: `${RUN}-join-plain` } });
    expect((await networksOf("connect-plain")).sort()).toEqual(["bridge", bridge].sort());
    expect((await networksOf("join-plain")).sort()).toEqual(["bridge", bridge].sort());
  });

  it("an extra network (compose's further networks) is judged as networkMode: an admin's macvlan is refused to a deployer naming the field, an ordinary bridge is joined", async () => {
    await adminMacvlan();
    const bridge = `${RUN}-net-extra-plain`;
    await deployer.networks.create.mutate({ hostId: env.hostId, spec: { name: bridge, subnet: "172.30.47.0/28" } });
    const refused = await trpcFailure(deployer.containers.create.mutate({ hostId: env.hostId, spec: spec("extra-mac", { extraNetworks: [{ name: bridge }, { name: ADMIN_MACVLAN }] }), start: false }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: required(`${macvlanItems(ADMIN_MACVLAN)} (extraNetworks)`) });
    expect(await containerNamed("extra-mac")).toBeUndefined();
    await deployer.containers.create.mutate({ hostId: env.hostId, spec: spec("extra-plain", { extraNetworks: [{ name: bridge }] }), start: false });
    expect((await networksOf("extra-plain")).sort()).toEqual(["bridge", bridge].sort());
  });
});

describe("the compose fields of a create spec (issue 14): host-wide sysctls and log drivers that ship output away need the permission", () => {
  it("refuses a deployer an unsafe sysctl and a syslog log driver, naming field and value; Kubernetes' safe sysctls and json-file pass", async () => {
    const refused = await trpcFailure(
      deployer.containers.create.mutate({ hostId: env.hostId, spec: spec("unsafe-extras", { sysctls: { "net.ipv4.ip_forward": "1" }, logConfig: { driver: "syslog", options: { "syslog-address": "udp://127.0.0.1:514" } } }), start: false }),
    );
    expect(refused).toMatchObject({
      code: "FORBIDDEN",
      message: `permission container.create.privileged is required for: sysctl net.ipv4.ip_forward=1 (sysctls: only Kubernetes' safe sysctls are allowed); log driver "syslog" (logConfig: only json-file, local and none keep the output on the host; others send it off the host or to a host socket)`,
    });
    expect(await containerNamed("unsafe-extras")).toBeUndefined();
    const { id } = await deployer.containers.create.mutate({ hostId: env.hostId, spec: spec("safe-extras", { sysctls: { "net.ipv4.ip_unprivileged_port_start": "0" }, logConfig: { driver: "json-file" } }), start: false });
    expect((await env.engine.inspectContainer(id)).HostConfig).toMatchObject({ Sysctls: { "net.ipv4.ip_unprivileged_port_start": "0" }, LogConfig: { Type: "json-file" } });
  });
});
