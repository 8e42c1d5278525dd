import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnrollmentToken } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv, type Engine } from "@dockmaster/docker";
import { apiClient, removeDir, signedInUser, spawnAgent, startTestPlane, testEngines, testImage, trpcFailure, waitFor, type AgentProcess } from "./support";

/**
 * Networks end to end: tRPC → control plane → socket.io → real agent → real engine, plus the port
 * path the agent reads from the host (the test runs as root next to the testbed's engines).
 * Every network and container made here carries the run's prefix and is removed afterwards.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let agent: AgentProcess;
let engine: Engine;
let hostId: string;
let api: ReturnType<typeof apiClient>["client"];
let viewer: ReturnType<typeof apiClient>["client"];
/** macvlan / ipvlan and a named bridge reach the host's network: they need container.create.privileged (capability-gate.int has the refusals). */
let admin: ReturnType<typeof apiClient>["client"];
const RUN = `dmnet-${process.pid}`;
const BRIDGE = `dmbr${process.pid % 100000}`; // a Linux interface name: at most 15 characters
const STOPPABLE = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];
// Subnets unlikely to meet anything else on the testbed (its engines use 192.168.N.0/24 and 10.2xx).
const SUBNET = "172.30.8.0/24";

function docker(...args: string[]) {
  return execFileSync("docker", ["-H", testEngines()[0]!, ...args], { encoding: "utf8" }).trim();
}

async function client(username: string, role: "admin" | "deployer" | "viewer") {
  const c = apiClient(plane.port);
  const { cookie } = await signedInUser(plane.db, username, [{ role }]);
  c.jar.set("dm_session", cookie.slice("dm_session=".length));
  return c.client;
}

