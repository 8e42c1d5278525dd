import { describe, expect, it } from "vitest";
import { ContainerCreateSpec, ContainerName, ContainerSignal } from "./container-spec";

const issues = (input: unknown) => ContainerCreateSpec.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("ContainerSignal", () => {
  it.each(["SIGTERM", "SIGKILL", "SIGHUP", "SIGINT", "SIGUSR1", "SIGUSR2", "SIGQUIT", 9, 64, "15"])("accepts %s", (signal) => {
    expect(ContainerSignal.safeParse(signal).success).toBe(true);
  });
  it.each(["SIGFOO", "sigkill", "KILL", 0, 65, 1.5, "0", "65", "9; rm -rf /", ""])("refuses %s with the list of choices", (signal) => {
    const result = ContainerSignal.safeParse(signal);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/must be one of SIGTERM.* or a number from 1 to 64/);
  });
});

describe("ContainerName", () => {
  it("accepts engine names and refuses the rest", () => {
    expect(ContainerName.safeParse("web_1.a-b").success).toBe(true);
    for (const bad of ["", "-web", "/web", "a b", "x".repeat(129)]) expect(ContainerName.safeParse(bad).success, bad).toBe(false);
  });
});

describe("ContainerCreateSpec cross-field rules", () => {
  it("network aliases need a user-defined network", () => {
    expect(issues({ image: "x", networkAliases: ["api"] })).toEqual(["networkAliases: network aliases need a user-defined network (set the network first)"]);
    expect(issues({ image: "x", networkMode: "bridge", networkAliases: ["api"] })).toHaveLength(1);
    expect(issues({ image: "x", networkMode: "container:db", networkAliases: ["api"] })).toHaveLength(1);
    expect(issues({ image: "x", networkMode: "backend", networkAliases: ["api", "api.internal"] })).toEqual([]);
    expect(issues({ image: "x", networkMode: "backend", networkAliases: ["-bad"] })[0]).toMatch(/^networkAliases\.0: an alias is a host name/);
  });

  it("a retry count only with on-failure", () => {
    expect(issues({ image: "x", restartPolicy: "always", restartMaxRetries: 3 })).toEqual(["restartMaxRetries: a maximum retry count only applies to the on-failure restart policy"]);
    expect(issues({ image: "x", restartPolicy: "on-failure", restartMaxRetries: 3 })).toEqual([]);
  });

  it("auto-remove and a stop timeout: auto-remove refuses a restarting policy, the timeout is bounded", () => {
    expect(issues({ image: "x", autoRemove: true, stopTimeout: 2 })).toEqual([]);
    expect(issues({ image: "x", autoRemove: true, restartPolicy: "no" })).toEqual([]);
    expect(issues({ image: "x", autoRemove: true, restartPolicy: "always" })).toEqual(['autoRemove: auto-remove cannot be combined with the restart policy "always": a container removed on exit cannot be restarted']);
    expect(issues({ image: "x", stopTimeout: -1 })).toEqual(["stopTimeout: stop timeout must be 0 or more seconds"]);
    expect(issues({ image: "x", stopTimeout: 3601 })).toEqual(["stopTimeout: stop timeout must be at most 3600 seconds (an hour)"]);
    expect(issues({ image: "x", stopTimeout: 1.5 })[0]).toMatch(/^stopTimeout: /);
  });

  it("memory + swap needs memory and is at least memory; -1 (unlimited swap) is fine", () => {
    expect(issues({ image: "x", limits: { memorySwapBytes: 1 << 30 } })).toEqual(["limits.memorySwapBytes: memory + swap needs a memory limit too"]);
    expect(issues({ image: "x", limits: { memoryBytes: 1 << 30, memorySwapBytes: 1 << 29 } })).toEqual(["limits.memorySwapBytes: memory + swap must be at least the memory limit"]);
    expect(issues({ image: "x", limits: { memoryBytes: 1 << 30, memorySwapBytes: -1 } })).toEqual([]);
  });

  it("stays strict: unknown fields are refused", () => {
    expect(issues({ image: "x", HostConfig: {} })[0]).toMatch(/Unrecognized key/);
    expect(issues({ image: "x", limits: { cpuQuota: 1 } })[0]).toMatch(/^limits: Unrecognized key/);
  });
});
