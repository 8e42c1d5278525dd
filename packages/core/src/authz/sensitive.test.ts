import { describe, expect, it } from "vitest";
import { ContainerCreateSpec } from "@dockmaster/protocol";
import { sensitiveCapabilities } from "./sensitive";

const spec = (extra: Record<string, unknown>) => ContainerCreateSpec.parse({ image: "busybox", ...extra });

describe("sensitiveCapabilities", () => {
  it("finds nothing in an ordinary container", () => {
    expect(sensitiveCapabilities(spec({ binds: ["data:/data"], mounts: [{ type: "volume", source: "v", target: "/v" }, { type: "tmpfs", target: "/tmp" }], networkMode: "bridge", capAdd: [] }))).toEqual([]);
  });

  it.each([
    [{ privileged: true }, "privileged mode"],
    [{ binds: ["/etc:/host-etc:ro"] }, "host bind mount /etc (binds)"],
    [{ mounts: [{ type: "bind", source: "/", target: "/host" }] }, "host bind mount / (mounts)"],
    [{ networkMode: "host" }, "host network namespace"],
    [{ pidMode: "host" }, "host pid namespace"],
    [{ ipcMode: "host" }, "host ipc namespace"],
    [{ utsMode: "host" }, "host uts namespace"],
    [{ usernsMode: "host" }, "host user namespace"],
    [{ pidMode: "container:abc" }, "pid namespace of another container (container:abc)"],
    [{ capAdd: ["SYS_ADMIN"] }, "added capabilities SYS_ADMIN"],
    [{ devices: [{ pathOnHost: "/dev/sda", pathInContainer: "/dev/sda" }] }, "host devices /dev/sda"],
    [{ securityOpt: ["seccomp=unconfined"] }, "security options seccomp=unconfined"],
  ])("flags %j", (extra, reason) => {
    expect(sensitiveCapabilities(spec(extra))).toEqual([reason]);
  });

  it("refuses fields outside the spec instead of passing them on (no raw HostConfig)", () => {
    expect(() => spec({ HostConfig: { Privileged: true } })).toThrow();
    expect(() => spec({ hostConfig: { binds: ["/:/host"] } })).toThrow();
  });
});
