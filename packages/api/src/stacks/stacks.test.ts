import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { Access, AppError, BUILT_IN_ROLES, type Actor, type AgentHub, type Permission } from "@dockmaster/core";
import type { ComposeProject, ServiceModel } from "@dockmaster/compose";
import type { ContainerSummary, NetworkSummary } from "@dockmaster/protocol";
import { envVariables } from "./deploy";
import { unmaskEnv } from "./env-edit";
import { gateProject } from "./gate";
import { stackAuditParams } from "./inputs";
import { preflight } from "./preflight";

/** Unit: the stacks service logic with fakes (the real engine, agent and database are in stacks.int). */
const actor = (role: keyof typeof BUILT_IN_ROLES): Actor => ({
  kind: "user",
  id: "u1",
  username: role,
  access: new Access([{ role, permissions: new Set<Permission>(BUILT_IN_ROLES[role].permissions), scope: { type: "host", id: "h1" }, via: "you" }], new Map()),
});
/** An engine that has no volume or network by any name (a new stack's first deploy). */
const emptyHub = { request: (_h: string, type: string) => Promise.reject(new AppError("NOT_FOUND", `${type}: none`)) } as unknown as AgentHub;

const service = (name: string, create: Record<string, unknown> = {}, extra: Partial<ServiceModel> = {}): ServiceModel => ({
  name, replicas: 1, image: "busybox", pullPolicy: "missing", create: { image: "busybox", ...create }, networks: [], dependsOn: [], configHash: name, ...extra,
});
const project = (services: ServiceModel[], more: Partial<ComposeProject> = {}): ComposeProject => ({ name: "shop", workingDir: "/", configFiles: ["compose.yaml"], services, networks: [], volumes: [], ...more });
const container = (name: string, labels: Record<string, string> = {}) => ({ id: name, name, labels }) as ContainerSummary;
const network = (name: string, labels: Record<string, string> = {}) => ({ id: name, name, labels }) as NetworkSummary;

describe("the capability gate over a whole project", () => {
  it("refuses a deployer a privileged service, naming the service, the permission and the field", async () => {
    await expect(gateProject({ actor: actor("deployer"), hub: emptyHub }, "h1", project([service("web"), service("agent", { privileged: true })]))).rejects.toEqual(
      new TRPCError({ code: "FORBIDDEN", message: "service agent: permission container.create.privileged is required for: privileged mode" }),
    );
  });
  it("refuses a volume whose driver options bind a host path, and a macvlan network, naming them", async () => {
    const bind = project([service("web")], { volumes: [{ key: "data", name: "shop_data", external: false, spec: { name: "shop_data", driver: "local", driverOptions: { type: "none", o: "bind", device: "/" } } }] });
    await expect(gateProject({ actor: actor("deployer"), hub: emptyHub }, "h1", bind)).rejects.toThrow(/^volume data: permission container.create.privileged is required for: /);
    const macvlan = project([service("web")], { networks: [{ key: "lan", name: "shop_lan", external: false, spec: { name: "shop_lan", driver: "macvlan" } as never }] });
    await expect(gateProject({ actor: actor("deployer"), hub: emptyHub }, "h1", macvlan)).rejects.toThrow(/^network lan: permission container.create.privileged is required for: /);
  });
  it("network_mode service:<x> of the same stack needs no privilege (x is gated itself); container:<id> and an unknown service still do", async () => {
    const deployer = { actor: actor("deployer"), hub: emptyHub };
    await expect(gateProject(deployer, "h1", project([service("vpn"), service("app", { networkMode: "service:vpn" })]))).resolves.toBeUndefined();
    await expect(gateProject(deployer, "h1", project([service("app", { networkMode: "container:0123abcd" })]))).rejects.toThrow("service app: permission container.create.privileged is required for: network namespace of another container (container:0123abcd)");
    await expect(gateProject(deployer, "h1", project([service("app", { networkMode: "service:elsewhere" })]))).rejects.toThrow('service app: permission container.create.privileged is required for: network mode "service:elsewhere"');
    // The target is gated like any service: a privileged vpn is still refused.
    await expect(gateProject(deployer, "h1", project([service("vpn", { privileged: true }), service("app", { networkMode: "service:vpn" })]))).rejects.toThrow("service vpn: permission container.create.privileged is required for: privileged mode");
  });
  it("lets an ordinary project through for a deployer, and anything for an admin", async () => {
    await expect(gateProject({ actor: actor("deployer"), hub: emptyHub }, "h1", project([service("web"), service("db")]))).resolves.toBeUndefined();
    await expect(gateProject({ actor: actor("admin"), hub: emptyHub }, "h1", project([service("x", { privileged: true, networkMode: "host" })]))).resolves.toBeUndefined();
  });
});

