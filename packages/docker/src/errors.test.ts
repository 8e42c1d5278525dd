import { describe, expect, it } from "vitest";
import { EngineError, errorMapper, toEngineError } from "./errors";

// Shapes as dockerode / docker-modem produce them.
const http = (statusCode: number, message: string) => Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json: { message } });

describe("toEngineError", () => {
  it.each([
    [404, "NOT_FOUND", "No such container: x"],
    [409, "CONFLICT", "You cannot remove a running container abc. Stop the container before attempting removal or force remove"],
    [400, "BAD_REQUEST", "invalid reference format"],
    [500, "ENGINE_ERROR", "driver failed programming external connectivity"],
    [503, "ENGINE_ERROR", "service unavailable"],
  ])("maps HTTP %i to %s and keeps the engine's message", (status, code, message) => {
    const error = toEngineError(http(status, message));
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code, message, statusCode: status, name: "EngineError" });
  });

  it("finds the engine's message when the body was not JSON", () => {
    expect(toEngineError({ statusCode: 500, json: "page not found\n" }).message).toBe("page not found");
    expect(toEngineError({ statusCode: 502, json: Buffer.from("bad gateway") }).message).toBe("bad gateway");
    expect(toEngineError({ statusCode: 409, json: null, message: "(HTTP code 409) unexpected - name in use " }).message).toBe("name in use");
    expect(toEngineError({ statusCode: 500, json: null, message: "" }).message).toBe("the engine answered HTTP 500");
  });

  it.each([
    ["ECONNREFUSED", "connection refused"],
    ["ENOENT", "no such socket"],
    ["EACCES", "permission denied"],
    ["ECONNRESET", "connection reset"],
  ])("says %s means the engine is unreachable, and where", (code, words) => {
    const error = toEngineError(Object.assign(new Error(`connect ${code} /x.sock`), { code }), "unix:///x.sock");
    expect(error.code).toBe("ENGINE_UNREACHABLE");
    expect(error.message).toBe(`cannot reach the Docker engine at unix:///x.sock: ${words} (${code})`);
  });

  it("treats TLS handshake failures as unreachable, with the reason", () => {
    const error = toEngineError(Object.assign(new Error("self-signed certificate in certificate chain"), { code: "SELF_SIGNED_CERT_IN_CHAIN" }), "https://h:2376");
    expect(error).toMatchObject({ code: "ENGINE_UNREACHABLE", message: "cannot reach the Docker engine at https://h:2376: TLS failed: self-signed certificate in certificate chain" });
  });

  it("never puts a stack in the message, and passes EngineErrors through", () => {
    const error = toEngineError(new TypeError("boom"));
    expect(error).toMatchObject({ code: "ENGINE_ERROR", message: "boom" });
    expect(toEngineError("weird")).toMatchObject({ code: "ENGINE_ERROR", message: "weird" });
    const original = new EngineError("NOT_FOUND", "gone");
    expect(toEngineError(original)).toBe(original);
  });
});

describe("errorMapper", () => {
  const errors = errorMapper("unix:///x.sock");

  it("maps failures of calls", async () => {
    await expect(errors.call(() => Promise.reject(http(404, "No such image: y")))).rejects.toMatchObject({ code: "NOT_FOUND", message: "No such image: y" });
    await expect(errors.call(() => Promise.resolve(42))).resolves.toBe(42);
  });

  it("treats 304 (already started / already stopped) as success only where asked", async () => {
    const notModified = Object.assign(new Error("(HTTP code 304) container already started - "), { statusCode: 304 });
    await expect(errors.idempotent(() => Promise.reject(notModified))).resolves.toBeUndefined();
    await expect(errors.idempotent(() => Promise.reject(http(409, "is paused")))).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(errors.call(() => Promise.reject(notModified))).rejects.toMatchObject({ code: "ENGINE_ERROR" });
  });
});
