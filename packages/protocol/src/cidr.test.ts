import { describe, expect, it } from "vitest";
import { checkAddressing, checkGateway, checkIpRange, explainSubnet, findOverlap, subnetsOverlap, type SubnetExplanation } from "./cidr";

function subnet(text: string): SubnetExplanation {
  const parsed = explainSubnet(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe("explainSubnet", () => {
  it("explains a /30: network, broadcast, 2 usable", () => {
    expect(subnet("172.30.0.0/30")).toMatchObject({
      cidr: "172.30.0.0/30",
      network: "172.30.0.0",
      broadcast: "172.30.0.3",
      netmask: "255.255.255.252",
      totalAddresses: 4,
      usable: 2,
      firstUsable: "172.30.0.1",
      lastUsable: "172.30.0.2",
    });
    expect(subnet("172.30.0.0/30").notes.join(" ")).toContain("2 usable addresses");
  });

  it.each([
    ["10.0.0.0/8", "255.0.0.0", "10.255.255.255", 16_777_214],
    ["192.168.1.0/24", "255.255.255.0", "192.168.1.255", 254],
    ["172.16.0.0/12", "255.240.0.0", "172.31.255.255", 1_048_574],
    ["10.1.2.128/25", "255.255.255.128", "10.1.2.255", 126],
    ["10.1.2.8/29", "255.255.255.248", "10.1.2.15", 6],
  ])("%s → netmask %s, broadcast %s, %d usable", (cidr, netmask, broadcast, usable) => {
    expect(subnet(cidr)).toMatchObject({ netmask, broadcast, usable });
  });

  it("treats /31 as point-to-point: both addresses usable, no broadcast", () => {
    expect(subnet("10.9.9.0/31")).toMatchObject({ broadcast: null, usable: 2, firstUsable: "10.9.9.0", lastUsable: "10.9.9.1" });
    expect(subnet("10.9.9.0/31").notes.join(" ")).toContain("RFC 3021");
  });

  it("treats /32 as a single address", () => {
    expect(subnet("10.9.9.7/32")).toMatchObject({ broadcast: null, totalAddresses: 1, usable: 1, network: "10.9.9.7" });
  });

  it("handles the top of the address space without overflow", () => {
    expect(subnet("255.255.255.252/30")).toMatchObject({ broadcast: "255.255.255.255", lastUsable: "255.255.255.254" });
    expect(subnet("0.0.0.0/0")).toMatchObject({ totalAddresses: 2 ** 32, broadcast: "255.255.255.255" });
  });

  it.each([
    ["172.30.0.1/30", "network address is 172.30.0.0 — write 172.30.0.0/30"],
    ["172.30.0.0", "needs a prefix length"],
    ["172.30.0.0/33", "from 0 to 32"],
    ["172.30.0.0/abc", "from 0 to 32"],
    ["172.300.0.0/24", "is not an IPv4 address"],
    ["172.30.0/24", "is not an IPv4 address"],
    ["0x10.0.0.0/8", "is not an IPv4 address"],
    ["fd00::/64", "IPv6"],
    ["", "needs a prefix length"],
  ])("refuses %s: %s", (text, message) => {
    const parsed = explainSubnet(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });
});

describe("checkGateway", () => {
  const s = subnet("172.30.0.0/30");
  it("accepts a host address", () => {
    expect(checkGateway(s, "172.30.0.1")).toBeNull();
    expect(checkGateway(s, "172.30.0.2")).toBeNull();
  });
  it("refuses the network and broadcast addresses", () => {
    expect(checkGateway(s, "172.30.0.0")).toMatch(/network address of 172.30.0.0\/30; pick a host address \(172.30.0.1–172.30.0.2\)/);
    expect(checkGateway(s, "172.30.0.3")).toMatch(/broadcast address/);
  });
  it("refuses an address outside the subnet, naming its span", () => {
    expect(checkGateway(s, "172.30.0.4")).toBe("gateway 172.30.0.4 is outside 172.30.0.0/30 (which spans 172.30.0.0–172.30.0.3)");
    expect(checkGateway(s, "10.0.0.1")).toMatch(/outside/);
  });
  it("allows either address of a /31 and refuses a /32", () => {
    expect(checkGateway(subnet("10.0.0.0/31"), "10.0.0.0")).toBeNull();
    expect(checkGateway(subnet("10.0.0.5/32"), "10.0.0.5")).toMatch(/single address/);
  });
  it("refuses garbage", () => {
    expect(checkGateway(s, "gateway")).toMatch(/not an IPv4 address/);
  });
});

describe("checkIpRange", () => {
  const s = subnet("10.20.0.0/16");
  it("accepts a block inside the subnet, including the whole subnet", () => {
    expect(checkIpRange(s, "10.20.5.0/24")).toBeNull();
    expect(checkIpRange(s, "10.20.0.0/16")).toBeNull();
  });
  it("refuses a block outside or larger than the subnet", () => {
    expect(checkIpRange(s, "10.21.0.0/24")).toBe("ip-range 10.21.0.0/24 is not inside the subnet 10.20.0.0/16");
    expect(checkIpRange(s, "10.0.0.0/8")).toMatch(/not inside/);
  });
  it("explains a malformed range", () => {
    expect(checkIpRange(s, "10.20.5.1/24")).toMatch(/^ip-range: .*host bits set/);
  });
});

describe("overlap", () => {
  it("detects containment in both directions and disjoint blocks", () => {
    expect(subnetsOverlap(subnet("10.0.0.0/8"), subnet("10.20.0.0/16"))).toBe(true);
    expect(subnetsOverlap(subnet("10.20.0.0/16"), subnet("10.0.0.0/8"))).toBe(true);
    expect(subnetsOverlap(subnet("172.30.0.0/30"), subnet("172.30.0.4/30"))).toBe(false);
    expect(subnetsOverlap(subnet("172.30.0.0/30"), subnet("172.30.0.2/31"))).toBe(true);
  });
  it("names the first overlapping network and skips IPv6 and garbage subnets", () => {
    const existing = [
      { name: "v6", subnets: ["fd00::/64"] },
      { name: "bridge", subnets: ["172.17.0.0/16"] },
      { name: "app", subnets: ["10.5.0.0/24"] },
    ];
    expect(findOverlap(subnet("10.5.0.128/25"), existing)).toEqual({ network: "app", subnet: "10.5.0.0/24" });
    expect(findOverlap(subnet("10.6.0.0/24"), existing)).toBeNull();
  });
});

describe("checkAddressing", () => {
  it("is clean for the seed case", () => {
    const check = checkAddressing({ subnet: "172.30.0.0/30", gateway: "172.30.0.1" });
    expect(check.errors).toEqual([]);
    expect(check.explanation).toMatchObject({ network: "172.30.0.0", broadcast: "172.30.0.3", usable: 2 });
  });
  it("reports each field's problem", () => {
    const check = checkAddressing({ subnet: "172.30.0.0/24", gateway: "172.31.0.1", ipRange: "172.30.1.0/25" });
    expect(check.errors.map((e) => e.field)).toEqual(["gateway", "ipRange"]);
  });
  it("needs a subnet for a gateway or range, and refuses /32 and huge blocks", () => {
    expect(checkAddressing({ gateway: "10.0.0.1" }).errors).toEqual([{ field: "gateway", message: "a gateway needs a subnet" }]);
    expect(checkAddressing({ subnet: "10.0.0.1/32" }).errors[0]?.message).toMatch(/single address/);
    expect(checkAddressing({ subnet: "0.0.0.0/4" }).errors[0]?.message).toMatch(/prefix of \/8 or longer/);
    expect(checkAddressing({}).errors).toEqual([]);
  });
});
