import type { ContainerCreateSpec } from "@dockmaster/protocol";
import type { ServiceContext } from "./context";
import type { Path } from "./diagnostics";
import { isPlain } from "./merge";
import { scalarText } from "./lists";

export type PortBinding = NonNullable<ContainerCreateSpec["portBindings"]>[number];
type Protocol = PortBinding["protocol"];

/**
 * `ports:` in both syntaxes. Short: "80", "8080:80", "127.0.0.1:8080:80", "127.0.0.1::80",
 * "[::1]:8080:80", "8000-8002:80-82", "3000-3005", "53:53/udp". Long: target, published (a port or
 * a range), host_ip, protocol. A host range onto one container port (the engine picking one) is
 * refused: a binding here names one host port.
 */
export function parsePorts(value: unknown, ctx: ServiceContext): PortBinding[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i) => (isPlain(item) ? longPort(item, ctx, ["ports", i]) : shortPort(scalarText(item), ctx, ["ports", i])));
}

function shortPort(text: string, ctx: ServiceContext, path: Path): PortBinding[] {
  const [spec, protocolText = "tcp"] = splitProtocol(text);
  const protocol = asProtocol(protocolText);
  if (!protocol) return fail(ctx, path, `port "${text}": the protocol must be tcp, udp or sctp`);
  let hostIp = "";
  let rest = spec;
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(spec);
  if (bracketed) {
    hostIp = bracketed[1]!;
    rest = bracketed[2]!;
  }
  const parts = rest.split(":");
  let host = "";
  let container: string;
  if (parts.length === 1 && !bracketed) container = parts[0]!;
  else if (parts.length === 2) [host, container] = parts as [string, string];
  else if (parts.length === 3 && !bracketed) [hostIp, host, container] = parts as [string, string, string];
  else return fail(ctx, path, `port "${text}" is not of the form [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`);
  if (hostIp && !isIp(hostIp)) return fail(ctx, path, `port "${text}": "${hostIp}" is not an IP address`);
  return bindings(host, container, hostIp, protocol, ctx, path, text);
}

function longPort(item: Record<string, unknown>, ctx: ServiceContext, path: Path): PortBinding[] {
  const protocol = asProtocol(scalarText(item.protocol ?? "tcp"));
  if (!protocol) return fail(ctx, [...path, "protocol"], `the protocol must be tcp, udp or sctp`);
  const hostIp = item.host_ip === undefined ? "" : scalarText(item.host_ip);
  if (hostIp && !isIp(hostIp)) return fail(ctx, [...path, "host_ip"], `"${hostIp}" is not an IP address`);
  const published = item.published === undefined ? "" : scalarText(item.published);
  return bindings(published, scalarText(item.target), hostIp, protocol, ctx, path, `${published ? published + ":" : ""}${scalarText(item.target)}`);
}

function bindings(host: string, container: string, hostIp: string, protocol: Protocol, ctx: ServiceContext, path: Path, text: string): PortBinding[] {
  const containerPorts = range(container);
  const hostPorts = host === "" ? undefined : range(host);
  if (!containerPorts || (host !== "" && !hostPorts)) return fail(ctx, path, `port "${text}": ports are numbers from 1 to 65535, or ranges like 8000-8002`);
  if (hostPorts && hostPorts.length !== containerPorts.length) {
    const message =
      containerPorts.length === 1
        ? `port "${text}": a host port range onto one container port is not supported; publish one host port`
        : `port "${text}": the host and container ranges must have the same length`;
    return fail(ctx, path, message);
  }
  return containerPorts.map((containerPort, i) => ({ containerPort, protocol, hostIp, hostPort: hostPorts ? scalarText(hostPorts[i]) : "" }));
}

function range(text: string): number[] | undefined {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (from < 1 || to > 65535 || to < from || to - from > 1000) return undefined;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function splitProtocol(text: string): [string, string?] {
  const slash = text.lastIndexOf("/");
  return slash < 0 ? [text] : [text.slice(0, slash), text.slice(slash + 1)];
}

function asProtocol(text: string): Protocol | undefined {
  const lower = text.toLowerCase();
  return lower === "tcp" || lower === "udp" || lower === "sctp" ? lower : undefined;
}

export function isIp(text: string): boolean {
  return /^(\d{1,3})(\.\d{1,3}){3}$/.test(text) ? text.split(".").every((n) => Number(n) <= 255) : /^[0-9a-fA-F:]+(%\w+)?$/.test(text) && text.includes(":");
}

/** `expose:` entries ("80", "80/udp", "3000-3002", 8080) as the engine's exposed ports ("80/tcp"). */
export function parseExpose(value: unknown, ctx: ServiceContext): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i) => {
    const [spec, protocolText = "tcp"] = splitProtocol(scalarText(item));
    const ports = range(spec);
    const protocol = asProtocol(protocolText);
    if (!ports || !protocol) return fail(ctx, ["expose", i], `expose "${scalarText(item)}": a port (or range) with an optional /tcp, /udp or /sctp`);
    return ports.map((port) => `${port}/${protocol}`);
  });
}

function fail(ctx: ServiceContext, path: Path, message: string): never[] {
  ctx.error(path, message);
  return [];
}
