import type { Engine } from "@dockmaster/docker";
import type { Hop, PortPath, PublishedPortPath } from "@dockmaster/protocol";
import { hasChain, parentPid, parseDnatRules, parseIpLink, parseIpv4Addresses, type DnatRule, type Link } from "./parse";
import { inNetns, realHostAccess, whyFailed, type HostAccess } from "./run";

/**
 * The path of each published port of a container: host IP:port → DNAT rule (nat table, chain
 * DOCKER) → bridge → host-side veth → the container's interface.
 *
 * Where to look: the engine's network namespace is that of the container's containerd shim (the
 * parent of the container's init, /proc/<pid>/stat field 4) — true for an engine in the host's own
 * namespace (production) and for one in a namespace of its own (our testbed). The container's side
 * is read in the container's namespace: its interface `eth0@ifN` names the host-side veth (N).
 * Whatever cannot be read becomes an `unknown` hop with the reason; this never throws for that.
 */

type Reading<T> = { value: T } | { unknown: { reason: string } };
const unknown = (reason: string) => ({ unknown: { reason } }) as const;

async function attempt<T>(what: string, fn: () => Promise<T>): Promise<Reading<T>> {
  try {
    return { value: await fn() };
  } catch (error) {
    return unknown(whyFailed(error, what));
  }
}

interface RawPorts {
  [key: string]: Array<{ HostIp?: string; HostPort?: string }> | null;
}
interface RawInspect {
  Id: string;
  Name?: string;
  State?: { Running?: boolean; Pid?: number };
  HostConfig?: { PortBindings?: RawPorts | null };
  NetworkSettings?: { Ports?: RawPorts | null; Networks?: Record<string, { IPAddress?: string }> | null };
}

/**
 * "80/tcp": [{HostIp: "127.0.0.1", HostPort: "18080"}] → one binding per host socket. `configured`:
 * the container's HostConfig (a stopped container has no live bindings), where "" = a port picked at start (0).
 */
export function publishedBindings(ports: RawPorts | null | undefined, configured = false) {
  const out: Array<{ hostIp: string; hostPort: number; protocol: string; containerPort: number }> = [];
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const [port, protocol = "tcp"] = key.split("/");
    for (const b of bindings ?? []) {
      const hostPort = Number(b.HostPort ?? "");
      if (Number.isInteger(hostPort) && (hostPort > 0 || configured)) out.push({ hostIp: b.HostIp || "0.0.0.0", hostPort, protocol, containerPort: Number(port) });
    }
  }
  return out;
}

/** The DNAT rule serving a binding: same protocol and port; a rule without -d serves every host address. */
export function ruleFor(rules: DnatRule[], b: { hostIp: string; hostPort: number; protocol: string }): DnatRule | undefined {
  const anyAddress = b.hostIp === "0.0.0.0" || b.hostIp === "::" || b.hostIp === "";
  return rules.find((r) => r.protocol === b.protocol && r.hostPort === b.hostPort && (r.hostIp === null || (!anyAddress && r.hostIp === b.hostIp)));
}

interface Readings {
  dnat: Reading<DnatRule[]>;
  engineLinks: Reading<Link[]>;
  containerLinks: Reading<Link[]>;
  containerAddresses: Reading<Array<{ name: string; ip: string }>>;
}

