import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ContainerCreateSpec, VolumeCreateSpec } from "@dockmaster/protocol";
import { CONTAINER_CREATE_ALLOWED, NESTED_ALLOWED, NO_ENGINE_FACTS, VOLUME_CREATE_ALLOWED, engineLookups, sensitiveCapabilities, type EngineFacts, type VolumeFacts } from "./sensitive";

const spec = (extra: Record<string, unknown>) => ContainerCreateSpec.parse({ image: "busybox", ...extra });
const engineWith = (volumes: Record<string, VolumeFacts>, networks: Record<string, string> = {}): EngineFacts => ({
  volume: (name) => volumes[name],
  network: (ref) => (networks[ref] ? { name: ref, driver: networks[ref], options: {} } : undefined),
});
const BIND_VOLUME: VolumeFacts = { driver: "local", options: { type: "none", o: "bind", device: "/" } };

describe("sensitiveCapabilities", () => {
  it("finds nothing in an ordinary container", () => {
    const ordinary = spec({
      name: "web",
      cmd: ["sh"],
      env: ["A=1"],
      user: "0",
      portBindings: [{ containerPort: 80, hostPort: "8080" }],
      binds: ["data:/data", "cache:/cache:ro", "x1:/x:rw,nocopy"],
      mounts: [{ type: "volume", source: "vv", target: "/v" }, { type: "volume", target: "/anon" }, { type: "tmpfs", target: "/tmp" }],
      networkMode: "bridge",
      ipcMode: "private",
      pidMode: "",
      capAdd: [],
      devices: [],
      securityOpt: ["no-new-privileges", "no-new-privileges:true", "no-new-privileges=true"],
      privileged: false,
      restartPolicy: "on-failure",
      restartMaxRetries: 3,
      limits: { memoryBytes: 64 * 1024 * 1024, pidsLimit: -1 },
    });
    expect(sensitiveCapabilities(ordinary, engineWith({ data: { driver: "local", options: {} }, vv: { driver: "local", options: { type: "tmpfs", device: "tmpfs", o: "size=64m" } } }))).toEqual([]);
  });

  it.each([
    [{ privileged: true }, "privileged mode"],
    [{ binds: ["/etc:/host-etc:ro"] }, "host bind mount /etc (binds)"],
    [{ binds: ["data:/data:rshared"] }, "bind options rshared on data (binds; allowed: ro, rw, nocopy)"],
    [{ binds: ["../x:/x"] }, 'bind source "../x" is not a volume name (binds)'],
    [{ mounts: [{ type: "bind", source: "/", target: "/host" }] }, "host bind mount / (mounts)"],
    [{ mounts: [{ type: "volume", source: "/etc", target: "/host" }] }, 'volume mount source "/etc" is not a volume name (mounts)'],
    [{ mounts: [{ type: "tmpfs", source: "/etc", target: "/t" }] }, 'tmpfs mount with a source "/etc" (mounts)'],
    [{ networkMode: "host" }, "host network namespace"],
    [{ networkMode: "container:db" }, "network namespace of another container (container:db)"],
    [{ networkMode: "x:y" }, 'network mode "x:y"'],
    [{ pidMode: "host" }, "host pid namespace"],
    [{ ipcMode: "host" }, "host ipc namespace"],
    [{ utsMode: "host" }, "host uts namespace"],
    [{ usernsMode: "host" }, "host user namespace"],
    [{ pidMode: "container:abc" }, "pid namespace of another container (container:abc)"],
    [{ ipcMode: "sharable-typo" }, 'ipc namespace mode "sharable-typo"'],
    [{ capAdd: ["SYS_ADMIN"] }, "added capabilities SYS_ADMIN"],
    [{ devices: [{ pathOnHost: "/dev/sda", pathInContainer: "/dev/sda" }] }, "host devices /dev/sda"],
    [{ securityOpt: ["seccomp=unconfined"] }, "security option seccomp=unconfined (only no-new-privileges is allowed)"],
    [{ securityOpt: ['seccomp={"defaultAction":"SCMP_ACT_ALLOW"}'] }, 'security option seccomp={"defaultAction":"SCMP_ACT_ALLOW"} (only no-new-privileges is allowed)'],
    [{ securityOpt: ["apparmor=docker-default"] }, "security option apparmor=docker-default (only no-new-privileges is allowed)"],
    [{ securityOpt: ["label=type:spc_t"] }, "security option label=type:spc_t (only no-new-privileges is allowed)"],
    [{ securityOpt: ["no-new-privileges:false"] }, "security option no-new-privileges:false (only no-new-privileges is allowed)"],
    [{ securityOpt: ["systempaths=unconfined"] }, "security option systempaths=unconfined (only no-new-privileges is allowed)"],
  ])("flags %j", (extra, reason) => {
    expect(sensitiveCapabilities(spec(extra))).toEqual([reason]);
  });

  it("vets named volumes that exist on the engine, via binds and mounts, naming the host path", () => {
    const facts = engineWith({ thatvol: BIND_VOLUME });
    const reason = 'volume "thatvol" binds host path / (driver local, o=bind)';
    expect(sensitiveCapabilities(spec({ binds: ["thatvol:/host"] }), facts)).toEqual([reason]);
    expect(sensitiveCapabilities(spec({ mounts: [{ type: "volume", source: "thatvol", target: "/host" }] }), facts)).toEqual([reason]);
    // the same volume twice is one item
    expect(sensitiveCapabilities(spec({ binds: ["thatvol:/a"], mounts: [{ type: "volume", source: "thatvol", target: "/b" }] }), facts)).toEqual([reason]);
    // a volume the engine does not have yet is created local with no options: ordinary
    expect(sensitiveCapabilities(spec({ binds: ["newvol:/data"] }), facts)).toEqual([]);
  });

  it("asks the engine about a user-defined network: the host network by id is the host's namespace", () => {
    const facts = engineWith({}, { "5336c23556e8": "host", frontend: "bridge" });
    expect(sensitiveCapabilities(spec({ networkMode: "5336c23556e8" }), facts)).toEqual(['network "5336c23556e8" is the host\'s network (driver host)']);
    expect(sensitiveCapabilities(spec({ networkMode: "frontend" }), facts)).toEqual([]);
  });

  it("judges an existing network joined by networkMode as network create would: a macvlan is named with its interface", () => {
    const facts: EngineFacts = { volume: () => undefined, network: (ref) => (ref === "lan" ? { name: "lan", driver: "macvlan", options: { parent: "eth0" } } : undefined) };
    expect(sensitiveCapabilities(spec({ networkMode: "lan" }), facts)).toEqual(['joining network "lan": network driver "macvlan" (only bridge is vetted), network option parent=eth0 (names a host interface)']);
  });

  it("names every sensitive item of a spec, not just the first", () => {
    expect(sensitiveCapabilities(spec({ privileged: true, capAdd: ["NET_ADMIN"], binds: ["/:/host"] }))).toEqual(["host bind mount / (binds)", "privileged mode", "added capabilities NET_ADMIN"]);
  });

  it("lists what to ask the engine: named volumes (deduplicated) and a user-defined network", () => {
    expect(engineLookups(spec({ binds: ["a1:/a", "/etc:/e"], mounts: [{ type: "volume", source: "a1", target: "/b" }, { type: "volume", source: "b2", target: "/c" }, { type: "volume", target: "/anon" }, { type: "bind", source: "/x", target: "/x" }], networkMode: "front" }))).toEqual({ volumes: ["a1", "b2"], networks: ["front"] });
    for (const networkMode of [undefined, "", "default", "bridge", "none", "host", "container:x"]) expect(engineLookups(spec({ networkMode })).networks).toEqual([]);
  });

  it("treats a field it does not know as sensitive (a spec built past the schema is never waved through)", () => {
    expect(sensitiveCapabilities({ image: "busybox", hostConfig: { Privileged: true } } as unknown as ContainerCreateSpec, NO_ENGINE_FACTS)).toEqual(["unclassified field hostConfig"]);
  });

  it("refuses fields outside the spec instead of passing them on (no raw HostConfig)", () => {
    expect(() => spec({ HostConfig: { Privileged: true } })).toThrow();
    expect(() => spec({ hostConfig: { binds: ["/:/host"] } })).toThrow();
    expect(() => spec({ mounts: [{ type: "volume", source: "v", target: "/v", volumeOptions: { driverConfig: { name: "local", options: { o: "bind", device: "/" } } } }] })).toThrow();
  });
});

