import { describe, expect, it } from "vitest";
import { Access, type EffectiveGrant } from "./access";
import { BUILT_IN_ROLES, type Permission } from "./catalogue";

const role = (name: keyof typeof BUILT_IN_ROLES) => new Set<Permission>(BUILT_IN_ROLES[name].permissions);
const groups = new Map([["h-prod-1", "g-prod"], ["h-prod-2", "g-prod"]]);

describe("Access", () => {
  it("a host grant reaches only that host, never globally", () => {
    const access = new Access([{ role: "operator", permissions: role("operator"), scope: { type: "host", id: "h1" }, via: "you" }], groups);
    expect(access.can("container.operate", "h1")).toBe(true);
    expect(access.can("container.operate", "h2")).toBe(false);
    expect(access.can("container.operate")).toBe(false);
    expect(access.can("container.exec", "h1")).toBe(false);
    expect(access.canAnywhere("host.view")).toBe(true);
  });

  it("a group grant reaches the hosts of that group", () => {
    const access = new Access([{ role: "viewer", permissions: role("viewer"), scope: { type: "group", id: "g-prod", name: "prod" }, via: "team ops" }], groups);
    expect(access.can("host.view", "h-prod-2")).toBe(true);
    expect(access.can("host.view", "h-dev")).toBe(false);
  });

  it("learns the group of a host that joined it after loading, without changing the original", () => {
    const access = new Access([{ role: "viewer", permissions: role("viewer"), scope: { type: "group", id: "g-prod", name: "prod" }, via: "you" }], groups);
    expect(access.reachesGroups).toBe(true);
    const later = access.withHostInGroup("h-new", "g-prod");
    expect(later.can("host.view", "h-new")).toBe(true);
    expect(access.can("host.view", "h-new")).toBe(false);
    expect(access.withHostInGroup("h-other", "g-dev").can("host.view", "h-other")).toBe(false);
    expect(new Access([{ role: "viewer", permissions: role("viewer"), scope: { type: "host", id: "h1" }, via: "you" }], groups).reachesGroups).toBe(false);
  });

  it("is the union of grants and explains where each permission comes from", () => {
    const grants: EffectiveGrant[] = [
      { role: "viewer", permissions: role("viewer"), scope: { type: "global" }, via: "team everyone" },
      { role: "operator", permissions: role("operator"), scope: { type: "host", id: "h1" }, via: "you" },
    ];
    const access = new Access(grants, groups);
    expect(access.can("container.operate", "h1")).toBe(true);
    expect(access.can("container.operate", "h2")).toBe(false);
    const hostView = access.explain("h1").find((e) => e.permission === "host.view");
    expect(hostView?.sources).toEqual(["role viewer granted to team everyone on everywhere", "role operator granted to you on this host"]);
    expect(access.explain("h2").some((e) => e.permission === "container.operate")).toBe(false);
  });

  it("a token limit narrows permissions and hosts", () => {
    const admin: EffectiveGrant = { role: "admin", permissions: role("admin"), scope: { type: "global" }, via: "you" };
    const limited = new Access([admin], groups, { permissions: role("viewer"), hostIds: new Set(["h1"]) });
    expect(limited.can("host.view", "h1")).toBe(true);
    expect(limited.can("host.view", "h2")).toBe(false);
    expect(limited.can("container.operate", "h1")).toBe(false);
  });

  it("a host-limited token holds a permission anywhere only if it holds it on one of its hosts", () => {
    const onHost = (id: string): EffectiveGrant => ({ role: "operator", permissions: role("operator"), scope: { type: "host", id }, via: "you" });
    const limit = (hostIds: string[] | null) => ({ permissions: role("admin"), hostIds: hostIds && new Set(hostIds) });
    expect(new Access([onHost("h2")], groups, limit(["h1"])).canAnywhere("host.view")).toBe(false);
    expect(new Access([onHost("h1")], groups, limit(["h1"])).canAnywhere("host.view")).toBe(true);
    expect(new Access([onHost("h2")], groups, limit(["h1", "h2"])).canAnywhere("container.operate")).toBe(true);
    expect(new Access([onHost("h2")], groups, limit(null)).canAnywhere("host.view")).toBe(true);
    const prodViewer: EffectiveGrant = { role: "viewer", permissions: role("viewer"), scope: { type: "group", id: "g-prod", name: "prod" }, via: "you" };
    expect(new Access([prodViewer], groups, limit(["h-prod-1"])).canAnywhere("host.view")).toBe(true);
    expect(new Access([prodViewer], groups, limit(["h-dev"])).canAnywhere("host.view")).toBe(false);
    const globalAdmin: EffectiveGrant = { role: "admin", permissions: role("admin"), scope: { type: "global" }, via: "you" };
    expect(new Access([globalAdmin], groups, limit(["h1"])).canAnywhere("host.view")).toBe(true);
    expect(new Access([globalAdmin], groups, limit([])).canAnywhere("host.view")).toBe(false);
  });

  it("grants nothing without grants", () => {
    const access = new Access([], groups);
    expect(access.can("host.view", "h1")).toBe(false);
    expect(access.canAnywhere("host.view")).toBe(false);
  });
});
