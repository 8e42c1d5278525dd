/**
 * Strict parsers for what the kernel and its tools print: /proc/<pid>/stat, `iptables -S`,
 * `ip -o link` and `ip -o -4 addr`. A line that does not fit is skipped, never guessed at.
 */

/** The parent pid: field 4 of /proc/<pid>/stat. The command (field 2) may hold spaces and parens. */
export function parentPid(stat: string): number | null {
  const close = stat.lastIndexOf(")");
  if (close < 0) return null;
  const rest = stat.slice(close + 1).trim().split(/\s+/); // state, ppid, …
  const ppid = Number(rest[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
}

export interface DnatRule {
  chain: string;
  /** The rule as iptables prints it, for the user to read. */
  rule: string;
  /** -d: the host address matched (null = any address). */
  hostIp: string | null;
  protocol: string;
  hostPort: number;
  destinationIp: string;
  destinationPort: number;
}

/** DNAT rules of `chain` from `iptables -t nat -S <chain>` or `iptables-save -t nat` output. */
export function parseDnatRules(output: string, chain = "DOCKER"): DnatRule[] {
  const rules: DnatRule[] = [];
  for (const line of output.split("\n").map((l) => l.trim())) {
    if (!line.startsWith(`-A ${chain} `) || !/ -j DNAT /.test(line)) continue;
    const to = /--to-destination (\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})(?:\s|$)/.exec(line);
    const dport = /--dport (\d{1,5})(?:\s|$)/.exec(line);
    const proto = /(?:^|\s)-p (\w+)(?:\s|$)/.exec(line);
    if (!to || !dport || !proto) continue;
    const dest = /(?:^|\s)-d (\d{1,3}(?:\.\d{1,3}){3})\/32(?:\s|$)/.exec(line);
    rules.push({ chain, rule: line, hostIp: dest?.[1] ?? null, protocol: proto[1]!, hostPort: Number(dport[1]), destinationIp: to[1]!, destinationPort: Number(to[2]) });
  }
  return rules;
}

/** Whether the nat table output has the chain at all (`:DOCKER - [0:0]` or `-N DOCKER`). */
export const hasChain = (output: string, chain = "DOCKER") => output.split("\n").some((l) => l.trim() === `-N ${chain}` || l.trim().startsWith(`:${chain} `));

export interface Link {
  ifindex: number;
  name: string;
  /** For a veth: the peer's ifindex (`eth0@if5`), in the peer's namespace. */
  peerIfindex: number | null;
  master: string | null;
  mac: string | null;
}

/** `ip -o link`: one interface per line, e.g. `5: veth84908bf@if4: <…> mtu 1500 … master docker0 … link/ether 22:98:…`. */
export function parseIpLink(output: string): Link[] {
  const links: Link[] = [];
  for (const line of output.split("\n")) {
    const head = /^(\d+):\s+([^\s:@]+)(?:@(?:if(\d+)|[^\s:]+))?:\s+<[^>]*>/.exec(line);
    if (!head) continue;
    const master = /\smaster (\S+)/.exec(line);
    const mac = /link\/ether ([0-9a-f]{2}(?::[0-9a-f]{2}){5})/.exec(line);
    links.push({ ifindex: Number(head[1]), name: head[2]!, peerIfindex: head[3] ? Number(head[3]) : null, master: master?.[1] ?? null, mac: mac?.[1] ?? null });
  }
  return links;
}

/** `ip -o -4 addr`: interface name → its IPv4 addresses, e.g. `4: eth0    inet 192.168.1.2/24 brd …`. */
export function parseIpv4Addresses(output: string): Array<{ ifindex: number; name: string; ip: string; prefix: number }> {
  const out: Array<{ ifindex: number; name: string; ip: string; prefix: number }> = [];
  for (const line of output.split("\n")) {
    const m = /^(\d+):\s+(\S+)\s+inet (\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})\s/.exec(line);
    if (m) out.push({ ifindex: Number(m[1]), name: m[2]!, ip: m[3]!, prefix: Number(m[4]) });
  }
  return out;
}
