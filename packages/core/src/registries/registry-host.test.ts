import { describe, expect, it } from "vitest";
import { engineServerAddress, normalizeRegistryHost, registryHostOfImage } from "./registry-host";

describe("registry hosts", () => {
  it("finds the registry of an image reference by Docker's rule", () => {
    expect(registryHostOfImage("busybox")).toBe("docker.io");
    expect(registryHostOfImage("library/busybox:1.36")).toBe("docker.io");
    expect(registryHostOfImage("team/app")).toBe("docker.io");
    expect(registryHostOfImage("ghcr.io/team/app:1")).toBe("ghcr.io");
    expect(registryHostOfImage("10.220.0.1:5000/team/app:1")).toBe("10.220.0.1:5000");
    expect(registryHostOfImage("localhost/app")).toBe("localhost");
    expect(registryHostOfImage("Registry.Example.com/app@sha256:abc")).toBe("registry.example.com");
    expect(registryHostOfImage("index.docker.io/library/busybox")).toBe("docker.io");
  });

  it("normalises what users type as a registry address", () => {
    expect(normalizeRegistryHost("https://index.docker.io/v1/")).toBe("docker.io");
    expect(normalizeRegistryHost("http://10.220.0.1:5000/v2/")).toBe("10.220.0.1:5000");
    expect(normalizeRegistryHost(" Registry.Example.com:443 ")).toBe("registry.example.com:443");
  });

  it("hands the engine Docker Hub's auth address, and other hosts as they are", () => {
    expect(engineServerAddress("docker.io")).toBe("https://index.docker.io/v1/");
    expect(engineServerAddress("10.220.0.1:5000")).toBe("10.220.0.1:5000");
  });
});
