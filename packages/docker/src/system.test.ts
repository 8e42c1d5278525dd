import { describe, expect, it } from "vitest";
import { toEngineIdentity, toEngineInfo } from "./system";

describe("toEngineInfo", () => {
  it("maps docker info and fills what an older engine leaves out", () => {
    const raw = {
      ID: "AAAA:BBBB",
      Name: "host1",
      ServerVersion: "20.10.24",
      Driver: "overlay2",
      DriverStatus: [["Backing Filesystem", "extfs"], ["Supports d_type", "true"], ["broken"]],
      RegistryConfig: { Mirrors: ["https://m.example"], InsecureRegistryCIDRs: ["127.0.0.0/8"] },
      NCPU: 2,
      MemTotal: 4_000_000_000,
      ContainersRunning: 1,
      SecurityOptions: ["name=seccomp,profile=default"],
    };
    const info = toEngineInfo(raw, { ApiVersion: "1.41" });
    expect(info).toMatchObject({
      id: "AAAA:BBBB",
      apiVersion: "1.41",
      storageDriver: "overlay2",
      driverStatus: [["Backing Filesystem", "extfs"], ["Supports d_type", "true"]],
      cgroupVersion: "", // absent before API 1.40
      registryMirrors: ["https://m.example"],
      insecureRegistries: ["127.0.0.0/8"],
      cpus: 2,
      containers: 0,
      containersRunning: 1,
      securityOptions: ["name=seccomp,profile=default"],
      raw,
    });
  });

  it("takes identity from /version, falling back to /info", () => {
    expect(toEngineIdentity({ ID: "X", Name: "n", ServerVersion: "20.10", OSType: "linux", Architecture: "x86_64" }, { ApiVersion: "1.41" })).toEqual({
      id: "X",
      name: "n",
      version: "20.10",
      apiVersion: "1.41",
      os: "linux",
      arch: "x86_64",
      kernelVersion: "",
    });
  });
});
