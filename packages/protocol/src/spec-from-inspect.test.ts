import { describe, expect, it } from "vitest";
import { ContainerCreateSpec } from "./container-spec";
import { specFromInspect } from "./spec-from-inspect";

// Trimmed from a real Docker 20.10 inspect of:
//   docker create --name dmctr-fixture --label dockmaster.test=1 -e A=1 -e URL=x=y -p 127.0.0.1:8080:80 -p 53/udp
//     --network dmctr-fixture-net --network-alias api --memory 64m --cpus 1.5 --cpu-shares 512 --pids-limit 50
//     --restart on-failure:3 -w /srv -u 1000 -t -v data:/data -v /tmp:/host-tmp:ro --mount type=tmpfs,target=/scratch
//     --entrypoint /bin/sh dockmaster-test/busybox:latest -c 'echo hi'
const FULL = {
  Id: "92c38ea2a1e51f38c0efd99d7baa0af9be034bf731ccb5f508f8a09b0e323a86",
  Name: "/dmctr-fixture",
  Image: "sha256:dfa3353900f194154b92f8b50159aa0f555a480f34fec63ff4dd898c26a26f30",
  Config: { Image: "dockmaster-test/busybox:latest", Cmd: ["-c", "echo hi"], Entrypoint: ["/bin/sh"], Env: ["A=1", "URL=x=y", "PATH=/bin"], Labels: { "dockmaster.test": "1" }, WorkingDir: "/srv", User: "1000", Tty: true, Hostname: "92c38ea2a1e5" },
  HostConfig: {
    Binds: ["data:/data", "/tmp:/host-tmp:ro"],
    NetworkMode: "dmctr-fixture-net",
    PortBindings: { "53/udp": [{ HostIp: "", HostPort: "" }], "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }] },
    RestartPolicy: { Name: "on-failure", MaximumRetryCount: 3 },
    IpcMode: "private",
    PidMode: "",
    UTSMode: "",
    UsernsMode: "",
    CgroupnsMode: "host",
    Privileged: false,
    CapAdd: null,
    SecurityOpt: null,
    Devices: [],
    Memory: 67108864,
    MemorySwap: 134217728,
    NanoCpus: 1500000000,
    CpuShares: 512,
    PidsLimit: 50,
    Mounts: [{ Type: "tmpfs", Target: "/scratch" }],
    CpuQuota: 0,
    CpuPeriod: 0,
  },
  NetworkSettings: { Networks: { "dmctr-fixture-net": { Aliases: ["api", "92c38ea2a1e5"] } } },
};

describe("specFromInspect", () => {
  it("reads back everything the container was created with", () => {
    expect(specFromInspect(FULL)).toEqual({
      image: "dockmaster-test/busybox:latest",
      name: "dmctr-fixture",
      cmd: ["-c", "echo hi"],
      entrypoint: ["/bin/sh"],
      env: ["A=1", "URL=x=y", "PATH=/bin"],
      labels: { "dockmaster.test": "1" },
      workingDir: "/srv",
      user: "1000",
      tty: true,
      portBindings: [
        { containerPort: 53, protocol: "udp", hostIp: "", hostPort: "" },
        { containerPort: 80, protocol: "tcp", hostIp: "127.0.0.1", hostPort: "8080" },
      ],
      binds: ["data:/data", "/tmp:/host-tmp:ro"],
      mounts: [{ type: "tmpfs", target: "/scratch" }],
      networkMode: "dmctr-fixture-net",
      networkAliases: ["api"], // the engine's own short-id alias is left out
      restartPolicy: "on-failure",
      restartMaxRetries: 3,
      limits: { memoryBytes: 64 * 1024 * 1024, memorySwapBytes: 128 * 1024 * 1024, nanoCpus: 1_500_000_000, cpuShares: 512, pidsLimit: 50 },
    });
  });

  it("carries auto-remove and a stop timeout the container chose", () => {
    const rm = { ...FULL, Config: { ...FULL.Config, StopTimeout: 3 }, HostConfig: { ...FULL.HostConfig, AutoRemove: true, RestartPolicy: { Name: "no", MaximumRetryCount: 0 } } };
    expect(specFromInspect(rm)).toMatchObject({ autoRemove: true, stopTimeout: 3 });
    expect(specFromInspect(FULL)).not.toHaveProperty("autoRemove");
    expect(specFromInspect(FULL)).not.toHaveProperty("stopTimeout");
  });

  it("yields a spec the strict create schema accepts", () => {
    expect(ContainerCreateSpec.safeParse(specFromInspect(FULL)).error?.issues).toBeUndefined();
  });

  it("leaves engine defaults out: a plain container copies as image, name and its process", () => {
    const plain = {
      Id: "abc",
      Name: "/plain",
      Config: { Image: "busybox", Cmd: ["sleep", "1"], Entrypoint: null, Env: null, Labels: {}, WorkingDir: "", User: "", Tty: false },
      HostConfig: { NetworkMode: "default", IpcMode: "shareable", PidMode: "", RestartPolicy: { Name: "no", MaximumRetryCount: 0 }, Memory: 0, MemorySwap: 0, NanoCpus: 0, CpuShares: 0, PidsLimit: null, PortBindings: {}, Binds: null, Mounts: null },
      NetworkSettings: { Networks: { bridge: { Aliases: null } } },
    };
    expect(specFromInspect(plain)).toEqual({ image: "busybox", name: "plain", cmd: ["sleep", "1"] });
  });

  it("keeps what widens the sandbox, so the copy meets the same permission check", () => {
    const wide = {
      Name: "/wide",
      Config: { Image: "busybox" },
      HostConfig: { Privileged: true, PidMode: "host", NetworkMode: "host", IpcMode: "host", CapAdd: ["NET_ADMIN"], Devices: [{ PathOnHost: "/dev/fuse", PathInContainer: "/dev/fuse", CgroupPermissions: "rwm" }], SecurityOpt: ["seccomp=unconfined"], MemorySwap: -1, Memory: 1 << 28 },
    };
    expect(specFromInspect(wide)).toMatchObject({
      privileged: true,
      pidMode: "host",
      networkMode: "host",
      ipcMode: "host",
      capAdd: ["NET_ADMIN"],
      devices: [{ pathOnHost: "/dev/fuse", pathInContainer: "/dev/fuse", cgroupPermissions: "rwm" }],
      securityOpt: ["seccomp=unconfined"],
      limits: { memoryBytes: 1 << 28, memorySwapBytes: -1 },
    });
  });
});
