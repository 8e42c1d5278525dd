import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { Access, AppError, BUILT_IN_ROLES, type Actor, type AgentHub, type Permission } from "@dockmaster/core";
import { ContainerCreateSpec, NetworkCreateSpec, VolumeCreateSpec, type VolumeSummary } from "@dockmaster/protocol";
import { gateContainerCreate, gateNetworkCreate, gateNetworkJoin, gateVolumeCreate } from "./capability-gate";

/** Unit: how the gate asks the engine (a fake hub here; the real engine is in capability-gate.int). */
const actor = (role: keyof typeof BUILT_IN_ROLES, hostId = "h1"): Actor => ({
  kind: "user",
  id: "u1",
  username: role,
  access: new Access([{ role, permissions: new Set<Permission>(BUILT_IN_ROLES[role].permissions), scope: { type: "host", id: hostId }, via: "you" }], new Map()),
});

/** networks: ref → driver, or driver and options (the name is the ref unless given). */
function fakeHub(volumes: Array<Pick<VolumeSummary, "name" | "driver" | "options">>, networks: Record<string, string | { name?: string; driver: string; options?: Record<string, string> }> = {}, fail?: Error) {
  const asked: string[] = [];
  const hub = {
    request(_hostId: string, type: string, params: { id?: string; name?: string }) {
      asked.push(`${type} ${params.name ?? params.id ?? ""}`.trim());
      if (fail) return Promise.reject(fail);
      if (type === "volume.config") {
        const volume = volumes.find((v) => v.name === params.name);
        return volume ? Promise.resolve({ labels: {}, ...volume }) : Promise.reject(new AppError("NOT_FOUND", `volume ${params.name} not found`));
      }
      if (type === "network.inspect") {
        const found = networks[params.id ?? ""];
        if (found === undefined) return Promise.reject(new AppError("NOT_FOUND", `network ${params.id} not found`));
        const network = typeof found === "string" ? { driver: found } : found;
        return Promise.resolve({ name: params.id, options: {}, labels: {}, raw: {}, ...network });
      }
      return Promise.reject(new Error(`unexpected ${type}`));
    },
  } as unknown as AgentHub;
  return { hub, asked };
}

const spec = (extra: Record<string, unknown>) => ContainerCreateSpec.parse({ image: "busybox", ...extra });
const forbidden = (message: string) => new TRPCError({ code: "FORBIDDEN", message: `permission container.create.privileged is required for: ${message}` });
const BIND = { name: "thatvol", driver: "local", options: { type: "none", o: "bind", device: "/" } };

