import { describe, expect, it } from "vitest";
import { NetworkCreateSpec } from "@dockmaster/protocol";
import { NETWORK_CREATE_ALLOWED, sensitiveNetworkCreate, sensitiveNetworkJoin } from "./network-rules";

const check = (raw: Record<string, unknown>) => sensitiveNetworkCreate(NetworkCreateSpec.parse({ name: "n", ...raw }));

describe("sensitiveNetworkCreate (allowlist)", () => {
  it("passes an ordinary bridge with addressing, flags, labels and the allowed options", () => {
    expect(check({ subnet: "172.30.9.0/24", gateway: "172.30.9.1", ipRange: "172.30.9.128/25", internal: true, attachable: true, labels: { a: "b" } })).toEqual([]);
    expect(check({ options: { "com.docker.network.driver.mtu": "1400", "com.docker.network.bridge.enable_icc": "false", "com.docker.network.bridge.enable_ip_masquerade": "true", "com.docker.network.bridge.host_binding_ipv4": "127.0.0.1", "com.docker.network.container_iface_prefix": "eth", "com.docker.network.bridge.gateway_mode_ipv4": "isolated" } })).toEqual([]);
  });

  it("names macvlan / ipvlan, the host interface and each option beyond the allowlist", () => {
    expect(check({ driver: "macvlan", parent: "eth0.10", options: { macvlan_mode: "bridge" } })).toEqual(['network driver "macvlan" (only bridge is vetted)', 'host interface "eth0.10" (parent)', "network option macvlan_mode=bridge"]);
    expect(check({ driver: "ipvlan" })).toEqual(['network driver "ipvlan" (only bridge is vetted)']);
    expect(check({ options: { "com.docker.network.bridge.name": "br0", "com.docker.network.bridge.enable_ip_masquerade": "false", "com.docker.network.driver.mtu": "big" } })).toEqual([
      "network option com.docker.network.bridge.name=br0 (names a host interface)",
      "network option com.docker.network.bridge.enable_ip_masquerade=false",
      "network option com.docker.network.driver.mtu=big",
    ]);
    expect(check({ options: { "com.docker.network.bridge.trusted_host_interfaces": "eth0:wlan0", "com.docker.network.bridge.gateway_mode_ipv6": "nat-unprotected" } })).toHaveLength(2);
  });

  it("says in words what every field may hold (the README's security model)", () => {
    expect(Object.keys(NETWORK_CREATE_ALLOWED).sort()).toEqual(Object.keys(NetworkCreateSpec.shape).sort());
  });
});

describe("sensitiveNetworkJoin (an existing network, as the engine describes it)", () => {
  it("judges a network found on the engine as network create would, each item naming the network", () => {
    expect(sensitiveNetworkJoin("lan", { name: "lan", driver: "macvlan", options: { parent: "eth0" } })).toEqual(['joining network "lan": network driver "macvlan" (only bridge is vetted), network option parent=eth0 (names a host interface)']);
    expect(sensitiveNetworkJoin("ab12", { name: "br", driver: "bridge", options: { "com.docker.network.bridge.gateway_mode_ipv4": "routed" } })).toEqual(['joining network "br" (ab12): network option com.docker.network.bridge.gateway_mode_ipv4=routed']);
    expect(sensitiveNetworkJoin("837569dabae9ea487bf057d98a6ff608", { name: "lan", driver: "ipvlan", options: {} })).toEqual(['joining network "lan" (837569dabae9): network driver "ipvlan" (only bridge is vetted)']);
    expect(sensitiveNetworkJoin("weave", { name: "weave", driver: "weaveworks/net-plugin", options: {} })).toEqual(['joining network "weave": network driver "weaveworks/net-plugin" (only bridge is vetted)']);
    expect(sensitiveNetworkJoin("app", { name: "app", driver: "bridge", options: { "com.docker.network.driver.mtu": "1400" } })).toEqual([]);
  });

  it("names the host's network; lets the engine's default bridge and none through (by id too) and leaves a missing network to the engine", () => {
    expect(sensitiveNetworkJoin("5336c2", { name: "host", driver: "host", options: {} })).toEqual(['network "5336c2" is the host\'s network (driver host)']);
    expect(sensitiveNetworkJoin("4d1e", { name: "bridge", driver: "bridge", options: { "com.docker.network.bridge.name": "docker0", "com.docker.network.bridge.default_bridge": "true" } })).toEqual([]);
    expect(sensitiveNetworkJoin("77aa", { name: "none", driver: "null", options: {} })).toEqual([]);
    expect(sensitiveNetworkJoin("none", { name: "none", driver: "macvlan", options: {} })).not.toEqual([]); // a name alone proves nothing
    expect(sensitiveNetworkJoin("gone", undefined)).toEqual([]);
  });
});