function pathFor(binding: ReturnType<typeof publishedBindings>[number], readings: Readings, fallbackIp: string | null): PublishedPortPath {
  let dnat: PublishedPortPath["dnat"];
  if ("unknown" in readings.dnat) dnat = readings.dnat;
  else {
    const rule = ruleFor(readings.dnat.value, binding);
    dnat = rule
      ? { value: { chain: rule.chain, rule: rule.rule, destinationIp: rule.destinationIp, destinationPort: rule.destinationPort } }
      : unknown(`no DNAT rule for ${binding.protocol} port ${binding.hostPort} in chain DOCKER: this port is served by docker-proxy (the userland proxy) alone`);
  }
  const targetIp = "value" in dnat ? dnat.value.destinationIp : fallbackIp;

  let container: PublishedPortPath["container"];
  if ("unknown" in readings.containerAddresses) container = readings.containerAddresses;
  else if ("unknown" in readings.containerLinks) container = readings.containerLinks;
  else if (!targetIp) container = unknown("the container has no IPv4 address on a network");
  else {
    const address = readings.containerAddresses.value.find((a) => a.ip === targetIp);
    const link = address && readings.containerLinks.value.find((l) => l.name === address.name);
    container =
      link && link.peerIfindex !== null
        ? { value: { name: link.name, ifindex: link.ifindex, mac: link.mac, ip: targetIp, peerIfindex: link.peerIfindex } }
        : unknown(`no interface with address ${targetIp} (and a veth peer) inside the container`);
  }

  let veth: Hop<{ name: string; ifindex: number; mac: string | null }>;
  let bridge: Hop<{ name: string; ifindex: number; mac: string | null }>;
  if ("unknown" in readings.engineLinks) veth = bridge = readings.engineLinks;
  else if ("unknown" in container) veth = bridge = unknown("the container's interface is unknown, so its veth peer is too");
  else {
    const links = readings.engineLinks.value;
    const peer = links.find((l) => l.ifindex === container.value.peerIfindex);
    veth = peer ? { value: { name: peer.name, ifindex: peer.ifindex, mac: peer.mac } } : unknown(`no interface with index ${container.value.peerIfindex} in the engine's network namespace`);
    const master = peer?.master ? links.find((l) => l.name === peer.master) : undefined;
    bridge = master ? { value: { name: master.name, ifindex: master.ifindex, mac: master.mac } } : unknown(peer ? `${peer.name} is not attached to a bridge (no master)` : "the veth is unknown, so its bridge is too");
  }
  return { ...binding, dnat, bridge, veth, container };
}

export async function portPath(engine: Pick<Engine, "endpoint" | "inspectContainer">, id: string, host: HostAccess = realHostAccess): Promise<PortPath> {
  const inspect = (await engine.inspectContainer(id)) as unknown as RawInspect;
  const running = inspect.State?.Running === true;
  const bindings = running ? publishedBindings(inspect.NetworkSettings?.Ports) : publishedBindings(inspect.HostConfig?.PortBindings, true);
  const base = { containerId: inspect.Id, containerName: (inspect.Name ?? "").replace(/^\//, "") };
  const notes: string[] = [];
  const fallbackIp = Object.values(inspect.NetworkSettings?.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress ?? null;
  const everything = (reason: string): PortPath => ({
    ...base,
    notes,
    ports: bindings.map((b) => ({ ...b, dnat: unknown(reason), bridge: unknown(reason), veth: unknown(reason), container: unknown(reason) })),
  });
  if (bindings.length === 0) return { ...base, notes: ["The container publishes no ports."], ports: [] };
  if (!engine.endpoint.startsWith("unix://")) return everything(`the agent reaches the engine at ${engine.endpoint}, not on this machine: the engine host's network cannot be read from here`);
  const pid = inspect.State?.Pid ?? 0;
  if (!running || pid <= 0) return everything("the container is not running: it has no network namespace to look into");

  const stat = await attempt(`reading /proc/${pid}/stat`, () => host.read(`/proc/${pid}/stat`));
  if ("unknown" in stat) return everything(`${stat.unknown.reason} — the container's process is not visible here, so the agent is not on the engine's machine (or runs in another pid namespace)`);
  const shim = parentPid(stat.value);
  if (shim === null) return everything(`cannot parse /proc/${pid}/stat`);
  notes.push(`Engine side read in the network namespace of the container's shim (pid ${shim}); container side in that of its process (pid ${pid}).`);

  const [nat, engineLinks, containerLinks, containerAddresses] = await Promise.all([
    attempt("reading the nat table (iptables -t nat -S DOCKER)", () => inNetns(host, shim, ["iptables", "-t", "nat", "-S", "DOCKER"])),
    attempt("listing the engine's interfaces (ip -o link)", async () => parseIpLink(await inNetns(host, shim, ["ip", "-o", "link"]))),
    attempt("listing the container's interfaces (ip -o link)", async () => parseIpLink(await inNetns(host, pid, ["ip", "-o", "link"]))),
    attempt("listing the container's addresses (ip -o -4 addr)", async () => parseIpv4Addresses(await inNetns(host, pid, ["ip", "-o", "-4", "addr"]))),
  ]);
  const dnat: Reading<DnatRule[]> = "unknown" in nat ? nat : hasChain(nat.value) ? { value: parseDnatRules(nat.value) } : unknown("the nat table has no DOCKER chain");
  if (bindings.some((b) => b.hostIp.startsWith("127."))) {
    notes.push("Connections from the host itself to a loopback address are carried by docker-proxy (the userland proxy); the DNAT rule serves traffic arriving from elsewhere.");
  }
  return { ...base, notes, ports: bindings.map((b) => pathFor(b, { dnat, engineLinks, containerLinks, containerAddresses }, fallbackIp)) };
}
