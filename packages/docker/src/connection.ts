import { readFileSync } from "node:fs";
import { join } from "node:path";
import Docker from "dockerode";

/** Where an engine listens. TLS material is the content of ca.pem / cert.pem / key.pem. */
export type EngineConfig =
  | { kind: "unix"; socketPath: string }
  | { kind: "tcp"; host: string; port: number; tls?: { ca: Buffer; cert: Buffer; key: Buffer } };

export const DEFAULT_SOCKET = "/var/run/docker.sock";

/**
 * The engine named by DOCKER_HOST-style values, which the caller reads from its environment
 * (this module never touches process.env): `unix:///path`, a bare absolute socket path, or
 * `tcp://host[:port]`, with TLS when `tlsVerify` is set or `certPath` is given (a directory
 * holding ca.pem, cert.pem and key.pem, like the docker CLI's DOCKER_CERT_PATH).
 */
export function engineConfigFromEnv(values: { dockerHost?: string; tlsVerify?: boolean; certPath?: string }): EngineConfig {
  const dockerHost = values.dockerHost?.trim() || `unix://${DEFAULT_SOCKET}`;
  if (dockerHost.startsWith("/")) return { kind: "unix", socketPath: dockerHost };
  if (dockerHost.startsWith("unix://")) return unixConfig(dockerHost);
  if (dockerHost.startsWith("tcp://")) return tcpConfig(dockerHost, values);
  throw new Error(`DOCKER_HOST "${dockerHost}" is not supported: use unix:///path/to/docker.sock or tcp://host:port`);
}

/**
 * An engine the control plane reaches itself: `unix:///path`, or `tcp://host[:port]` with the
 * TLS material given as PEM text (from the database, not files). Plain tcp is refused: an
 * engine's API without TLS is root on that machine for anyone on the network.
 */
export function engineConfigFromUrl(url: string, tls?: { ca: string; cert: string; key: string }): EngineConfig {
  if (url.startsWith("unix://")) {
    if (tls) throw new Error("TLS material is for tcp:// engines; a unix socket takes none");
    return unixConfig(url);
  }
  if (!url.startsWith("tcp://")) throw new Error(`engine address "${url}" is not supported: use unix:///path/to/docker.sock or tcp://host:2376`);
  if (!tls) throw new Error("a tcp:// engine needs TLS: the CA, client certificate and key");
  return { kind: "tcp", ...tcpAddress(url, true), tls: { ca: Buffer.from(tls.ca), cert: Buffer.from(tls.cert), key: Buffer.from(tls.key) } };
}

function unixConfig(dockerHost: string): EngineConfig {
  const socketPath = dockerHost.slice("unix://".length);
  if (!socketPath.startsWith("/")) throw new Error(`DOCKER_HOST "${dockerHost}" must name an absolute socket path, e.g. unix:///var/run/docker.sock`);
  return { kind: "unix", socketPath };
}

/** host and port of `tcp://host[:port]`; the docker CLI's default port: 2376 with TLS, 2375 without. */
function tcpAddress(dockerHost: string, useTls: boolean): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(dockerHost.replace(/^tcp:/, "http:"));
  } catch {
    throw new Error(`DOCKER_HOST "${dockerHost}" is not a valid tcp://host:port address`);
  }
  if (!url.hostname || (url.pathname !== "/" && url.pathname !== "") || url.search || url.username) {
    throw new Error(`DOCKER_HOST "${dockerHost}" is not a valid tcp://host:port address`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1"); // IPv6 literals without brackets
  return { host, port: url.port ? Number(url.port) : useTls ? 2376 : 2375 };
}

function tcpConfig(dockerHost: string, values: { tlsVerify?: boolean; certPath?: string }): EngineConfig {
  const useTls = values.tlsVerify ?? Boolean(values.certPath);
  const { host, port } = tcpAddress(dockerHost, useTls);
  if (!useTls) return { kind: "tcp", host, port };
  if (!values.certPath) throw new Error("DOCKER_TLS_VERIFY is set but DOCKER_CERT_PATH (the directory with ca.pem, cert.pem, key.pem) is not");
  return { kind: "tcp", host, port, tls: readCerts(values.certPath) };
}

function readCerts(dir: string): { ca: Buffer; cert: Buffer; key: Buffer } {
  const read = (file: string) => {
    try {
      return readFileSync(join(dir, file));
    } catch (error) {
      throw new Error(`cannot read ${file} in DOCKER_CERT_PATH ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  };
  return { ca: read("ca.pem"), cert: read("cert.pem"), key: read("key.pem") };
}

/** The engine's address as users write it, for error messages. */
export function describeEndpoint(config: EngineConfig): string {
  return config.kind === "unix" ? `unix://${config.socketPath}` : `${config.tls ? "https" : "tcp"}://${config.host}:${config.port}`;
}

/** A dockerode client for the engine. Connects lazily: creating one does no I/O. */
export function connect(config: EngineConfig): Docker {
  if (config.kind === "unix") return new Docker({ socketPath: config.socketPath });
  if (!config.tls) return new Docker({ protocol: "http", host: config.host, port: config.port });
  return new Docker({ protocol: "https", host: config.host, port: config.port, ...config.tls });
}