describe("gateContainerCreate", () => {
  it("asks the engine about the named volumes a deployer mounts, and refuses a bind volume naming its host path", async () => {
    const { hub, asked } = fakeHub([BIND]);
    await expect(gateContainerCreate({ actor: actor("deployer"), hub }, "h1", spec({ binds: ["thatvol:/host"] }))).rejects.toEqual(forbidden('volume "thatvol" binds host path / (driver local, o=bind)'));
    expect(asked).toEqual(["volume.config thatvol"]);
  });

  it("asks only for the named volumes, one by one, never for the volume list (which runs system df on the agent); a volume the engine lacks is ordinary", async () => {
    const { hub, asked } = fakeHub([{ name: "plain", driver: "local", options: {} }, BIND, { name: "other", driver: "local", options: {} }]);
    await gateContainerCreate({ actor: actor("deployer"), hub }, "h1", spec({ binds: ["plain:/a", "fresh:/b"], mounts: [{ type: "volume", source: "plain", target: "/c" }] }));
    expect(asked.sort()).toEqual(["volume.config fresh", "volume.config plain"]);
  });

  it("asks nothing of the engine for a spec without named volumes or a user network, nor for a holder of container.create.privileged", async () => {
    const { hub, asked } = fakeHub([BIND]);
    await gateContainerCreate({ actor: actor("deployer"), hub }, "h1", spec({ mounts: [{ type: "tmpfs", target: "/t" }], networkMode: "bridge" }));
    await gateContainerCreate({ actor: actor("admin"), hub }, "h1", spec({ binds: ["thatvol:/host", "/:/root"], privileged: true, networkMode: "front" }));
    expect(asked).toEqual([]);
  });

  it("holds per host: admin on another host is a deployer here", async () => {
    const { hub } = fakeHub([]);
    await expect(gateContainerCreate({ actor: actor("admin", "h2"), hub }, "h1", spec({ privileged: true }))).rejects.toEqual(forbidden("privileged mode"));
  });

  it("refuses the host network named by id; a network the engine does not have is left to the engine", async () => {
    const { hub } = fakeHub([], { "5336c23556e8": "host", front: "bridge" });
    await expect(gateContainerCreate({ actor: actor("deployer"), hub }, "h1", spec({ networkMode: "5336c23556e8" }))).rejects.toEqual(forbidden('network "5336c23556e8" is the host\'s network (driver host)'));
    await gateContainerCreate({ actor: actor("deployer"), hub }, "h1", spec({ networkMode: "front" }));
    await gateContainerCreate({ actor: actor("deployer"), hub }, "h1", spec({ networkMode: "missing" }));
  });

  it("refuses joining an existing macvlan / ipvlan or a bridge with host options (by name, id or prefix), naming driver and options; an ordinary bridge passes", async () => {
    const { hub, asked } = fakeHub([], {
      lan: { driver: "macvlan", options: { parent: "eth0" } },
      "9f2c1d": { name: "l3", driver: "ipvlan", options: { parent: "eth1", ipvlan_mode: "l3" } },
      hostbr: { driver: "bridge", options: { "com.docker.network.bridge.name": "br0" } },
      front: { driver: "bridge", options: { "com.docker.network.driver.mtu": "1400" } },
    });
    const deployer = { actor: actor("deployer"), hub };
    await expect(gateContainerCreate(deployer, "h1", spec({ networkMode: "lan" }))).rejects.toEqual(forbidden('joining network "lan": network driver "macvlan" (only bridge is vetted), network option parent=eth0 (names a host interface)'));
    await expect(gateContainerCreate(deployer, "h1", spec({ networkMode: "9f2c1d" }))).rejects.toEqual(forbidden('joining network "l3" (9f2c1d): network driver "ipvlan" (only bridge is vetted), network option parent=eth1 (names a host interface), network option ipvlan_mode=l3'));
    await expect(gateContainerCreate(deployer, "h1", spec({ networkMode: "hostbr" }))).rejects.toEqual(forbidden('joining network "hostbr": network option com.docker.network.bridge.name=br0 (names a host interface)'));
    await gateContainerCreate(deployer, "h1", spec({ networkMode: "front" }));
    await gateContainerCreate({ actor: actor("admin"), hub }, "h1", spec({ networkMode: "lan" }));
    expect(asked).toEqual(["network.inspect lan", "network.inspect 9f2c1d", "network.inspect hostbr", "network.inspect front"]);
  });

  it("judges every extra network (compose's further networks) as networkMode is judged: each asked once, a macvlan or the host's network refused by name", async () => {
    const { hub, asked } = fakeHub([], { front: "bridge", back: "bridge", lan: { driver: "macvlan", options: { parent: "eth0" } }, "5336c23556e8": "host" });
    const deployer = { actor: actor("deployer"), hub };
    await gateContainerCreate(deployer, "h1", spec({ networkMode: "front", extraNetworks: [{ name: "back", aliases: ["api"] }, { name: "bridge" }] }));
    expect(asked).toEqual(["network.inspect front", "network.inspect back"]);
    await expect(gateContainerCreate(deployer, "h1", spec({ networkMode: "front", extraNetworks: [{ name: "back" }, { name: "lan" }] }))).rejects.toEqual(
      forbidden('joining network "lan": network driver "macvlan" (only bridge is vetted), network option parent=eth0 (names a host interface) (extraNetworks)'),
    );
    await expect(gateContainerCreate(deployer, "h1", spec({ extraNetworks: [{ name: "5336c23556e8" }] }))).rejects.toEqual(forbidden('network "5336c23556e8" is the host\'s network (driver host) (extraNetworks)'));
    await gateContainerCreate({ actor: actor("admin"), hub }, "h1", spec({ extraNetworks: [{ name: "lan" }] }));
  });

  it("fails closed: when the engine cannot be asked, the create does not go ahead", async () => {
    const { hub } = fakeHub([], {}, new AppError("TIMEOUT", "the agent did not answer"));
    await expect(gateContainerCreate({ actor: actor("deployer"), hub }, "h1", spec({ binds: ["data:/data"] }))).rejects.toThrow("the agent did not answer");
    await expect(gateContainerCreate({ actor: actor("deployer"), hub }, "h1", spec({ networkMode: "front" }))).rejects.toThrow("the agent did not answer");
    await expect(gateContainerCreate({ actor: actor("deployer"), hub }, "h1", spec({ extraNetworks: [{ name: "back" }] }))).rejects.toThrow("the agent did not answer");
  });
});

