import { describe, expect, it } from "vitest";
import { hasChain, parentPid, parseDnatRules, parseIpLink, parseIpv4Addresses } from "./parse";
import { CONTAINER_IP_ADDR, CONTAINER_IP_LINK, ENGINE_IP_LINK, IPTABLES_S_DOCKER, IPTABLES_S_PRODUCTION, IPTABLES_SAVE_NAT, PROC_STAT } from "./fixtures";

describe("parentPid", () => {
  it("reads field 4 of a real /proc/<pid>/stat", () => {
    expect(parentPid(PROC_STAT)).toBe(10502);
  });
  it("survives a command name with spaces and parentheses", () => {
    expect(parentPid("42 (my (odd) prog) S 7 42 42 0 -1")).toBe(7);
  });
  it("refuses garbage", () => {
    expect(parentPid("")).toBeNull();
    expect(parentPid("42 (x) S notanumber")).toBeNull();
  });
});

describe("parseDnatRules", () => {
  const rule = { chain: "DOCKER", hostIp: "127.0.0.1", protocol: "tcp", hostPort: 18080, destinationIp: "192.168.1.2", destinationPort: 80 };
  it("reads the DNAT rule of `iptables -t nat -S DOCKER`, skipping RETURN", () => {
    expect(parseDnatRules(IPTABLES_S_DOCKER)).toEqual([{ ...rule, rule: "-A DOCKER -d 127.0.0.1/32 ! -i docker0 -p tcp -m tcp --dport 18080 -j DNAT --to-destination 192.168.1.2:80" }]);
  });
  it("reads the same rule out of `iptables-save -t nat`, ignoring other chains", () => {
    expect(parseDnatRules(IPTABLES_SAVE_NAT)).toMatchObject([rule]);
  });
  it("reads rules without -d (every host address) and udp", () => {
    expect(parseDnatRules(IPTABLES_S_PRODUCTION)).toMatchObject([
      { hostIp: null, protocol: "tcp", hostPort: 8080, destinationIp: "172.17.0.2", destinationPort: 80 },
      { hostIp: null, protocol: "udp", hostPort: 5353, destinationIp: "172.18.0.3", destinationPort: 53 },
    ]);
  });
  it("skips rules it cannot read fully", () => {
    expect(parseDnatRules("-A DOCKER -p tcp --dport 80 -j DNAT --to-destination [fd00::2]:80\n-A DOCKER -j DNAT --to-destination 1.2.3.4:80")).toEqual([]);
  });
  it("knows whether the chain exists", () => {
    expect(hasChain(IPTABLES_S_DOCKER)).toBe(true);
    expect(hasChain(IPTABLES_SAVE_NAT)).toBe(true);
    expect(hasChain("*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT")).toBe(false);
  });
});

describe("parseIpLink", () => {
  it("reads index, name, veth peer, master and MAC on the engine side", () => {
    const links = parseIpLink(ENGINE_IP_LINK);
    expect(links.map((l) => l.name)).toEqual(["lo", "eth0", "docker0", "veth84908bf"]);
    expect(links[3]).toEqual({ ifindex: 5, name: "veth84908bf", peerIfindex: 4, master: "docker0", mac: "22:98:8c:36:e6:ff" });
    expect(links[2]).toEqual({ ifindex: 3, name: "docker0", peerIfindex: null, master: null, mac: "02:42:b1:9d:ec:c0" });
  });
  it("reads the container's eth0@if5: its peer is ifindex 5 on the host", () => {
    expect(parseIpLink(CONTAINER_IP_LINK)[1]).toEqual({ ifindex: 4, name: "eth0", peerIfindex: 5, master: null, mac: "02:42:c0:a8:01:02" });
  });
  it("handles a VLAN parent (eth0.10@eth0) without a peer index", () => {
    expect(parseIpLink("7: eth0.10@eth0: <BROADCAST,UP> mtu 1500 qdisc noqueue state UP\\    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff")[0]).toMatchObject({ name: "eth0.10", peerIfindex: null });
  });
});

describe("parseIpv4Addresses", () => {
  it("reads the container's addresses", () => {
    expect(parseIpv4Addresses(CONTAINER_IP_ADDR)).toEqual([
      { ifindex: 1, name: "lo", ip: "127.0.0.1", prefix: 8 },
      { ifindex: 4, name: "eth0", ip: "192.168.1.2", prefix: 24 },
    ]);
  });
});