describe("what a stack's containers need, one by one", () => {
  const custom = (permissions: Permission[]): Actor => ({ kind: "user", id: "u2", username: "custom", access: new Access([{ role: "custom", permissions: new Set(permissions), scope: { type: "host", id: "h1" }, via: "you" }], new Map()) });
  it("container.create on the host; image.build for a build; image.pull when pulling", async () => {
    await expect(gateProject({ actor: custom(["stack.deploy"]), hub: emptyHub }, "h1", project([service("web")]))).rejects.toThrow("stack shop: permission container.create is required on host h1");
    const build = project([service("web", {}, { build: { context: ".", dockerfile: "Dockerfile", args: {} } })]);
    await expect(gateProject({ actor: custom(["stack.deploy", "container.create"]), hub: emptyHub }, "h1", build)).rejects.toThrow("service web (build): permission image.build is required on host h1");
    await expect(gateProject({ actor: custom(["stack.deploy", "container.create"]), hub: emptyHub }, "h1", project([service("web")]), { pull: true })).rejects.toThrow("service web (pull): permission image.pull is required on host h1");
    await expect(gateProject({ actor: actor("deployer"), hub: emptyHub }, "h1", build, { pull: true })).resolves.toBeUndefined();
  });
});

describe("pre-flight refusals", () => {
  it("a container_name or a network name used by something outside the stack", () => {
    const p = project([service("web", {}, { containerName: "proxy" })], { networks: [{ key: "default", name: "shop_default", external: false }] });
    expect(() => preflight(p, { allContainers: [container("proxy", { "com.docker.compose.project": "other" })], allNetworks: [] })).toThrow("service web: container_name proxy is already used on this host by a container outside the stack (project other)");
    expect(() => preflight(p, { allContainers: [], allNetworks: [network("shop_default")] })).toThrow("network default: the name shop_default is already used on this host by a network outside the stack");
    // The stack's own container and network are not a clash (a redeploy).
    expect(() => preflight(p, { allContainers: [container("proxy", { "com.docker.compose.project": "shop" })], allNetworks: [network("shop_default", { "com.docker.compose.project": "shop" })] })).not.toThrow();
  });
  it("more than 200 services", () => {
    expect(() => preflight(project(Array.from({ length: 201 }, (_, i) => service(`s${i}`))), { allContainers: [], allNetworks: [] })).toThrow("a stack holds at most 200 services (this one has 201)");
  });
});

describe("the .env as edited and as audited", () => {
  it("a value left [redacted] keeps the previous one; a changed or new one is taken", () => {
    expect(unmaskEnv("A=[redacted]\nB=new\nC=[redacted]\n", "A=secret-a\nB=old\n")).toBe("A=secret-a\nB=new\nC=[redacted]\n");
  });
  it("host overrides as variables (quotes removed)", () => {
    expect(envVariables("A=1\nexport B='two words'\n# c\nbad line\n")).toEqual({ A: "1", B: "two words" });
  });
  it("audit params keep file paths, sizes and the content hash, never file text; tolerate any shape", () => {
    const shown = stackAuditParams({ hostId: "h1", name: "shop", composeFiles: [{ path: "compose.yaml", content: "services: {password: hunter2}" }], env: "P=x" }) as Record<string, unknown>;
    expect(JSON.stringify(shown)).not.toContain("hunter2");
    expect(shown).toMatchObject({ hostId: "h1", name: "shop", composeFiles: [{ path: "compose.yaml", bytes: 29 }], contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as unknown });
    for (const odd of [null, 1, "x", [], { composeFiles: "x" }, { composeFiles: [null, 3] }]) expect(() => stackAuditParams(odd)).not.toThrow();
  });
});
