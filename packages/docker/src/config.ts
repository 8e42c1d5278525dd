import { readFileSync } from "node:fs";
import { join } from "node:path";

export type EngineConfig =
  | { kind: "unix"; socketPath: string }
  | { kind: "tcp"; host: string; port: number; tls?: { ca: Buffer; cert: Buffer; key: Buffer } };

export const DEFAULT_SOCKET = "/var/run/docker.sock";

/**
 * Where the engine is, from DOCKER_HOST-style values (the caller reads the environment):
 * `unix:///path`, a bare socket path, or `tcp://host:port` (+ cert dir holding ca.pem, cert.pem, key.pem).
 */
export function engineConfigFromEnv(values: { dockerHost?: string; tlsVerify?: boolean; certPath?: string }): EngineConfig {
  const dockerHost = values.dockerHost?.trim() || `unix://${DEFAULT_SOCKET}`;
  if (dockerHost.startsWith("unix://")) {
    const socketPath = dockerHost.slice("unix://".length);
    if (!socketPath.startsWith("/")) throw new Error(`DOCKER_HOST ${dockerHost} must name an absolute socket path`);
    return { kind: "unix", socketPath };
  }
  if (dockerHost.startsWith("/")) return { kind: "unix", socketPath: dockerHost };
  if (dockerHost.startsWith("tcp://")) {
    let url: URL;
    try {
      url = new URL(dockerHost.replace(/^tcp:/, "http:"));
    } catch {
      throw new Error(`DOCKER_HOST ${dockerHost} is not a valid tcp://host:port address`);
    }
    const useTls = values.tlsVerify ?? Boolean(values.certPath);
    const port = url.port ? Number(url.port) : useTls ? 2376 : 2375;
    if (!useTls) return { kind: "tcp", host: url.hostname, port };
    if (!values.certPath) throw new Error("DOCKER_TLS_VERIFY is set but DOCKER_CERT_PATH is not");
    const read = (file: string) => readFileSync(join(values.certPath!, file));
    return { kind: "tcp", host: url.hostname, port, tls: { ca: read("ca.pem"), cert: read("cert.pem"), key: read("key.pem") } };
  }
  throw new Error(`DOCKER_HOST ${dockerHost} is not supported: use unix:///path/to/docker.sock or tcp://host:port`);
}
