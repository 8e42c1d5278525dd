import { describe, expect, it } from "vitest";
import { emptyForm, formFromSpec, newPortRow, specFromForm, type ContainerFormValues } from "./form-model";
import { specFromInspect } from "./spec-from-inspect";

const form = (extra: Partial<ContainerFormValues>): ContainerFormValues => ({ ...emptyForm(), image: "busybox", ...extra });
const errorsOf = (values: ContainerFormValues) => {
  const result = specFromForm(values);
  return result.ok ? {} : result.errors;
};

describe("specFromForm", () => {
  it("turns text, rows and units into the create spec; empty fields and spare rows are left out", () => {
    const result = specFromForm(
      form({
        name: "web",
        command: "httpd -f -p '80'",
        env: [{ key: "A", value: "1" }, { key: "", value: "" }],
        labels: [{ key: "team", value: "core" }],
        ports: [{ hostIp: "127.0.0.1", hostPort: "", containerPort: "80", protocol: "tcp" }, newPortRow()],
        volumes: [{ type: "volume", source: "data", target: "/data", readOnly: true }, { type: "tmpfs", source: "", target: "", readOnly: false }],
        network: "backend",
        aliases: "api, api.internal",
        restartPolicy: "on-failure",
        restartMaxRetries: "3",
        memory: "256m",
        memorySwap: "-1",
        cpus: "1.5",
        cpuShares: "512",
        pidsLimit: "100",
        createOnly: true,
      }),
    );
    expect(result).toEqual({
      ok: true,
      start: false,
      spec: {
        image: "busybox",
        name: "web",
        cmd: ["httpd", "-f", "-p", "80"],
        env: ["A=1"],
        labels: { team: "core" },
        portBindings: [{ containerPort: 80, protocol: "tcp", hostIp: "127.0.0.1", hostPort: "" }],
        mounts: [{ type: "volume", source: "data", target: "/data", readOnly: true }],
        networkMode: "backend",
        networkAliases: ["api", "api.internal"],
        restartPolicy: "on-failure",
        restartMaxRetries: 3,
        limits: { memoryBytes: 256 * 1024 ** 2, memorySwapBytes: -1, nanoCpus: 1_500_000_000, cpuShares: 512, pidsLimit: 100 },
      },
    });
  });

  it("auto-remove and a stop timeout become autoRemove and stopTimeout; their errors name the field", () => {
    expect(specFromForm(form({ autoRemove: true, stopTimeout: "3" }))).toEqual({ ok: true, spec: { image: "busybox", autoRemove: true, stopTimeout: 3 }, start: true });
    expect(specFromForm(form({ stopTimeout: "0" }))).toMatchObject({ ok: true, spec: { stopTimeout: 0 } });
    expect(errorsOf(form({ stopTimeout: "soon" }))).toEqual({ stopTimeout: 'Stop timeout: "soon" is not a whole number' });
    expect(errorsOf(form({ stopTimeout: "-2" }))).toEqual({ stopTimeout: "Stop timeout: stop timeout must be 0 or more seconds" });
    expect(errorsOf(form({ autoRemove: true, restartPolicy: "always" }))).toEqual({ autoRemove: 'Remove when it exits: auto-remove cannot be combined with the restart policy "always": a container removed on exit cannot be restarted' });
    expect(formFromSpec({ image: "busybox", autoRemove: true, stopTimeout: 30 })).toMatchObject({ autoRemove: true, stopTimeout: "30", kept: {} });
  });

  it("a bare image runs (create + start) with nothing else set", () => {
    expect(specFromForm(form({}))).toEqual({ ok: true, start: true, spec: { image: "busybox" } });
  });

  it("names the field in every message: parse errors and the shared zod schema's", () => {
    const errors = errorsOf(
      form({
        image: "",
        name: "bad name",
        command: "echo a | wc",
        memory: "lots",
        cpus: "0",
        ports: [newPortRow(), { hostIp: "127.0.0.1", hostPort: "99999", containerPort: "80", protocol: "tcp" }, { hostIp: "127.0.0.1", hostPort: "", containerPort: "x", protocol: "tcp" }],
        env: [{ key: "", value: "orphan" }],
      }),
    );
    expect(errors).toEqual({
      image: "Image: image is required",
      name: "Name: container names start with a letter or digit and may contain letters, digits and _ . -",
      command: 'Command: "|" is shell syntax, but the command is not run by a shell: wrap it as sh -c \'…\'',
      memory: 'Memory limit: "lots" is not a size: write a number with an optional unit, e.g. 256m, 1.5g, 512MiB',
      cpus: "CPUs: CPUs must be at least 0.001",
      "ports.1": "Published ports (row 2): hostPort must be at most 65535",
      "ports.2": "Published ports (row 3): the container port is a number from 1 to 65535",
      "env.0": "Environment (row 1): env entries look like KEY=value",
    });
  });

  it("cross-field rules (checked once each field is valid on its own) name their field too", () => {
    expect(errorsOf(form({ memorySwap: "1g", aliases: "api", restartMaxRetries: "2", ports: [{ hostIp: "not-an-ip", hostPort: "", containerPort: "80", protocol: "tcp" }] }))).toEqual({
      "ports.0": "Published ports (row 1): hostIp must be an IPv4 or IPv6 address, or empty (all interfaces)",
    });
    expect(errorsOf(form({ memorySwap: "1g", aliases: "api", restartMaxRetries: "2" }))).toEqual({
      memorySwap: "Memory + swap: memory + swap needs a memory limit too",
      aliases: "Network aliases: network aliases need a user-defined network (set the network first)",
      restartMaxRetries: "Maximum retries: a maximum retry count only applies to the on-failure restart policy",
    });
  });

  it("the 6 MB floor of the engine is said before the round trip", () => {
    expect(errorsOf(form({ memory: "1m" }))).toEqual({ memory: "Memory limit: memory limit must be at least 6 MB" });
  });
});

