import { describe, expect, it } from "vitest";
import { translatorFor } from "../i18n/testing";
import { limitsOf as limitsIn, namespacesOf as namespacesIn } from "./container-isolation";
import type { ContainerInspect } from "@dockmaster/protocol";

// The English catalogue, as the page renders it for an English browser.
const t = translatorFor("isolation");
const namespacesOf = (inspect: ContainerInspect) => namespacesIn(t, inspect);
const limitsOf = (inspect: ContainerInspect) => limitsIn(t, inspect);

describe("namespacesOf", () => {
  it("a default container: private everywhere, explained", () => {
    const views = namespacesOf({ HostConfig: { PidMode: "", NetworkMode: "default", IpcMode: "private", UTSMode: "", UsernsMode: "", CgroupnsMode: "host" } });
    expect(views.map((v) => [v.kind, v.sharing])).toEqual([["pid", "private"], ["net", "private"], ["ipc", "private"], ["uts", "private"], ["user", "private"], ["cgroup", "host"]]);
    expect(views[0]?.explanation).toBe("private: its own process tree (its command is PID 1; host processes are invisible)");
    expect(views[1]?.explanation).toMatch(/attached to the default bridge$/);
  });

  it("host, another container's, none and a user network", () => {
    const [pid, net, ipc, uts] = namespacesOf({ HostConfig: { PidMode: "host", NetworkMode: "container:db", IpcMode: "none", UTSMode: "host" } });
    expect(pid).toMatchObject({ sharing: "host", explanation: "host: sees (and may signal) every process on the host" });
    expect(net).toMatchObject({ sharing: "shared", explanation: "shared: joins the Network namespace of container db" });
    expect(ipc?.explanation).toBe("private, with no /dev/shm mounted");
    expect(uts?.sharing).toBe("host");
    expect(namespacesOf({ HostConfig: { NetworkMode: "none" } })[1]?.sharing).toBe("none");
    expect(namespacesOf({ HostConfig: { NetworkMode: "backend" } })[1]?.explanation).toBe("private: its own stack, attached to network backend");
  });

  it("an engine without CgroupnsMode (older API) reads as its default", () => {
    expect(namespacesOf({})[5]).toMatchObject({ kind: "cgroup", mode: "", sharing: "private" });
  });
});

describe("limitsOf", () => {
  it("0 means unlimited", () => {
    const limits = limitsOf({ HostConfig: { Memory: 0, MemorySwap: 0, NanoCpus: 0, CpuShares: 0, PidsLimit: null } });
    expect(limits.map((l) => [l.key, l.value, l.limited])).toEqual([
      ["memory", "unlimited", false],
      ["memorySwap", "unlimited", false],
      ["cpus", "unlimited", false],
      ["cpuShares", "1024 (default weight, only counts when CPUs are contended)", false],
      ["pids", "unlimited", false],
    ]);
  });

  it("reads the limits and keeps the raw maximum for a usage gauge", () => {
    const limits = limitsOf({ HostConfig: { Memory: 64 * 1024 ** 2, MemorySwap: -1, NanoCpus: 1_500_000_000, CpuShares: 512, PidsLimit: 50 } });
    expect(limits).toEqual([
      { key: "memory", label: "Memory", value: "64 MiB", limited: true, max: 64 * 1024 ** 2 },
      { key: "memorySwap", label: "Memory + swap", value: "unlimited", limited: false },
      { key: "cpus", label: "CPUs", value: "1.5 CPUs", limited: true, max: 1.5 },
      { key: "cpuShares", label: "CPU shares", value: "512 (relative weight; default 1024)", limited: true },
      { key: "pids", label: "PIDs", value: "50", limited: true, max: 50 },
    ]);
  });

  it("CPU quota / period (older clients) counts as a CPU limit; swap 0 with memory is twice the memory", () => {
    const limits = limitsOf({ HostConfig: { Memory: 1e8, MemorySwap: 0, CpuQuota: 50_000, CpuPeriod: 100_000 } });
    expect(limits[1]).toMatchObject({ value: "twice the memory limit (190.73 MiB)", limited: true });
    expect(limits[2]).toMatchObject({ value: "0.5 CPUs", max: 0.5 });
  });
});

describe("in Chinese", () => {
  it("the same views, explained from the zh-CN catalogue", () => {
    const zh = translatorFor("isolation", "zh-CN");
    const [pid, net] = namespacesIn(zh, { HostConfig: { PidMode: "host", NetworkMode: "container:db" } });
    expect(pid?.explanation).toBe("主机：能看到（并可向其发送信号）主机上的每一个进程");
    expect(net?.explanation).toBe("共享：加入容器 db 的网络命名空间");
    expect(limitsIn(zh, { HostConfig: { NanoCpus: 2e9 } })[2]).toMatchObject({ label: "CPU", value: "2 个 CPU" });
  });
});