/** Every object schema inside a zod schema, with its path ("mounts", "limits", …); arrays and wrappers are looked through. */
function objectSchemas(schema: z.core.$ZodType, path: string[] = []): Array<{ path: string[]; keys: string[] }> {
  const def = schema._zod.def as { type: string; innerType?: z.core.$ZodType; element?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType>; in?: z.core.$ZodType };
  const inner = def.innerType ?? def.element ?? def.in;
  if (inner) return objectSchemas(inner, path);
  if (def.type !== "object" || !def.shape) return [];
  const shape = def.shape;
  return [{ path, keys: Object.keys(shape) }, ...Object.entries(shape).flatMap(([key, child]) => objectSchemas(child, [...path, key]))];
}

describe("every field of the specs is classified (a new field fails here until someone decides what is allowed)", () => {
  it("container create: every field, and every field of its nested objects, has an allowlist entry", () => {
    const tables: Record<string, Record<string, string>> = { "": CONTAINER_CREATE_ALLOWED, ...NESTED_ALLOWED };
    const schemas = objectSchemas(ContainerCreateSpec);
    expect(schemas.map((s) => s.path.join("."))).toEqual(expect.arrayContaining(["", "portBindings", "mounts", "devices", "limits", "healthcheck", "logConfig", "ulimits", "extraNetworks"]));
    for (const { path, keys } of schemas) {
      const table = tables[path.join(".")];
      expect(table, `no allowlist for the object at "${path.join(".")}"`).toBeDefined();
      expect(Object.keys(table ?? {}).sort(), `fields at "${path.join(".") || "spec"}"`).toEqual([...keys].sort());
    }
  });

  it("volume create: every field has an allowlist entry", () => {
    const schemas = objectSchemas(VolumeCreateSpec);
    expect(schemas).toHaveLength(1);
    expect(Object.keys(VOLUME_CREATE_ALLOWED).sort()).toEqual([...schemas[0]!.keys].sort());
  });
});