describe("gateVolumeCreate", () => {
  it("refuses a deployer a bind volume and a plugin driver, and lets an admin (and plain volumes) through", () => {
    const bind = VolumeCreateSpec.parse({ name: "v1", driverOptions: { type: "none", o: "bind", device: "/etc" } });
    expect(() => gateVolumeCreate({ actor: actor("deployer") }, "h1", bind)).toThrow('permission container.create.privileged is required for: volume "v1" binds host path /etc (driver local, o=bind)');
    expect(() => gateVolumeCreate({ actor: actor("deployer") }, "h1", VolumeCreateSpec.parse({ name: "v1", driver: "nfs-plugin" }))).toThrow('volume "v1" uses driver "nfs-plugin" (only local is vetted)');
    gateVolumeCreate({ actor: actor("admin") }, "h1", bind);
    gateVolumeCreate({ actor: actor("deployer") }, "h1", VolumeCreateSpec.parse({ name: "v1", driverOptions: { type: "tmpfs", device: "tmpfs", o: "size=64m" } }));
  });
});

describe("gateNetworkCreate", () => {
  it("refuses a deployer a macvlan on a host interface (per host), and lets an admin and ordinary bridges through", () => {
    const macvlan = NetworkCreateSpec.parse({ name: "lan", driver: "macvlan", parent: "eth0" });
    expect(() => gateNetworkCreate({ actor: actor("deployer") }, "h1", macvlan)).toThrow('permission container.create.privileged is required for: network driver "macvlan" (only bridge is vetted); host interface "eth0" (parent)');
    expect(() => gateNetworkCreate({ actor: actor("admin", "h2") }, "h1", macvlan)).toThrow("host interface");
    gateNetworkCreate({ actor: actor("admin") }, "h1", macvlan);
    gateNetworkCreate({ actor: actor("deployer") }, "h1", NetworkCreateSpec.parse({ name: "app", subnet: "172.30.9.0/24", internal: true }));
  });
});

describe("gateNetworkJoin (networks.connect)", () => {
  const networks = { lan: { driver: "macvlan", options: { parent: "eth0" } }, front: "bridge", "4d1e": { name: "bridge", driver: "bridge", options: { "com.docker.network.bridge.name": "docker0", "com.docker.network.bridge.default_bridge": "true" } }, "77aa": { name: "none", driver: "null" }, host: "host" };

  it("refuses a deployer a macvlan and the host network, naming them; ordinary bridges, the predefined bridge (by id too) and none pass", async () => {
    const { hub, asked } = fakeHub([], networks);
    const deployer = { actor: actor("deployer"), hub };
    await expect(gateNetworkJoin(deployer, "h1", "lan")).rejects.toEqual(forbidden('joining network "lan": network driver "macvlan" (only bridge is vetted), network option parent=eth0 (names a host interface)'));
    await expect(gateNetworkJoin(deployer, "h1", "host")).rejects.toEqual(forbidden('network "host" is the host\'s network (driver host)'));
    await gateNetworkJoin(deployer, "h1", "front");
    await gateNetworkJoin(deployer, "h1", "4d1e");
    await gateNetworkJoin(deployer, "h1", "77aa");
    await gateNetworkJoin(deployer, "h1", "bridge"); // by name: not even asked
    await gateNetworkJoin(deployer, "h1", "missing"); // the engine refuses it itself
    expect(asked).toEqual(["network.inspect lan", "network.inspect host", "network.inspect front", "network.inspect 4d1e", "network.inspect 77aa", "network.inspect missing"]);
  });

  it("asks nothing for a holder of container.create.privileged on the host (admin elsewhere is a deployer here), and fails closed", async () => {
    const { hub, asked } = fakeHub([], networks);
    await gateNetworkJoin({ actor: actor("admin"), hub }, "h1", "lan");
    expect(asked).toEqual([]);
    await expect(gateNetworkJoin({ actor: actor("admin", "h2"), hub }, "h1", "lan")).rejects.toThrow("macvlan");
    const down = fakeHub([], {}, new AppError("TIMEOUT", "the agent did not answer"));
    await expect(gateNetworkJoin({ actor: actor("deployer"), hub: down.hub }, "h1", "front")).rejects.toThrow("the agent did not answer");
  });
});
