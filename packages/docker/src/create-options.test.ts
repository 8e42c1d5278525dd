import { describe, expect, it } from "vitest";
import { ContainerCreateSpec } from "@dockmaster/protocol";
import { toCreateOptions } from "./create-options";

/** Unit: the protocol's create spec → the Engine API's create body, field by field. */
const spec = (extra: Record<string, unknown>) => ContainerCreateSpec.parse({ image: "busybox", ...extra });

describe("toCreateOptions: the compose fields", () => {
  it("maps every new field to the Engine API's Config / HostConfig / NetworkingConfig", () => {
    const options = toCreateOptions(
      spec({
        hostname: "web",
        domainname: "shop.internal",
        healthcheck: { test: ["CMD-SHELL", "true"], intervalNs: 1e9, timeoutNs: 2e9, retries: 3, startPeriodNs: 3e9, startIntervalNs: 4e9 },
        init: true,
        stopSignal: 3,
        openStdin: true,
        extraHosts: ["db:10.0.0.5"],
        dns: ["10.0.0.53"],
        dnsSearch: ["shop.internal"],
        dnsOptions: ["ndots:2"],
        capDrop: ["NET_RAW"],
        readOnlyRootfs: true,
        sysctls: { "net.ipv4.tcp_syncookies": "1" },
        shmSizeBytes: 1 << 27,
        tmpfs: { "/run": "size=1m" },
        logConfig: { driver: "json-file", options: { "max-size": "1m" } },
        ulimits: [{ name: "nofile", soft: 1024, hard: 2048 }],
        exposedPorts: ["53/udp", "80/tcp"],
        portBindings: [{ containerPort: 80, hostPort: "8080" }],
        networkMode: "front",
        networkAliases: ["web"],
        ipv4Address: "172.28.0.10",
        extraNetworks: [{ name: "back", aliases: ["api"] }],
        limits: { memoryBytes: 1 << 28, memoryReservationBytes: 1 << 27 },
      }),
    );
    expect(options).toMatchObject({
      Hostname: "web",
      Domainname: "shop.internal",
      Healthcheck: { Test: ["CMD-SHELL", "true"], Interval: 1e9, Timeout: 2e9, Retries: 3, StartPeriod: 3e9, StartInterval: 4e9 },
      StopSignal: "3",
      OpenStdin: true,
      ExposedPorts: { "53/udp": {}, "80/tcp": {} },
      HostConfig: {
        Init: true,
        ExtraHosts: ["db:10.0.0.5"],
        Dns: ["10.0.0.53"],
        DnsSearch: ["shop.internal"],
        DnsOptions: ["ndots:2"],
        CapDrop: ["NET_RAW"],
        ReadonlyRootfs: true,
        Sysctls: { "net.ipv4.tcp_syncookies": "1" },
        ShmSize: 1 << 27,
        Tmpfs: { "/run": "size=1m" },
        LogConfig: { Type: "json-file", Config: { "max-size": "1m" } },
        Ulimits: [{ Name: "nofile", Soft: 1024, Hard: 2048 }],
        PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "8080" }] },
        NetworkMode: "front",
        Memory: 1 << 28,
        MemoryReservation: 1 << 27,
      },
      // the one network the engine takes at create: the primary, with its aliases and fixed address
      NetworkingConfig: { EndpointsConfig: { front: { Aliases: ["web"], IPAMConfig: { IPv4Address: "172.28.0.10" } } } },
    });
    expect(Object.keys(options.NetworkingConfig?.EndpointsConfig ?? {})).toEqual(["front"]); // extra networks are connected after create
  });

  it("sends a fixed address without aliases, and nothing for a plain network", () => {
    expect(toCreateOptions(spec({ networkMode: "front", ipv4Address: "172.28.0.10" })).NetworkingConfig).toEqual({ EndpointsConfig: { front: { IPAMConfig: { IPv4Address: "172.28.0.10" } } } });
    expect(toCreateOptions(spec({ networkMode: "front" })).NetworkingConfig).toBeUndefined();
  });

  it("leaves unset fields unset (the image's and the engine's defaults stay)", () => {
    const options = toCreateOptions(spec({}));
    for (const key of ["Hostname", "Domainname", "Healthcheck", "StopSignal", "OpenStdin"] as const) expect(options[key], key).toBeUndefined();
    for (const key of ["Init", "ExtraHosts", "Dns", "CapDrop", "ReadonlyRootfs", "Sysctls", "ShmSize", "Tmpfs", "LogConfig", "Ulimits", "MemoryReservation"] as const) expect(options.HostConfig?.[key], key).toBeUndefined();
    expect(options.ExposedPorts).toEqual({});
  });

  it("disables the image's healthcheck with NONE, and inherits its test with an empty one", () => {
    expect(toCreateOptions(spec({ healthcheck: { test: ["NONE"] } })).Healthcheck).toEqual({ Test: ["NONE"] });
    expect(toCreateOptions(spec({ healthcheck: { test: [], retries: 5 } })).Healthcheck).toEqual({ Test: [], Retries: 5 });
  });
});
