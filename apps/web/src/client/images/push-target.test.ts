import { describe, expect, it } from "vitest";
import { pathOf, pushedDigest, pushFailureHint, registryOf, retarget } from "./push-target";

describe("push targets", () => {
  it("finds the registry of a reference by Docker's rule", () => {
    expect(registryOf("10.0.0.1:5000/team/app:1")).toBe("10.0.0.1:5000");
    expect(registryOf("registry.example.com/app")).toBe("registry.example.com");
    expect(registryOf("localhost/app:1")).toBe("localhost");
    expect(registryOf("team/app:1")).toBe("docker.io");
    expect(registryOf("busybox:latest")).toBe("docker.io");
  });

  it("renames a tag into another registry, keeping path and tag", () => {
    expect(pathOf("10.0.0.1:5000/team/app:1")).toBe("team/app:1");
    expect(retarget("dockmaster-test/busybox:latest", "10.0.0.1:5000")).toBe("10.0.0.1:5000/dockmaster-test/busybox:latest");
    expect(retarget("old.example.com:443/team/app:2", "10.0.0.1:5000")).toBe("10.0.0.1:5000/team/app:2");
    expect(retarget("10.0.0.1:5000/team/app", "docker.io")).toBe("team/app:latest");
  });

  it("reads the pushed digest from the engine's last message", () => {
    const digest = `sha256:${"ab".repeat(32)}`;
    expect(pushedDigest(["The push refers to repository [10.0.0.1:5000/app]", `1: digest: ${digest} size: 739`])).toBe(digest);
    expect(pushedDigest(["Preparing"])).toBeNull();
  });

  it("says what to do about an auth refusal and an unreachable registry", () => {
    expect(pushFailureHint("no basic auth credentials", "10.0.0.1:5000")).toMatch(/store a login for 10\.0\.0\.1:5000 on the Registries page/);
    expect(pushFailureHint('Get "https://10.0.0.1:5999/v2/": dial tcp 10.0.0.1:5999: connect: connection refused', "10.0.0.1:5999")).toMatch(/could not reach 10\.0\.0\.1:5999/);
    expect(pushFailureHint("manifest invalid", "r")).toBeNull();
  });
});
