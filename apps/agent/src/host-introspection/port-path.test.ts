import { describe, expect, it } from "vitest";
import type { Engine } from "@dockmaster/docker";
import { portPath, publishedBindings, ruleFor } from "./port-path";
import type { HostAccess } from "./run";
import { CONTAINER_IP_ADDR, CONTAINER_IP_LINK, ENGINE_IP_LINK, IPTABLES_S_DOCKER, PROC_STAT } from "./fixtures";

const INSPECT = {
  Id: "a98c40dae58c",
  Name: "/web",
  State: { Running: true, Pid: 10534 },
  NetworkSettings: { Ports: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "18080" }], "443/tcp": null }, Networks: { bridge: { IPAddress: "192.168.1.2" } } },
};

function engine(endpoint = "unix:///var/run/docker.sock", inspect: object = INSPECT) {
  return { endpoint, inspectContainer: () => Promise.resolve(inspect) } as unknown as Pick<Engine, "endpoint" | "inspectContainer">;
}

/** A host answering like the testbed did; `fail` makes matching commands fail with the given stderr. */
function host(fail: Record<string, { code?: string | number; stderr: string }> = {}): HostAccess & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    read: (path) => (path === "/proc/10534/stat" ? Promise.resolve(PROC_STAT) : Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" }))),
    run: (file, args) => {
      calls.push([file, ...args]);
      const line = args.join(" ");
      for (const [needle, error] of Object.entries(fail)) if (line.includes(needle)) return Promise.reject(Object.assign(new Error("Command failed"), error));
      if (line.includes("iptables")) return Promise.resolve(IPTABLES_S_DOCKER);
      if (line === "--net=/proc/10502/ns/net -- ip -o link") return Promise.resolve(ENGINE_IP_LINK);
      if (line === "--net=/proc/10534/ns/net -- ip -o link") return Promise.resolve(CONTAINER_IP_LINK);
      if (line === "--net=/proc/10534/ns/net -- ip -o -4 addr") return Promise.resolve(CONTAINER_IP_ADDR);
      return Promise.reject(new Error(`unexpected ${file} ${line}`));
    },
  };
}

describe("portPath", () => {
  it("follows host port → DNAT → docker0 → veth → eth0 from real captured output", async () => {
    const h = host();
    const path = await portPath(engine(), "web", h);
    expect(path.ports).toEqual([
      {
        hostIp: "127.0.0.1",
        hostPort: 18080,
        protocol: "tcp",
        containerPort: 80,
        dnat: { value: { chain: "DOCKER", rule: expect.stringContaining("--dport 18080 -j DNAT") as string, destinationIp: "192.168.1.2", destinationPort: 80 } },
        bridge: { value: { name: "docker0", ifindex: 3, mac: "02:42:b1:9d:ec:c0" } },
        veth: { value: { name: "veth84908bf", ifindex: 5, mac: "22:98:8c:36:e6:ff" } },
        container: { value: { name: "eth0", ifindex: 4, mac: "02:42:c0:a8:01:02", ip: "192.168.1.2", peerIfindex: 5 } },
      },
    ]);
    // the engine side is read through the shim (parent pid 10502), never with a shell
    expect(h.calls).toContainEqual(["nsenter", "--net=/proc/10502/ns/net", "--", "iptables", "-t", "nat", "-S", "DOCKER"]);
  });

  it("marks the DNAT hop unknown when the DOCKER chain is missing, and still finds the links", async () => {
    const path = await portPath(engine(), "web", host({ iptables: { code: 1, stderr: "iptables: No chain/target/match by that name." } }));
    const [port] = path.ports;
    expect("unknown" in port!.dnat && port!.dnat.unknown.reason).toMatch(/no DOCKER chain.*docker-proxy/);
    expect(port!.bridge).toMatchObject({ value: { name: "docker0" } }); // found via the container's own address
  });

  it("says iptables is missing on an nftables-only host", async () => {
    const path = await portPath(engine(), "web", host({ iptables: { code: 127, stderr: "nsenter: failed to execute iptables: No such file or directory" } }));
    expect(path.ports[0]!.dnat).toEqual({ unknown: { reason: expect.stringMatching(/iptables is not installed.*nftables/) as string } });
  });

  it("says root is needed when entering the namespace is refused", async () => {
    const path = await portPath(engine(), "web", host({ "ip -o link": { code: 1, stderr: "nsenter: reassociate to namespace 'ns/net' failed: Operation not permitted" } }));
    expect(path.ports[0]!.veth).toEqual({ unknown: { reason: expect.stringMatching(/must run as root/) as string } });
  });

  it("answers with unknown hops for a remote engine, a stopped container, or an invisible process", async () => {
    const remote = await portPath(engine("tcp://10.0.0.5:2376"), "web", host());
    expect(remote.ports[0]!.dnat).toEqual({ unknown: { reason: expect.stringMatching(/not on this machine/) as string } });
    const stopped = await portPath(engine(undefined, { ...INSPECT, State: { Running: false, Pid: 0 }, NetworkSettings: { Ports: {} }, HostConfig: { PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "" }] } } }), "web", host());
    expect(stopped.ports[0]).toMatchObject({ hostIp: "0.0.0.0", hostPort: 0, containerPort: 80 }); // configured, port picked at start
    expect(stopped.ports[0]!.container).toEqual({ unknown: { reason: expect.stringMatching(/not running/) as string } });
    const elsewhere = await portPath(engine(undefined, { ...INSPECT, State: { Running: true, Pid: 999999 } }), "web", host());
    expect(elsewhere.ports[0]!.bridge).toEqual({ unknown: { reason: expect.stringMatching(/not visible here/) as string } });
  });

  it("has nothing to show for a container without published ports", async () => {
    const path = await portPath(engine(undefined, { ...INSPECT, NetworkSettings: { Ports: {} } }), "web", host());
    expect(path).toMatchObject({ ports: [], notes: ["The container publishes no ports."] });
  });
});

describe("bindings and rule matching", () => {
  it("reads every host socket of the Ports map", () => {
    expect(publishedBindings({ "53/udp": [{ HostIp: "", HostPort: "5353" }], "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "8080" }, { HostIp: "::", HostPort: "8080" }] })).toEqual([
      { hostIp: "0.0.0.0", hostPort: 5353, protocol: "udp", containerPort: 53 },
      { hostIp: "0.0.0.0", hostPort: 8080, protocol: "tcp", containerPort: 80 },
      { hostIp: "::", hostPort: 8080, protocol: "tcp", containerPort: 80 },
    ]);
  });
  it("matches a rule without -d to any address, and one with -d only to that address", () => {
    const any = { chain: "DOCKER", rule: "", hostIp: null, protocol: "tcp", hostPort: 80, destinationIp: "1.1.1.1", destinationPort: 80 };
    const local = { ...any, hostIp: "127.0.0.1", hostPort: 81 };
    expect(ruleFor([any, local], { hostIp: "0.0.0.0", hostPort: 80, protocol: "tcp" })).toBe(any);
    expect(ruleFor([any, local], { hostIp: "127.0.0.1", hostPort: 81, protocol: "tcp" })).toBe(local);
    expect(ruleFor([any, local], { hostIp: "0.0.0.0", hostPort: 81, protocol: "tcp" })).toBeUndefined();
    expect(ruleFor([any], { hostIp: "0.0.0.0", hostPort: 80, protocol: "udp" })).toBeUndefined();
  });
});
