// Against a real throwaway engine of scripts/testbed.sh:
//   bash scripts/with-testbed.sh npx vitest run --project integration packages/docker/src/create-compose-fields.int.test.ts
// The compose fields of the create spec (issue 14), created and read back. Every container and
// network here carries dockmaster.test=1 and a unique name, and is removed afterwards.
import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContainerCreateSpec, NetworkCreateSpec } from "@dockmaster/protocol";
import { createEngine, engineConfigFromEnv } from "./index";

const [dockerHost] = process.env.DOCKMASTER_TEST_ENGINES?.split(",").filter(Boolean) ?? [];
const image = process.env.DOCKMASTER_TEST_IMAGE;
if (!dockerHost || !image) throw new Error("DOCKMASTER_TEST_ENGINES and DOCKMASTER_TEST_IMAGE must be set: run through scripts/with-testbed.sh");

const engine = createEngine(engineConfigFromEnv({ dockerHost }));
const run = randomBytes(3).toString("hex");
const third = randomInt(0, 250); // subnets outside the testbed's pools (10.10x/16, 192.168.x/24)
const front = { name: `dm-cf-${run}-front`, subnet: `172.30.${third}.0/24`, fixed: `172.30.${third}.10` };
const back = { name: `dm-cf-${run}-back`, subnet: `172.31.${third}.0/24`, fixed: `172.31.${third}.20` };
const pooled = { name: `dm-cf-${run}-pooled` }; // its subnet comes from the engine's pool: no fixed addresses there
const labels = { "dockmaster.test": "1" };
const containers: string[] = [];
const networks: string[] = [];

beforeAll(async () => {
  for (const n of [front, back]) networks.push((await engine.createNetwork(NetworkCreateSpec.parse({ name: n.name, subnet: n.subnet, labels }))).id);
  networks.push((await engine.createNetwork(NetworkCreateSpec.parse({ name: pooled.name, labels }))).id);
});
afterAll(async () => {
  for (const id of containers) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  for (const id of networks) await engine.removeNetwork(id).catch(() => undefined);
});

type Inspect = {
  State: { Health?: { Status: string; Log?: Array<{ Output: string }> } };
  Config: Record<string, unknown> & { ExposedPorts?: Record<string, object> };
  HostConfig: Record<string, unknown>;
  NetworkSettings: { Networks: Record<string, { IPAddress: string; Aliases: string[] | null; IPAMConfig: { IPv4Address?: string } | null }> };
};
const inspect = async (id: string) => (await engine.inspectContainer(id)) as unknown as Inspect;

/** The container's own checks from the inside: each fact true, or no /scratch/ok (and so never healthy). */
const INSIDE = [
  '[ "$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)" = 80 ]', // the sysctl, in the container's own network namespace
  '[ "$(ulimit -n)" = 1234 ]', // the nofile soft limit
  'grep -q " /scratch tmpfs .*nosuid" /proc/mounts', // the tmpfs with its options
  '[ "$(hostname)" = web ]',
  'grep -q "10.0.0.5[[:space:]]*db" /etc/hosts', // the extra host
  "! touch /probe 2>/dev/null", // the read-only root file system
  "[ $$ != 1 ]", // init: docker-init is PID 1, the shell is its child
].join(" && ");

