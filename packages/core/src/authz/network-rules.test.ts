import { describe, expect, it } from "vitest";
import { NetworkCreateSpec } from "@dockmaster/protocol";
import { NETWORK_CREATE_ALLOWED, sensitiveNetworkCreate } from "./network-rules";

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
