import { describe, expect, it } from "vitest";
import { ContainerCreateSpec } from "@dockmaster/protocol";
import { engineLookups, sensitiveCapabilities, type EngineFacts, type NetworkFacts } from "./sensitive";

/** The compose fields of the create spec (issue 14), as the gate classifies them. */
const spec = (extra: Record<string, unknown>) => ContainerCreateSpec.parse({ image: "busybox", ...extra });
const NETWORKS: Record<string, NetworkFacts> = {
  front: { name: "front", driver: "bridge", options: {} },
  back: { name: "back", driver: "bridge", options: {} },
  lan: { name: "lan", driver: "macvlan", options: { parent: "eth0" } },
  hostbr: { name: "hostbr", driver: "bridge", options: { "com.docker.network.bridge.name": "br0" } },
  "5336c23556e8": { name: "host", driver: "host", options: {} },
};
const engine: EngineFacts = { volume: () => undefined, network: (ref) => NETWORKS[ref] };

describe("sensitiveCapabilities: compose fields", () => {
  it("lets an ordinary compose service through: every field at an allowed value", () => {
    const ordinary = spec({
      hostname: "web",
      domainname: "shop.internal",
      healthcheck: { test: ["CMD-SHELL", "true"], intervalNs: 1e9, retries: 3 },
      init: true,
      stopSignal: "SIGQUIT",
      openStdin: true,
      extraHosts: ["host.docker.internal:host-gateway", "db:10.0.0.5"],
      dns: ["10.0.0.53"],
      dnsSearch: ["shop.internal"],
      dnsOptions: ["ndots:2"],
      capDrop: ["ALL"],
      readOnlyRootfs: true,
      sysctls: { "net.ipv4.ip_local_port_range": "1024 65000", "kernel.shm_rmid_forced": "1", "net.ipv4.tcp_keepalive_time": "600" },
      shmSizeBytes: 256 << 20,
      tmpfs: { "/run": "size=64m,mode=1777,uid=1000,gid=1000,noexec,nosuid,nodev", "/tmp": "", "/x": "exec,suid,dev,ro,rw,size=10%" },
      logConfig: { driver: "json-file", options: { "max-size": "10m", "max-file": "3", compress: "true", tag: "{{.Name}}" } },
      ulimits: [{ name: "nofile", soft: 1024, hard: 1048576 }, { name: "memlock", soft: -1, hard: -1 }, { name: "nproc", soft: 4096, hard: 4096 }],
      exposedPorts: ["80/tcp", "53/udp"],
      networkMode: "front",
      ipv4Address: "172.28.0.10",
      extraNetworks: [{ name: "back", aliases: ["api"], ipv4Address: "172.29.0.10" }, { name: "bridge" }],
      limits: { memoryReservationBytes: 64 << 20 },
    });
    expect(sensitiveCapabilities(ordinary, engine)).toEqual([]);
    for (const driver of ["local", "none"]) expect(sensitiveCapabilities(spec({ logConfig: { driver } }), engine)).toEqual([]);
  });

  it.each([
    [{ sysctls: { "net.core.somaxconn": "1024" } }, "sysctl net.core.somaxconn=1024 (sysctls: only Kubernetes' safe sysctls are allowed)"],
    [{ sysctls: { "kernel.msgmax": "65536" } }, "sysctl kernel.msgmax=65536 (sysctls: only Kubernetes' safe sysctls are allowed)"],
    [{ sysctls: { "net.ipv4.conf.all.route_localnet": "1" } }, "sysctl net.ipv4.conf.all.route_localnet=1 (sysctls: only Kubernetes' safe sysctls are allowed)"],
    [{ logConfig: { driver: "syslog" } }, 'log driver "syslog" (logConfig: only json-file, local and none keep the output on the host; others send it off the host or to a host socket)'],
    [{ logConfig: { driver: "gelf", options: { "gelf-address": "udp://10.0.0.1:12201" } } }, 'log driver "gelf" (logConfig: only json-file, local and none keep the output on the host; others send it off the host or to a host socket)'],
    [{ logConfig: { driver: "json-file", options: { path: "/etc/x" } } }, "log option path=/etc/x (logConfig; allowed: max-size, max-file, compress, labels, labels-regex, env, env-regex, tag)"],
    [{ tmpfs: { "/run": "size=1m,huge=always" } }, "tmpfs option huge=always on /run (tmpfs; allowed: size, mode, uid, gid, noexec, nosuid, nodev, exec, suid, dev, ro, rw)"],
    [{ tmpfs: { "/run": "rshared" } }, "tmpfs option rshared on /run (tmpfs; allowed: size, mode, uid, gid, noexec, nosuid, nodev, exec, suid, dev, ro, rw)"],
    [{ ulimits: [{ name: "rtprio", soft: 0, hard: 99 }] }, "ulimit rtprio=0:99 (ulimits: real-time priority lets the container's processes starve the host's CPUs)"],
    [{ ulimits: [{ name: "nofile", soft: 1024, hard: -1 }] }, "ulimit nofile=1024:-1 (ulimits: more than 1048576 open files, the kernel's default nr_open, fails to start or lets one container hold the host's file table)"],
    [{ ulimits: [{ name: "nofile", soft: 2000000, hard: 2000000 }] }, "ulimit nofile=2000000:2000000 (ulimits: more than 1048576 open files, the kernel's default nr_open, fails to start or lets one container hold the host's file table)"],
    [{ extraNetworks: [{ name: "lan" }] }, 'joining network "lan": network driver "macvlan" (only bridge is vetted), network option parent=eth0 (names a host interface) (extraNetworks)'],
    [{ extraNetworks: [{ name: "hostbr" }] }, 'joining network "hostbr": network option com.docker.network.bridge.name=br0 (names a host interface) (extraNetworks)'],
    [{ extraNetworks: [{ name: "5336c23556e8" }] }, 'network "5336c23556e8" is the host\'s network (driver host) (extraNetworks)'],
  ])("flags %j, naming the field and the value", (extra, reason) => {
    expect(sensitiveCapabilities(spec(extra), engine)).toEqual([reason]);
  });

  it("asks the engine about every user-defined network: the primary and each extra one", () => {
    expect(engineLookups(spec({ networkMode: "front", extraNetworks: [{ name: "back" }, { name: "bridge" }, { name: "lan" }] })).networks).toEqual(["front", "back", "lan"]);
    expect(engineLookups(spec({ extraNetworks: [{ name: "lan" }] })).networks).toEqual(["lan"]);
    expect(engineLookups(spec({})).networks).toEqual([]);
  });
});