beforeAll(async () => {
  engine = createEngine(engineConfigFromEnv({ dockerHost: testEngines()[0] }));
  plane = await startTestPlane();
  agent = spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKER_HOST: testEngines()[0]!, DOCKMASTER_AGENT_STATE: join(plane.dir, "agent.json"), DOCKMASTER_ENROLL_TOKEN: (await createEnrollmentToken(plane.db, {})).token });
  hostId = (await waitFor(() => plane.db.host.findFirst({ where: { status: "online" } }), "agent online", 15_000)).id;
  api = await client("deployer", "deployer");
  viewer = await client("viewer", "viewer");
  admin = await client("admin", "admin");
});
afterAll(async () => {
  for (const c of await engine.listContainers({ all: true })) if (c.name.startsWith(RUN)) await engine.removeContainer(c.id, { force: true }).catch(() => undefined);
  for (const n of await engine.listNetworks()) if (n.name.startsWith(RUN)) await engine.removeNetwork(n.id).catch(() => undefined);
  await agent?.stop();
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

describe("networks", () => {
  let networkId: string;
  let containerId: string;

  it("creates a bridge network with subnet, gateway, ip-range, labels, bridge name and MTU, and inspects it", async () => {
    const { id } = await admin.networks.create.mutate({
      hostId,
      spec: { name: `${RUN}-app`, subnet: SUBNET, gateway: "172.30.8.1", ipRange: "172.30.8.128/25", attachable: true, labels: { "dockmaster.test": "1" }, options: { "com.docker.network.bridge.name": BRIDGE, "com.docker.network.driver.mtu": "1400" } },
    });
    networkId = id;
    const detail = await api.networks.inspect.query({ hostId, id });
    expect(detail).toMatchObject({ name: `${RUN}-app`, driver: "bridge", attachable: true, internal: false, bridgeName: BRIDGE, mtu: 1400, labels: { "dockmaster.test": "1" }, ipam: [{ subnet: SUBNET, gateway: "172.30.8.1", ipRange: "172.30.8.128/25" }], endpoints: [] });
    // the engine really made that Linux bridge, with that MTU
    expect(docker("network", "inspect", "-f", "{{index .Options \"com.docker.network.bridge.name\"}}", id)).toBe(BRIDGE);
    const listed = (await api.networks.list.query({ hostId })).find((n) => n.id === id);
    expect(listed).toMatchObject({ predefined: false, containers: [] });
    expect((await api.networks.list.query({ hostId })).find((n) => n.name === "bridge")?.predefined).toBe(true);
    const audit = await plane.db.auditEvent.findFirst({ where: { action: "networks.create" }, orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({ result: "ok", targetName: `${RUN}-app` });
  });

  it("refuses an invalid subnet and a gateway outside it with explanations, naming the field", async () => {
    const hostBits = await trpcFailure(api.networks.create.mutate({ hostId, spec: { name: `${RUN}-bad`, subnet: "172.30.9.1/30" } }));
    expect(hostBits).toMatchObject({ code: "BAD_REQUEST" });
    expect(hostBits.message).toContain("spec.subnet: 172.30.9.1/30 has host bits set");
    expect(hostBits.message).toContain("write 172.30.9.0/30");
    const garbage = await trpcFailure(api.networks.create.mutate({ hostId, spec: { name: `${RUN}-bad`, subnet: "172.300.0.0/16" } }));
    expect(garbage.message).toContain("is not an IPv4 address");
    const outside = await trpcFailure(api.networks.create.mutate({ hostId, spec: { name: `${RUN}-bad`, subnet: "172.30.9.0/30", gateway: "172.30.9.4" } }));
    expect(outside.message).toContain("spec.gateway: gateway 172.30.9.4 is outside 172.30.9.0/30 (which spans 172.30.9.0–172.30.9.3)");
    const broadcast = await trpcFailure(api.networks.create.mutate({ hostId, spec: { name: `${RUN}-bad`, subnet: "172.30.9.0/30", gateway: "172.30.9.3" } }));
    expect(broadcast.message).toContain("broadcast address");
    const range = await trpcFailure(api.networks.create.mutate({ hostId, spec: { name: `${RUN}-bad`, subnet: "172.30.9.0/24", ipRange: "172.30.10.0/25" } }));
    expect(range.message).toContain("spec.ipRange: ip-range 172.30.10.0/25 is not inside the subnet 172.30.9.0/24");
    expect((await engine.listNetworks()).some((n) => n.name === `${RUN}-bad`)).toBe(false);
  });

  it("refuses an overlapping subnet before the engine is asked, naming the network it overlaps", async () => {
    const overlap = await trpcFailure(admin.networks.create.mutate({ hostId, spec: { name: `${RUN}-overlap`, driver: "macvlan", parent: "eth0", subnet: "172.30.8.64/26" } }));
    expect(overlap).toMatchObject({ code: "CONFLICT" });
    expect(overlap.message).toBe(`subnet 172.30.8.64/26 overlaps network "${RUN}-app" (${SUBNET}) on this host: containers could not tell which network an address belongs to — pick a block outside ${SUBNET}`);
    // the engine itself would have accepted this macvlan: it was our check that stopped it
    expect((await engine.listNetworks()).some((n) => n.name === `${RUN}-overlap`)).toBe(false);
    const bridgeSubnet = (await engine.inspectNetwork("bridge")).ipam[0]!.subnet;
    const overBridge = await trpcFailure(api.networks.create.mutate({ hostId, spec: { name: `${RUN}-overlap`, subnet: bridgeSubnet } }));
    expect(overBridge.message).toContain(`overlaps network "bridge"`);
  });

  it("answers NOT_FOUND for a missing network", async () => {
    expect(await trpcFailure(api.networks.inspect.query({ hostId, id: `${RUN}-missing` }))).toMatchObject({ code: "NOT_FOUND", message: `network ${RUN}-missing not found` });
  });

  it("passes on the engine's refusal of a duplicate name", async () => {
    const duplicate = await trpcFailure(api.networks.create.mutate({ hostId, spec: { name: `${RUN}-app` } }));
    expect(duplicate.code).toBe("CONFLICT");
    expect(duplicate.message).toMatch(new RegExp(`network with name ${RUN}-app already exists`));
  });

  it("creates internal macvlan and ipvlan networks on the engine's eth0", async () => {
    const mac = await admin.networks.create.mutate({ hostId, spec: { name: `${RUN}-mac`, driver: "macvlan", parent: "eth0", internal: true, subnet: "172.30.20.0/28", gateway: "172.30.20.1" } });
    expect(await api.networks.inspect.query({ hostId, id: mac.id })).toMatchObject({ driver: "macvlan", internal: true, options: { parent: "eth0" }, bridgeName: null });
    const ipv = await admin.networks.create.mutate({ hostId, spec: { name: `${RUN}-ipv`, driver: "ipvlan", parent: "eth0", subnet: "172.30.21.0/28", options: { ipvlan_mode: "l2" } } });
    expect(await api.networks.inspect.query({ hostId, id: ipv.id })).toMatchObject({ driver: "ipvlan", options: { parent: "eth0", ipvlan_mode: "l2" } });
    const parentOnBridge = await trpcFailure(api.networks.create.mutate({ hostId, spec: { name: `${RUN}-x`, parent: "eth0" } }));
    expect(parentOnBridge.message).toContain("spec.parent: parent applies to macvlan and ipvlan networks");
    await api.networks.remove.mutate({ hostId, id: mac.id });
    await api.networks.remove.mutate({ hostId, id: ipv.id });
  });

  it("connects a container with an alias and a static IPv4, shows its IP and MAC, and disconnects it", async () => {
    containerId = (await engine.createContainer({ image: testImage(), name: `${RUN}-web`, cmd: STOPPABLE, labels: { "dockmaster.test": "1" }, portBindings: [{ containerPort: 80, protocol: "tcp", hostIp: "127.0.0.1", hostPort: "" }] })).id;
    await engine.startContainer(containerId);
    // the network names a Linux bridge (bridge.name): joining it needs container.create.privileged, like creating it (capability-gate.int)
    await admin.networks.connect.mutate({ hostId, spec: { network: `${RUN}-app`, container: `${RUN}-web`, aliases: ["api"], ipv4Address: "172.30.8.10" } });
    const detail = await api.networks.inspect.query({ hostId, id: networkId });
    expect(detail.endpoints).toEqual([{ containerId, name: `${RUN}-web`, ipv4Address: "172.30.8.10/24", ipv6Address: "", macAddress: expect.stringMatching(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/) as string }]);
    expect(docker("inspect", "-f", `{{json (index .NetworkSettings.Networks "${RUN}-app").Aliases}}`, containerId)).toContain('"api"');
    expect((await api.networks.list.query({ hostId })).find((n) => n.id === networkId)?.containers).toEqual([`${RUN}-web`]);

    const outsideRange = await trpcFailure(api.networks.connect.mutate({ hostId, spec: { network: "bridge", container: `${RUN}-web`, ipv4Address: "192.168.1.50" } }));
    expect(outsideRange.message).toBe("user specified IP address is supported on user defined networks only"); // the engine's words
    const viewerDenied = await trpcFailure(viewer.networks.disconnect.mutate({ hostId, network: networkId, container: containerId }));
    expect(viewerDenied).toMatchObject({ code: "FORBIDDEN", message: `permission network.manage is required on host ${hostId}` });
  });

  it("refuses to remove a network in use with the engine's own words", async () => {
    const inUse = await trpcFailure(api.networks.remove.mutate({ hostId, id: networkId }));
    expect(inUse.message).toMatch(/has active endpoints/);
    const audit = await plane.db.auditEvent.findFirst({ where: { action: "networks.remove" }, orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({ result: "error", targetId: networkId });
  });

  it("shows the published port's path: host socket → DNAT → the default bridge → veth → eth0", async () => {
    const path = await api.networks.portPath.query({ hostId, containerId });
    expect(path.ports).toHaveLength(1);
    const [port] = path.ports;
    const hostPort = Number(docker("port", containerId, "80/tcp").split(":").pop());
    expect(port).toMatchObject({ hostIp: "127.0.0.1", hostPort, protocol: "tcp", containerPort: 80 });
    const ip = docker("inspect", "-f", "{{.NetworkSettings.Networks.bridge.IPAddress}}", containerId);
    expect(port!.dnat).toMatchObject({ value: { chain: "DOCKER", destinationIp: ip, destinationPort: 80 } });
    expect(port!.bridge).toMatchObject({ value: { name: "docker0" } });
    expect(port!.container).toMatchObject({ value: { name: "eth0", ip } });
    // the veth the agent named is really docker0's port whose peer is the container's eth0
    const veth = "value" in port!.veth ? port!.veth.value.name : "";
    const engineNs = `${process.env.DOCKMASTER_TESTBED_PREFIX ?? "dmtb"}-1`;
    expect(execFileSync("ip", ["-n", engineNs, "-o", "link", "show", "dev", veth], { encoding: "utf8" })).toContain("master docker0");
    expect(path.notes.join(" ")).toContain("shim");
  });

  it("disconnects the container; a stopped container's ports have unknown hops with the reason", async () => {
    await api.networks.disconnect.mutate({ hostId, network: networkId, container: containerId });
    expect((await api.networks.inspect.query({ hostId, id: networkId })).endpoints).toEqual([]);
    await engine.stopContainer(containerId, 1);
    const path = await api.networks.portPath.query({ hostId, containerId });
    // a stopped container keeps its configured bindings (port picked at start: 0) and no namespace to look into
    expect(path.ports).toMatchObject([{ hostIp: "127.0.0.1", hostPort: 0, containerPort: 80, dnat: { unknown: { reason: expect.stringContaining("not running") as string } } }]);
  });

  it("previews the prune (unused custom networks, including one only a stopped container uses) and prunes only what the preview showed", async () => {
    await new Promise((r) => setTimeout(r, 1100)); // the network made above is from a second before the preview
    await engine.connectNetwork({ network: `${RUN}-app`, container: containerId });
    const preview = await api.networks.prunePreview.query({ hostId });
    const app = preview.networks.find((n) => n.id === networkId);
    expect(app).toMatchObject({ name: `${RUN}-app`, stoppedContainers: [`${RUN}-web`] });
    expect(preview.networks.every((n) => !["bridge", "host", "none"].includes(n.name))).toBe(true);
    const foreign = preview.networks.filter((n) => !n.name.startsWith(RUN));
    expect(foreign, "the testbed engine holds unused networks this test did not make: refusing to prune them").toEqual([]);
    await new Promise((r) => setTimeout(r, 1100));
    const later = await api.networks.create.mutate({ hostId, spec: { name: `${RUN}-later` } }); // made after the preview
    const pruned = await api.networks.prune.mutate({ hostId, until: preview.at });
    expect(pruned.removed).toContain(`${RUN}-app`);
    expect(pruned.removed).not.toContain(`${RUN}-later`);
    expect((await engine.listNetworks()).some((n) => n.id === later.id)).toBe(true);
    await api.networks.remove.mutate({ hostId, id: later.id });
  });
});