describe("the compose fields of the create spec, on a real engine", () => {
  it("creates a container with them, connects its extra network before start, and the engine reports them back; the healthcheck turns healthy", async () => {
    const spec = ContainerCreateSpec.parse({
      image,
      name: `dm-cf-${run}-web`,
      labels,
      cmd: ["sh", "-c", `${INSIDE} && touch /scratch/ok; exec sleep 3600`],
      hostname: "web",
      domainname: "shop.internal",
      healthcheck: { test: ["CMD", "test", "-f", "/scratch/ok"], intervalNs: 200_000_000, timeoutNs: 2_000_000_000, retries: 2, startPeriodNs: 5_000_000_000 },
      init: true,
      stopSignal: "SIGQUIT",
      openStdin: true,
      extraHosts: ["db:10.0.0.5"],
      dnsOptions: ["ndots:1"],
      capDrop: ["NET_RAW"],
      readOnlyRootfs: true,
      sysctls: { "net.ipv4.ip_unprivileged_port_start": "80" },
      shmSizeBytes: 32 * 1024 * 1024,
      tmpfs: { "/scratch": "size=1m,mode=1777,nosuid" },
      logConfig: { driver: "json-file", options: { "max-size": "1m", "max-file": "2" } },
      ulimits: [{ name: "nofile", soft: 1234, hard: 2048 }],
      exposedPorts: ["9000/tcp"],
      networkMode: front.name,
      networkAliases: ["web-front"],
      ipv4Address: front.fixed,
      extraNetworks: [{ name: back.name, aliases: ["api"], ipv4Address: back.fixed }],
      limits: { memoryBytes: 128 * 1024 * 1024, memoryReservationBytes: 64 * 1024 * 1024 },
      stopTimeout: 1,
    });
    const { id } = await engine.runContainer(spec);
    containers.push(id);

    let state = await inspect(id);
    for (let i = 0; i < 50 && state.State.Health?.Status !== "healthy"; i++) {
      await new Promise((r) => setTimeout(r, 200));
      state = await inspect(id);
    }
    expect(state.State.Health?.Status, JSON.stringify(state.State.Health?.Log?.slice(-1))).toBe("healthy");

    expect(state.Config).toMatchObject({ Hostname: "web", Domainname: "shop.internal", StopSignal: "SIGQUIT", OpenStdin: true });
    expect(state.Config.Healthcheck).toMatchObject({ Test: ["CMD", "test", "-f", "/scratch/ok"], Interval: 200_000_000, Timeout: 2_000_000_000, Retries: 2, StartPeriod: 5_000_000_000 });
    expect(Object.keys(state.Config.ExposedPorts ?? {})).toEqual(["9000/tcp"]);
    expect(state.HostConfig).toMatchObject({
      Init: true,
      ExtraHosts: ["db:10.0.0.5"],
      DnsOptions: ["ndots:1"],
      CapDrop: ["NET_RAW"],
      ReadonlyRootfs: true,
      Sysctls: { "net.ipv4.ip_unprivileged_port_start": "80" },
      ShmSize: 32 * 1024 * 1024,
      Tmpfs: { "/scratch": "size=1m,mode=1777,nosuid" },
      LogConfig: { Type: "json-file", Config: { "max-size": "1m", "max-file": "2" } },
      Ulimits: [{ Name: "nofile", Soft: 1234, Hard: 2048 }],
      MemoryReservation: 64 * 1024 * 1024,
    });

    const attached = state.NetworkSettings.Networks;
    expect(Object.keys(attached).sort()).toEqual([front.name, back.name].sort());
    expect(attached[front.name]).toMatchObject({ IPAddress: front.fixed, IPAMConfig: { IPv4Address: front.fixed } });
    expect(attached[front.name]?.Aliases).toContain("web-front");
    expect(attached[back.name]).toMatchObject({ IPAddress: back.fixed, IPAMConfig: { IPv4Address: back.fixed } });
    expect(attached[back.name]?.Aliases).toContain("api");
  });

  it("removes the created container again when an extra network cannot be joined (create and run), and says why", async () => {
    const missing = `dm-cf-${run}-missing`;
    const cases = [
      // a network the engine does not have (it would only record the name for a created container, and fail the start)
      { extra: { name: missing }, refusal: `^created the container but could not connect it to network ${missing}: .*not found.*; the container was not kept$` },
      // a fixed address on a network without a configured subnet: refused by the engine at connect
      { extra: { name: pooled.name, ipv4Address: "10.250.0.9" }, refusal: `^created the container but could not connect it to network ${pooled.name}: .*user configured subnets.*; the container was not kept$` },
    ];
    for (const operation of ["createContainer", "runContainer"] as const) {
      for (const [i, { extra, refusal }] of cases.entries()) {
        const name = `dm-cf-${run}-orphan-${operation}-${i}`;
        const spec = ContainerCreateSpec.parse({ image, name, labels, cmd: ["sleep", "60"], networkMode: front.name, extraNetworks: [{ name: back.name }, extra] });
        await expect(engine[operation](spec)).rejects.toThrow(new RegExp(refusal));
        expect((await engine.listContainers({ all: true })).filter((c) => c.name === name)).toEqual([]);
      }
    }
  });
});
