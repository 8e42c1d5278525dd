import ipaddr from "ipaddr.js";

/**
 * IPv4 subnet arithmetic with explanations a user can learn from. Pure (no I/O): the zod schema of
 * network create, the router's overlap check and the UI form (live, as the user types) all use it.
 * Parsing is ipaddr.js; the arithmetic is on 32-bit unsigned integers.
 */

export interface SubnetExplanation {
  /** The block in canonical form, e.g. 172.30.0.0/30. */
  cidr: string;
  prefix: number;
  network: string;
  netmask: string;
  /** null for /31 and /32, which have no broadcast address. */
  broadcast: string | null;
  totalAddresses: number;
  /** Host addresses: all but network and broadcast (/31: both, RFC 3021; /32: the one). */
  usable: number;
  firstUsable: string | null;
  lastUsable: string | null;
  /** Sentences for the user: what the numbers mean. */
  notes: string[];
}

export type CidrParsed<T> = { ok: true; value: T } | { ok: false; error: string };

const toInt = (a: ipaddr.IPv4) => a.octets.reduce((n, o) => n * 256 + o, 0);
const toAddr = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
const blockSize = (prefix: number) => 2 ** (32 - prefix);

function parseIPv4(text: string, what: string): CidrParsed<ipaddr.IPv4> {
  const t = text.trim();
  if (!ipaddr.IPv4.isValidFourPartDecimal(t)) {
    if (ipaddr.IPv6.isValid(t)) return { ok: false, error: `${what} ${t} is IPv6: only IPv4 subnets are supported here` };
    return { ok: false, error: `${what} "${t}" is not an IPv4 address (four numbers 0–255 separated by dots, e.g. 172.30.0.1)` };
  }
  return { ok: true, value: ipaddr.IPv4.parse(t) };
}

/** Parses "a.b.c.d/n" and explains the block. Host bits set (172.30.0.1/30) is an error naming the right form. */
export function explainSubnet(text: string): CidrParsed<SubnetExplanation> {
  const t = text.trim();
  const slash = t.indexOf("/");
  if (slash < 0) return { ok: false, error: `subnet "${t}" needs a prefix length: write it as address/prefix, e.g. 172.30.0.0/24` };
  const address = parseIPv4(t.slice(0, slash), "subnet address");
  if (!address.ok) return address;
  const prefixText = t.slice(slash + 1);
  if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) return { ok: false, error: `prefix length "/${prefixText}" must be a whole number from 0 to 32` };
  const prefix = Number(prefixText);
  const size = blockSize(prefix);
  const ip = toInt(address.value);
  const base = ip - (ip % size);
  if (base !== ip) {
    return { ok: false, error: `${t} has host bits set: a /${prefix} block starts at a multiple of ${size}, so the network address is ${toAddr(base)} — write ${toAddr(base)}/${prefix}` };
  }
  const last = base + size - 1;
  const netmask = ipaddr.IPv4.subnetMaskFromPrefixLength(prefix).toString();
  const notes = [`/${prefix} keeps the first ${prefix} bits fixed (netmask ${netmask}), leaving ${32 - prefix} host bits: ${size.toLocaleString("en")} addresses, ${toAddr(base)} to ${toAddr(last)}.`];
  let explanation: SubnetExplanation;
  if (prefix === 32) {
    explanation = { cidr: `${toAddr(base)}/32`, prefix, network: toAddr(base), netmask, broadcast: null, totalAddresses: 1, usable: 1, firstUsable: toAddr(base), lastUsable: toAddr(base), notes };
    notes.push("A /32 is a single address: there is no room for a gateway and a container on the same network.");
  } else if (prefix === 31) {
    explanation = { cidr: `${toAddr(base)}/31`, prefix, network: toAddr(base), netmask, broadcast: null, totalAddresses: 2, usable: 2, firstUsable: toAddr(base), lastUsable: toAddr(last), notes };
    notes.push("A /31 is a point-to-point link (RFC 3021): no network or broadcast address, both addresses are usable — the gateway takes one, leaving one for a container.");
  } else {
    const usable = size - 2;
    explanation = { cidr: `${toAddr(base)}/${prefix}`, prefix, network: toAddr(base), netmask, broadcast: toAddr(last), totalAddresses: size, usable, firstUsable: toAddr(base + 1), lastUsable: toAddr(last - 1), notes };
    notes.push(
      `${toAddr(base)} names the network and ${toAddr(last)} is the broadcast address; neither can be given to a host, so ${usable.toLocaleString("en")} usable addresses remain (${toAddr(base + 1)}–${toAddr(last - 1)}).`,
      `Docker gives one of them to the gateway (the bridge on the host), so at most ${Math.max(usable - 1, 0).toLocaleString("en")} container${usable - 1 === 1 ? " fits" : "s fit"}.`,
    );
  }
  return { ok: true, value: explanation };
}

