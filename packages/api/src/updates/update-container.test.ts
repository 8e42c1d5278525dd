import { describe, expect, it } from "vitest";
import { Access, AppError, BUILT_IN_ROLES, type Actor, type AgentHub, type Permission } from "@dockmaster/core";
import { updateContainer } from "./update-container";

/** Unit: the recreate sequence against a scripted hub (the real engines are in updates.int). */
const actor = (role: keyof typeof BUILT_IN_ROLES): Actor => ({
  kind: "user",
  id: "u1",
  username: role,
  access: new Access([{ role, permissions: new Set<Permission>(BUILT_IN_ROLES[role].permissions), scope: { type: "host", id: "h1" }, via: "you" }], new Map()),
});

const REF = "10.0.0.1:5000/team/app:1";
const inspect = (hostConfig: Record<string, unknown> = {}) => ({ Id: "old", Name: "/web", Image: "sha256:old", State: { Running: true }, Config: { Image: REF, Cmd: ["sleep", "1"] }, HostConfig: hostConfig });

function scriptedHub(options: { inspect?: Record<string, unknown>; failCreate?: boolean; failStart?: boolean }) {
  const asked: string[] = [];
  const hub = {
    request(_hostId: string, type: string, params: { id?: string; name?: string; spec?: { name?: string } }) {
      asked.push(`${type} ${params.name ?? params.spec?.name ?? params.id ?? ""}`.trim());
      switch (type) {
        case "container.inspect":
          return Promise.resolve(options.inspect ?? inspect());
        case "image.inspect":
          return Promise.resolve(params.id === "sha256:old" ? { id: "sha256:old", repoDigests: ["10.0.0.1:5000/team/app@sha256:aaa"] } : { id: "sha256:new", repoDigests: ["10.0.0.1:5000/team/app@sha256:bbb"] });
        case "container.create":
          return options.failCreate ? Promise.reject(new AppError("CONFLICT", "engine says no")) : Promise.resolve({ id: "new", started: false });
        case "container.start":
          return options.failStart && params.id === "new" ? Promise.reject(new AppError("BAD_GATEWAY", "port is already allocated")) : Promise.resolve({ id: params.id });
        default:
          return Promise.resolve({ id: params.id });
      }
    },
  } as unknown as AgentHub;
  return { hub, asked };
}

const pull = () => Promise.resolve();

describe("updateContainer", () => {
  it("pulls, stops and sets the old one aside, creates and starts the new one, then removes the old one", async () => {
    const { hub, asked } = scriptedHub({});
    const result = await updateContainer({ hub, actor: actor("deployer"), pull }, "h1", "old");
    expect(result).toMatchObject({ updated: true, containerId: "new", oldDigests: ["sha256:aaa"], newDigests: ["sha256:bbb"] });
    expect(asked.map((a) => a.replace(/web-dm-old-\w+/, "web-dm-old-*"))).toEqual(["container.inspect old", "image.inspect sha256:old", `image.inspect ${REF}`, "container.stop old", "container.rename web-dm-old-*", "container.create web", "container.start new", "container.remove old"]);
  });

  it("puts the old container back (its name, started again) when the new one cannot start, and says so", async () => {
    const { hub, asked } = scriptedHub({ failStart: true });
    await expect(updateContainer({ hub, actor: actor("deployer"), pull }, "h1", "old")).rejects.toThrow("the new container could not be started (port is already allocated); the previous container was put back and started");
    expect(asked.slice(-3)).toEqual(["container.remove new", "container.rename web", "container.start old"]);
  });

  it("puts the old container back when the create is refused", async () => {
    const { hub, asked } = scriptedHub({ failCreate: true });
    await expect(updateContainer({ hub, actor: actor("deployer"), pull }, "h1", "old")).rejects.toThrow("could not be created (engine says no); the previous container was put back");
    expect(asked.slice(-2)).toEqual(["container.rename web", "container.start old"]);
  });

  it("goes through the capability gate before anything changes: a deployer cannot update a privileged container", async () => {
    const { hub, asked } = scriptedHub({ inspect: inspect({ Privileged: true }) });
    await expect(updateContainer({ hub, actor: actor("deployer"), pull }, "h1", "old")).rejects.toThrow(/container.create.privileged is required/);
    expect(asked).toEqual(["container.inspect old"]);
  });
});

describe("updateContainer with a health watch", () => {
  function healthHub(newState: Record<string, unknown>) {
    const { hub, asked } = scriptedHub({});
    const request = hub.request.bind(hub);
    (hub as { request: unknown }).request = (hostId: string, type: string, params: { id?: string }) => (type === "container.inspect" && params.id === "new" ? Promise.resolve({ Id: "new", State: newState, RestartCount: 0 }) : request(hostId, type as never, params as never));
    return { hub, asked };
  }

  it("puts the previous container back when the new one turns unhealthy, and says why", async () => {
    const { hub, asked } = healthHub({ Status: "running", Running: true, Health: { Status: "unhealthy", Log: [{ Output: "probe failed\n" }] } });
    const result = await updateContainer({ hub, actor: actor("deployer"), pull }, "h1", "old", { healthTimeoutMs: 2_000 });
    expect(result).toMatchObject({ updated: false, containerId: "old", newDigests: ["sha256:bbb"] });
    expect(result.rolledBack).toMatch(/^the new container became unhealthy \(last check: probe failed\); the previous container was put back and started/);
    expect(asked.slice(-4)).toEqual(["image.tag sha256:old", "container.remove new", "container.rename web", "container.start old"]); // the tag first: the restart is then reported under it
  });

  it("puts it back when the new one exits", async () => {
    const { hub } = healthHub({ Status: "exited", ExitCode: 3 });
    expect((await updateContainer({ hub, actor: actor("deployer"), pull }, "h1", "old", { healthTimeoutMs: 2_000 })).rolledBack).toMatch(/^the new container exited \(code 3\)/);
  });

  it("keeps the new one and removes the old one once it is healthy", async () => {
    const { hub, asked } = healthHub({ Status: "running", Running: true, Health: { Status: "healthy" } });
    const result = await updateContainer({ hub, actor: actor("deployer"), pull }, "h1", "old", { healthTimeoutMs: 2_000 });
    expect(result).toMatchObject({ updated: true, containerId: "new" });
    expect(result.rolledBack).toBeUndefined();
    expect(asked.at(-1)).toBe("container.remove old");
  });
});
