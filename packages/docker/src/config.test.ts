import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { engineConfigFromEnv } from "./config";
import { toEngineError } from "./errors";

describe("engineConfigFromEnv", () => {
  it("defaults to the standard unix socket", () => {
    expect(engineConfigFromEnv({})).toEqual({ kind: "unix", socketPath: "/var/run/docker.sock" });
  });

  it("accepts unix:// URLs and bare socket paths", () => {
    expect(engineConfigFromEnv({ dockerHost: "unix:///run/user/1000/docker.sock" })).toEqual({ kind: "unix", socketPath: "/run/user/1000/docker.sock" });
    expect(engineConfigFromEnv({ dockerHost: "/tmp/d.sock" })).toEqual({ kind: "unix", socketPath: "/tmp/d.sock" });
  });

  it("reads tcp with the default ports and loads TLS material from the cert dir", () => {
    expect(engineConfigFromEnv({ dockerHost: "tcp://10.0.0.5" })).toEqual({ kind: "tcp", host: "10.0.0.5", port: 2375 });
    const dir = mkdtempSync(join(tmpdir(), "dm-certs-"));
    for (const f of ["ca.pem", "cert.pem", "key.pem"]) writeFileSync(join(dir, f), f);
    const tls = engineConfigFromEnv({ dockerHost: "tcp://engine.lan:2376", tlsVerify: true, certPath: dir });
    expect(tls).toMatchObject({ kind: "tcp", host: "engine.lan", port: 2376 });
    expect(tls.kind === "tcp" && tls.tls?.ca.toString()).toBe("ca.pem");
  });

  it.each([
    ["ssh://me@host", /not supported/],
    ["unix://relative.sock", /absolute socket path/],
    ["tcp://[bad", /not a valid/],
  ])("names the problem with %s", (dockerHost, message) => {
    expect(() => engineConfigFromEnv({ dockerHost })).toThrow(message);
  });

  it("refuses TLS without a cert dir", () => {
    expect(() => engineConfigFromEnv({ dockerHost: "tcp://h:2376", tlsVerify: true })).toThrow(/DOCKER_CERT_PATH/);
  });
});

describe("toEngineError", () => {
  it.each([
    [{ statusCode: 404, json: { message: "No such container: x" } }, "NOT_FOUND", "No such container: x"],
    [{ statusCode: 409, json: { message: "You cannot remove a running container abc" } }, "CONFLICT", "You cannot remove a running container abc"],
    [{ statusCode: 400, json: { message: "invalid reference format" } }, "BAD_REQUEST", "invalid reference format"],
    [{ statusCode: 500, json: { message: "boom" } }, "ENGINE_ERROR", "boom"],
    [{ code: "ECONNREFUSED", message: "connect ECONNREFUSED /x.sock" }, "ENGINE_UNREACHABLE", "cannot reach the Docker engine (ECONNREFUSED)"],
  ])("maps %j", (raw, code, message) => {
    const error = toEngineError(raw);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });
});