const bounds = (s: SubnetExplanation) => {
  const start = toInt(ipaddr.IPv4.parse(s.network));
  return { start, end: start + s.totalAddresses - 1 };
};

/** The gateway must be a host address of the subnet: inside it, not its network nor broadcast address. */
export function checkGateway(subnet: SubnetExplanation, gatewayText: string): string | null {
  const gateway = parseIPv4(gatewayText, "gateway");
  if (!gateway.ok) return gateway.error;
  const g = toInt(gateway.value);
  const { start, end } = bounds(subnet);
  const name = gateway.value.toString();
  if (g < start || g > end) return `gateway ${name} is outside ${subnet.cidr} (which spans ${subnet.network}–${toAddr(end)})`;
  if (subnet.prefix === 32) return `${subnet.cidr} is a single address: it cannot hold a gateway and containers`;
  if (subnet.prefix <= 30 && g === start) return `gateway ${name} is the network address of ${subnet.cidr}; pick a host address (${subnet.firstUsable}–${subnet.lastUsable})`;
  if (subnet.prefix <= 30 && g === end) return `gateway ${name} is the broadcast address of ${subnet.cidr}; pick a host address (${subnet.firstUsable}–${subnet.lastUsable})`;
  return null;
}

/** The ip-range (where the engine allocates container addresses) must be a block inside the subnet. */
export function checkIpRange(subnet: SubnetExplanation, rangeText: string): string | null {
  const range = explainSubnet(rangeText);
  if (!range.ok) return `ip-range: ${range.error}`;
  const r = bounds(range.value);
  const s = bounds(subnet);
  if (r.start < s.start || r.end > s.end) return `ip-range ${range.value.cidr} is not inside the subnet ${subnet.cidr}`;
  return null;
}

/** Whether two blocks share any address (for CIDR blocks: one contains the other). */
export function subnetsOverlap(a: SubnetExplanation, b: SubnetExplanation): boolean {
  const x = bounds(a);
  const y = bounds(b);
  return x.start <= y.end && y.start <= x.end;
}

export interface ExistingNetwork {
  name: string;
  subnets: string[];
}

/** The first existing network whose subnet shares addresses with `subnet` (IPv6 subnets are skipped). */
export function findOverlap(subnet: SubnetExplanation, existing: ExistingNetwork[]): { network: string; subnet: string } | null {
  for (const n of existing) {
    for (const s of n.subnets) {
      const other = explainSubnet(s);
      if (other.ok && subnetsOverlap(subnet, other.value)) return { network: n.name, subnet: other.value.cidr };
    }
  }
  return null;
}

export interface AddressingInput {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
}

export interface AddressingCheck {
  explanation: SubnetExplanation | null;
  /** Per field, the first problem; empty when the addressing is consistent. */
  errors: Array<{ field: "subnet" | "gateway" | "ipRange"; message: string }>;
}

/** Everything the form and the schema check about subnet + gateway + ip-range, in one place. */
export function checkAddressing(input: AddressingInput): AddressingCheck {
  const errors: AddressingCheck["errors"] = [];
  const subnetText = input.subnet?.trim() ?? "";
  if (!subnetText) {
    if (input.gateway?.trim()) errors.push({ field: "gateway", message: "a gateway needs a subnet" });
    if (input.ipRange?.trim()) errors.push({ field: "ipRange", message: "an ip-range needs a subnet" });
    return { explanation: null, errors };
  }
  const parsed = explainSubnet(subnetText);
  if (!parsed.ok) return { explanation: null, errors: [{ field: "subnet", message: parsed.error }] };
  const subnet = parsed.value;
  if (subnet.prefix === 32) errors.push({ field: "subnet", message: `${subnet.cidr} is a single address: it leaves no room for a gateway and containers (use /30 or larger)` });
  if (subnet.prefix < 8) errors.push({ field: "subnet", message: `${subnet.cidr} spans ${subnet.totalAddresses.toLocaleString("en")} addresses: use a prefix of /8 or longer` });
  const gateway = input.gateway?.trim() ? checkGateway(subnet, input.gateway) : null;
  if (gateway) errors.push({ field: "gateway", message: gateway });
  const range = input.ipRange?.trim() ? checkIpRange(subnet, input.ipRange) : null;
  if (range) errors.push({ field: "ipRange", message: range });
  return { explanation: subnet, errors };
}
