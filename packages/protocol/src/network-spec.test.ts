import { describe, expect, it } from "vitest";
import { NetworkConnectSpec, NetworkCreateSpec } from "./network-spec";
import { VolumeCreateSpec } from "./volume-spec";
import { RequestParams } from "./requests";

const issues = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) => (result.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);

describe("NetworkCreateSpec", () => {
  it("accepts the seed case with defaults filled in", () => {
    expect(NetworkCreateSpec.parse({ name: "app", subnet: "172.30.0.0/30", gateway: "172.30.0.1" })).toEqual({ name: "app", driver: "bridge", internal: false, attachable: false, subnet: "172.30.0.0/30", gateway: "172.30.0.1" });
  });
  it("names the field of each addressing problem", () => {
    expect(issues(NetworkCreateSpec.safeParse({ name: "app", subnet: "172.30.0.0/30", gateway: "172.30.0.9", ipRange: "10.0.0.0/24" }))).toEqual([
      "gateway: gateway 172.30.0.9 is outside 172.30.0.0/30 (which spans 172.30.0.0–172.30.0.3)",
      "ipRange: ip-range 10.0.0.0/24 is not inside the subnet 172.30.0.0/30",
    ]);
    expect(issues(NetworkCreateSpec.safeParse({ name: "app", subnet: "172.30.0.1/30" }))[0]).toMatch(/^subnet: .*host bits set/);
  });
  it("refuses unknown fields, bad names, bad option keys and a parent on a bridge", () => {
    expect(issues(NetworkCreateSpec.safeParse({ name: "app", IPAM: {} }))[0]).toMatch(/Unrecognized key/);
    expect(issues(NetworkCreateSpec.safeParse({ name: "-app" }))[0]).toMatch(/^name: /);
    expect(issues(NetworkCreateSpec.safeParse({ name: "app", options: { "bad key": "1" } }))[0]).toMatch(/^options\.bad key: /);
    expect(issues(NetworkCreateSpec.safeParse({ name: "app", parent: "eth0" }))).toEqual(["parent: parent applies to macvlan and ipvlan networks, not bridge"]);
    expect(NetworkCreateSpec.safeParse({ name: "app", driver: "macvlan", parent: "eth0.10" }).success).toBe(true);
    expect(NetworkCreateSpec.safeParse({ name: "app", driver: "overlay" }).success).toBe(false);
  });
});

describe("connect and volume specs", () => {
  it("validates aliases and the static address", () => {
    expect(NetworkConnectSpec.safeParse({ network: "app", container: "web", aliases: ["api"], ipv4Address: "172.30.0.2" }).success).toBe(true);
    expect(issues(NetworkConnectSpec.safeParse({ network: "app", container: "web", ipv4Address: "172.30.0.256" }))[0]).toMatch(/^ipv4Address: /);
    expect(issues(NetworkConnectSpec.safeParse({ network: "app", container: "web", aliases: ["no spaces"] }))[0]).toMatch(/^aliases\.0: aliases are DNS names/);
  });
  it("defaults the volume driver to local and refuses odd names", () => {
    expect(VolumeCreateSpec.parse({})).toEqual({ driver: "local" });
    expect(VolumeCreateSpec.safeParse({ name: "a/b" }).success).toBe(false);
  });
  it("the request params refuse what the agent must never pass on", () => {
    expect(RequestParams["volume.prune"].safeParse({ names: ["../etc"] }).success).toBe(false);
    expect(RequestParams["network.disconnect"].safeParse({ network: "app", container: "web" }).data).toEqual({ network: "app", container: "web", force: false });
    expect(RequestParams["container.portPath"].safeParse({ id: "web; rm -rf /" }).success).toBe(false);
  });
});
