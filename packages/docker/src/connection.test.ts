import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// Every temp dir a test makes is removed afterwards: tests leave nothing behind.
const made: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "dm-certs-"));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
import { describeEndpoint, engineConfigFromEnv, engineConfigFromUrl } from "./connection";

describe("engineConfigFromEnv", () => {
  it("defaults to the standard unix socket", () => {
    expect(engineConfigFromEnv({})).toEqual({ kind: "unix", socketPath: "/var/run/docker.sock" });
    expect(engineConfigFromEnv({ dockerHost: "  " })).toEqual({ kind: "unix", socketPath: "/var/run/docker.sock" });
  });

  it("accepts unix:// URLs and bare socket paths", () => {
    expect(engineConfigFromEnv({ dockerHost: "unix:///run/user/1000/docker.sock" })).toEqual({ kind: "unix", socketPath: "/run/user/1000/docker.sock" });
    expect(engineConfigFromEnv({ dockerHost: "/tmp/d.sock" })).toEqual({ kind: "unix", socketPath: "/tmp/d.sock" });
  });

  it("reads tcp with the docker CLI's default ports", () => {
    expect(engineConfigFromEnv({ dockerHost: "tcp://10.0.0.5" })).toEqual({ kind: "tcp", host: "10.0.0.5", port: 2375 });
    expect(engineConfigFromEnv({ dockerHost: "tcp://10.0.0.5:12375" })).toEqual({ kind: "tcp", host: "10.0.0.5", port: 12375 });
    expect(engineConfigFromEnv({ dockerHost: "tcp://[fd00::5]:2375" })).toEqual({ kind: "tcp", host: "fd00::5", port: 2375 });
  });

  it("loads ca.pem, cert.pem and key.pem from the cert dir for TLS", () => {
    const dir = tempDir();
    for (const f of ["ca.pem", "cert.pem", "key.pem"]) writeFileSync(join(dir, f), `${f} content`);
    const config = engineConfigFromEnv({ dockerHost: "tcp://engine.lan", tlsVerify: true, certPath: dir });
    expect(config).toMatchObject({ kind: "tcp", host: "engine.lan", port: 2376 });
    if (config.kind !== "tcp" || !config.tls) throw new Error("expected tcp with TLS");
    expect(config.tls.ca.toString()).toBe("ca.pem content");
    expect(config.tls.cert.toString()).toBe("cert.pem content");
    expect(config.tls.key.toString()).toBe("key.pem content");
    // A cert dir alone means TLS, as with the docker CLI; tlsVerify: false turns it off.
    expect(engineConfigFromEnv({ dockerHost: "tcp://h", certPath: dir })).toMatchObject({ port: 2376, tls: {} });
    expect(engineConfigFromEnv({ dockerHost: "tcp://h", certPath: dir, tlsVerify: false })).toEqual({ kind: "tcp", host: "h", port: 2375 });
  });

  it.each([
    ["ssh://me@host", /not supported/],
    ["npipe:////./pipe/docker_engine", /not supported/],
    ["docker.sock", /not supported/],
    ["unix://relative.sock", /absolute socket path/],
    ["tcp://[bad", /not a valid tcp:\/\/host:port/],
    ["tcp://host:notaport", /not a valid tcp:\/\/host:port/],
    ["tcp://host:2375/some/path", /not a valid tcp:\/\/host:port/],
    ["tcp://", /not a valid tcp:\/\/host:port/],
  ])("names the problem with DOCKER_HOST=%s", (dockerHost, message) => {
    expect(() => engineConfigFromEnv({ dockerHost })).toThrow(message);
  });

  it("refuses TLS without a cert dir, and names a missing file", () => {
    expect(() => engineConfigFromEnv({ dockerHost: "tcp://h:2376", tlsVerify: true })).toThrow(/DOCKER_CERT_PATH/);
    const empty = tempDir();
    expect(() => engineConfigFromEnv({ dockerHost: "tcp://h:2376", tlsVerify: true, certPath: empty })).toThrow(/cannot read ca.pem.*ENOENT/);
  });
});

describe("describeEndpoint", () => {
  it("writes the address as users do", () => {
    expect(describeEndpoint({ kind: "unix", socketPath: "/x.sock" })).toBe("unix:///x.sock");
    expect(describeEndpoint({ kind: "tcp", host: "h", port: 2375 })).toBe("tcp://h:2375");
    expect(describeEndpoint({ kind: "tcp", host: "h", port: 2376, tls: { ca: Buffer.from(""), cert: Buffer.from(""), key: Buffer.from("") } })).toBe("https://h:2376");
  });
});

describe("engineConfigFromUrl (direct engines: PEM text from the database)", () => {
  const tls = { ca: "CA PEM", cert: "CERT PEM", key: "KEY PEM" };
  it("reads unix sockets and tcp with TLS (2376 by default)", () => {
    expect(engineConfigFromUrl("unix:///run/docker.sock")).toEqual({ kind: "unix", socketPath: "/run/docker.sock" });
    expect(engineConfigFromUrl("tcp://10.0.0.5", tls)).toEqual({ kind: "tcp", host: "10.0.0.5", port: 2376, tls: { ca: Buffer.from("CA PEM"), cert: Buffer.from("CERT PEM"), key: Buffer.from("KEY PEM") } });
    expect(engineConfigFromUrl("tcp://h:12376", tls)).toMatchObject({ port: 12376 });
  });
  it("refuses plain tcp, TLS for a socket and other schemes", () => {
    expect(() => engineConfigFromUrl("tcp://h:2375")).toThrow(/needs TLS/);
    expect(() => engineConfigFromUrl("unix:///run/docker.sock", tls)).toThrow(/unix socket takes none/);
    expect(() => engineConfigFromUrl("ssh://h")).toThrow(/not supported/);
  });
});