describe("formFromSpec (run again with changes)", () => {
  it("inspect → spec → form → spec gives the same spec back, binds becoming mounts", () => {
    const inspect = {
      Name: "/web",
      Id: "0123456789abcdef",
      Config: { Image: "busybox", Cmd: ["sh", "-c", "echo 'hi there'"], Env: ["A=1", "B=x=y"], Labels: { team: "core" }, Tty: true },
      HostConfig: {
        Binds: ["data:/data:ro"],
        NetworkMode: "backend",
        PortBindings: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }] },
        RestartPolicy: { Name: "always", MaximumRetryCount: 0 },
        Memory: 64 * 1024 ** 2,
        MemorySwap: 128 * 1024 ** 2,
        NanoCpus: 500_000_000,
        PidsLimit: 50,
        CapAdd: ["NET_ADMIN"],
      },
      NetworkSettings: { Networks: { backend: { Aliases: ["api", "0123456789ab"] } } },
    };
    const values = formFromSpec(specFromInspect(inspect));
    expect(values).toMatchObject({ name: "web", memory: "64m", memorySwap: "128m", cpus: "0.5", pidsLimit: "50", aliases: "api", tty: true, kept: { capAdd: ["NET_ADMIN"] } });
    expect(specFromForm(values)).toEqual({
      ok: true,
      start: true,
      spec: {
        image: "busybox",
        name: "web",
        cmd: ["sh", "-c", "echo 'hi there'"],
        env: ["A=1", "B=x=y"],
        labels: { team: "core" },
        tty: true,
        portBindings: [{ containerPort: 80, protocol: "tcp", hostIp: "127.0.0.1", hostPort: "8080" }],
        mounts: [{ type: "volume", source: "data", target: "/data", readOnly: true }],
        networkMode: "backend",
        networkAliases: ["api"],
        restartPolicy: "always",
        capAdd: ["NET_ADMIN"],
        limits: { memoryBytes: 64 * 1024 ** 2, memorySwapBytes: 128 * 1024 ** 2, nanoCpus: 500_000_000, pidsLimit: 50 },
      },
    });
  });
});
