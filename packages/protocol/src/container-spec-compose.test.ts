import { describe, expect, it } from "vitest";
import { ContainerCreateSpec } from "./container-spec";

/** The fields compose services need (issue 14): shapes, bounds and the engine's own cross-field rules, said before the round trip. */
const issues = (extra: Record<string, unknown>) => ContainerCreateSpec.safeParse({ image: "x", ...extra }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
const ok = (extra: Record<string, unknown>) => expect(issues(extra)).toEqual([]);

describe("ContainerCreateSpec: compose fields", () => {
  it("accepts every new field in its ordinary form", () => {
    ok({
      hostname: "web-1",
      domainname: "shop.internal",
      healthcheck: { test: ["CMD", "wget", "-q", "-O-", "http://localhost/"], intervalNs: 5e9, timeoutNs: 2e9, retries: 3, startPeriodNs: 1e9, startIntervalNs: 1e9 },
      init: true,
      stopSignal: "SIGQUIT",
      openStdin: true,
      extraHosts: ["db:10.0.0.5", "v6:fe80::1", "host.docker.internal:host-gateway"],
      dns: ["10.0.0.53", "2001:db8::53"],
      dnsSearch: ["shop.internal"],
      dnsOptions: ["ndots:2", "rotate", "use-vc"],
      capDrop: ["ALL", "NET_RAW", "CAP_CHOWN"],
      readOnlyRootfs: true,
      sysctls: { "net.ipv4.ip_local_port_range": "1024 65000" },
      shmSizeBytes: 64 * 1024 * 1024,
      tmpfs: { "/run": "size=64m,mode=1777", "/tmp": "" },
      logConfig: { driver: "json-file", options: { "max-size": "10m", "max-file": "3" } },
      ulimits: [{ name: "nofile", soft: 1024, hard: 65536 }, { name: "memlock", soft: -1, hard: -1 }],
      exposedPorts: ["80/tcp", "53/udp"],
      networkMode: "shop_front",
      ipv4Address: "172.28.0.10",
      extraNetworks: [{ name: "shop_back", aliases: ["api"], ipv4Address: "172.29.0.10" }, { name: "bridge" }], // the default bridge too: the primary is shop_front
      limits: { memoryBytes: 256 * 1024 * 1024, memoryReservationBytes: 128 * 1024 * 1024 },
    });
    ok({ healthcheck: { test: ["CMD-SHELL", "wget -q -O- http://localhost/ || exit 1"] } });
    ok({ healthcheck: { test: ["NONE"] } });
    ok({ healthcheck: { test: [], intervalNs: 10e9 } }); // empty test: the image's own test, with other timings
    ok({ stopSignal: 3 });
    ok({ stopSignal: "SIGRTMIN+3" });
    ok({ stopSignal: "winch" });
  });

  it("healthcheck: the engine's test forms, NONE alone, durations of at least 1 ms", () => {
    expect(issues({ healthcheck: { test: ["NONE"], intervalNs: 5e9 } })).toEqual(["healthcheck: a healthcheck with test NONE (disabled) takes no interval, timeout, retries or start period"]);
    expect(issues({ healthcheck: { test: ["CMD"] } })).toEqual(['healthcheck.test: test ["CMD", …] needs the command and its arguments']);
    expect(issues({ healthcheck: { test: ["CMD-SHELL"] } })).toEqual(['healthcheck.test: test ["CMD-SHELL", command] takes exactly one shell command']);
    expect(issues({ healthcheck: { test: ["CMD-SHELL", "a", "b"] } })).toEqual(['healthcheck.test: test ["CMD-SHELL", command] takes exactly one shell command']);
    expect(issues({ healthcheck: { test: ["NONE", "x"] } })).toEqual(['healthcheck.test: test ["NONE"] takes nothing after NONE']);
    expect(issues({ healthcheck: { test: ["curl", "localhost"] } })).toEqual(['healthcheck.test: test starts with "CMD", "CMD-SHELL" or "NONE" (or is empty: the image\'s own test)']);
    expect(issues({ healthcheck: { test: ["CMD", "true"], intervalNs: 1000 } })).toEqual(["healthcheck.intervalNs: the interval must be at least 1 ms (1000000 ns), or 0 for the default"]);
    expect(issues({ healthcheck: { test: ["CMD", "true"], retries: -1 } })[0]).toMatch(/^healthcheck.retries: /);
    expect(issues({ healthcheck: { test: ["CMD", "true"], command: "x" } })[0]).toMatch(/^healthcheck: Unrecognized key/);
  });

  it("names: hostname and domain name are DNS names", () => {
    expect(issues({ hostname: "-web" })[0]).toMatch(/^hostname: a host name is letters, digits and - \(dot-separated labels\), at most 63 characters/);
    expect(issues({ hostname: "x".repeat(64) })[0]).toMatch(/^hostname: /);
    expect(issues({ domainname: "a..b" })[0]).toMatch(/^domainname: a domain name/);
  });

  it("extra hosts, DNS servers, search domains and options", () => {
    expect(issues({ extraHosts: ["db=10.0.0.5"] })).toEqual(['extraHosts.0: extra hosts look like "name:IP" (IPv4, IPv6 or host-gateway)']);
    expect(issues({ extraHosts: ["db:[::1]"] })).toEqual(['extraHosts.0: extra hosts look like "name:IP" (IPv4, IPv6 or host-gateway)']);
    expect(issues({ extraHosts: ["db:10.0.0.256"] })).toHaveLength(1);
    expect(issues({ dns: ["dns.google"] })).toEqual(["dns.0: a DNS server is an IPv4 or IPv6 address"]);
    expect(issues({ dnsSearch: ["bad domain"] })[0]).toMatch(/^dnsSearch.0: a domain name/);
    expect(issues({ dnsOptions: ["ndots:2; rm"] })[0]).toMatch(/^dnsOptions.0: a resolver option looks like/);
  });

  it("signals, capabilities, ports", () => {
    expect(issues({ stopSignal: "SIGFOO" })[0]).toMatch(/^stopSignal: a stop signal is a signal name \(SIGTERM, SIGQUIT, RTMIN\+3…\) or a number from 1 to 64/);
    expect(issues({ stopSignal: 65 })).toHaveLength(1);
    expect(issues({ capDrop: ["NET RAW"] })[0]).toMatch(/^capDrop.0: a capability name/);
    expect(issues({ exposedPorts: ["80"] })).toEqual(['exposedPorts.0: exposed ports look like "80/tcp" (a port from 1 to 65535 and tcp, udp or sctp)']);
    expect(issues({ exposedPorts: ["70000/tcp"] })).toHaveLength(1);
  });

  it("sysctls, tmpfs, shm, log config", () => {
    expect(issues({ sysctls: { "net.ipv4.x y": "1" } })[0]).toMatch(/^sysctls.net.ipv4.x y: a sysctl name/);
    expect(issues({ tmpfs: { run: "" } })[0]).toMatch(/^tmpfs.run: a tmpfs target must be an absolute path/);
    expect(issues({ tmpfs: { "/run": "size=1m;x" } })[0]).toMatch(/^tmpfs\./);
    expect(issues({ shmSizeBytes: -1 })[0]).toMatch(/^shmSizeBytes: /);
    expect(issues({ logConfig: { driver: "" } })[0]).toMatch(/^logConfig.driver: /);
    expect(issues({ logConfig: { driver: "json-file", config: {} } })[0]).toMatch(/^logConfig: Unrecognized key/);
  });

  it("ulimits: known names, soft at most hard, each name once", () => {
    expect(issues({ ulimits: [{ name: "nofile", soft: 2048, hard: 1024 }] })).toEqual(["ulimits.0: the soft limit of nofile (2048) is above its hard limit (1024)"]);
    expect(issues({ ulimits: [{ name: "nofile", soft: -1, hard: 1024 }] })).toEqual(["ulimits.0: the soft limit of nofile (-1) is above its hard limit (1024)"]);
    expect(issues({ ulimits: [{ name: "files", soft: 1, hard: 1 }] })[0]).toMatch(/^ulimits.0.name: /);
    expect(issues({ ulimits: [{ name: "nofile", soft: 1, hard: 1 }, { name: "nofile", soft: 2, hard: 2 }] })).toEqual(["ulimits.1: ulimit nofile is given twice"]);
  });

  it("addresses and extra networks: need user-defined networks, each once, never the primary again", () => {
    expect(issues({ ipv4Address: "172.28.0.10" })).toEqual(["ipv4Address: a fixed IPv4 address needs a user-defined network (set the network first)"]);
    expect(issues({ networkMode: "bridge", ipv4Address: "172.28.0.10" })).toHaveLength(1);
    expect(issues({ networkMode: "front", ipv4Address: "172.28.0.300" })[0]).toMatch(/^ipv4Address: /);
    expect(issues({ networkMode: "host", extraNetworks: [{ name: "back" }] })).toEqual(['extraNetworks: a container on network mode "host" cannot join other networks']);
    expect(issues({ networkMode: "container:db", extraNetworks: [{ name: "back" }] })).toHaveLength(1);
    expect(issues({ networkMode: "none", extraNetworks: [{ name: "back" }] })).toHaveLength(1);
    expect(issues({ networkMode: "front", extraNetworks: [{ name: "front" }] })).toEqual(['extraNetworks.0.name: network "front" is already the container\'s network (networkMode)']);
    expect(issues({ extraNetworks: [{ name: "bridge" }] })).toEqual(['extraNetworks.0.name: network "bridge" is already the container\'s network (networkMode: the default)']);
    expect(issues({ extraNetworks: [{ name: "back" }, { name: "back" }] })).toEqual(['extraNetworks.1.name: network "back" is listed twice']);
    expect(issues({ extraNetworks: [{ name: "host" }] })).toEqual(['extraNetworks.0.name: "host" cannot be an extra network (only one network mode: set it as networkMode)']);
    expect(issues({ networkMode: "front", extraNetworks: [{ name: "bridge", aliases: ["api"] }] })).toEqual(["extraNetworks.0: aliases and a fixed address need a user-defined network, not bridge"]);
    expect(issues({ extraNetworks: [{ name: "back", aliases: ["-x"] }] })[0]).toMatch(/^extraNetworks.0.aliases.0: an alias is a host name/);
    ok({ extraNetworks: [{ name: "back", aliases: ["api"], ipv4Address: "10.1.0.4" }] }); // the primary network may stay the default bridge
  });

  it("a container sharing another's network namespace takes no names, DNS, hosts or exposed ports of its own (the engine's conflicting options)", () => {
    expect(issues({ networkMode: "container:db", hostname: "web", dns: ["10.0.0.53"], extraHosts: ["a:10.0.0.1"], exposedPorts: ["80/tcp"] })).toEqual([
      'hostname: a container on network mode "container:db" shares that container\'s host name, DNS and hosts: hostname cannot be set',
      'dns: a container on network mode "container:db" shares that container\'s host name, DNS and hosts: dns cannot be set',
      'extraHosts: a container on network mode "container:db" shares that container\'s host name, DNS and hosts: extraHosts cannot be set',
      'exposedPorts: a container on network mode "container:db" shares that container\'s host name, DNS and hosts: exposedPorts cannot be set',
    ]);
    ok({ networkMode: "container:db", init: true });
  });

  it("a tmpfs on a path another mount already takes is refused (the engine's duplicate mount point)", () => {
    expect(issues({ tmpfs: { "/data": "" }, mounts: [{ type: "volume", source: "v", target: "/data" }] })).toEqual(["tmpfs./data: /data is already a mount target (mounts or binds)"]);
    expect(issues({ tmpfs: { "/data": "" }, binds: ["v:/data:ro"] })).toEqual(["tmpfs./data: /data is already a mount target (mounts or binds)"]);
    ok({ tmpfs: { "/run": "" }, binds: ["v:/data"] });
  });

  it("memory reservation: at least 6 MB, at most the memory limit", () => {
    expect(issues({ limits: { memoryReservationBytes: 1024 } })).toEqual(["limits.memoryReservationBytes: memory reservation must be at least 6 MB"]);
    expect(issues({ limits: { memoryBytes: 64 << 20, memoryReservationBytes: 128 << 20 } })).toEqual(["limits.memoryReservationBytes: memory reservation must be at most the memory limit"]);
    ok({ limits: { memoryReservationBytes: 128 << 20 } });
  });
});
