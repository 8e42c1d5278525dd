import { afterEach, describe, expect, it, vi } from "vitest";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { AppError } from "@dockmaster/core";
import { describeZodError, publicMessage, toTrpcError } from "./errors";

const prismaText = "Invalid `db.host.findFirst()` invocation in /srv/packages/core/src/hosts/inventory.ts:85:29 JSON Error: unexpected end of hex escape";

describe("errors a client sees", () => {
  afterEach(() => vi.restoreAllMocks());

  it("an unknown error, or a tRPC internal error carrying one, becomes an opaque internal error", () => {
    expect(toTrpcError(new Error(prismaText))).toMatchObject({ code: "INTERNAL_SERVER_ERROR", message: "internal error" });
    expect(toTrpcError(new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: prismaText, cause: new Error(prismaText) }))).toMatchObject({ code: "INTERNAL_SERVER_ERROR", message: "internal error" });
    expect(toTrpcError(new AppError("INTERNAL", prismaText)).message).toBe("internal error");
    expect(toTrpcError(new AppError("NOT_FOUND", "host h1 not found"))).toMatchObject({ code: "NOT_FOUND", message: "host h1 not found" });
  });

  it("an internal error's message is a reference; its detail goes to the server log with it", () => {
    const log = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const message = publicMessage(new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: prismaText, cause: new Error(prismaText) }), { requestId: "req-1", path: "hosts.get" });
    expect(message).toBe("internal error (reference req-1)");
    const logged = String(log.mock.calls[0]?.[0]);
    expect(logged).toContain("req-1");
    expect(logged).toContain("unexpected end of hex escape");
  });

  it("a refused input reads as field: problem, unknown keys named", () => {
    const result = z.strictObject({ name: z.string(), spec: z.strictObject({ size: z.number() }) }).safeParse({ name: 1, hostId: "h", spec: { size: 1, extra: true } });
    expect(describeZodError(result.error!)).toBe('name: Invalid input: expected string, received number; spec: unknown key "extra"; unknown key "hostId"');
    expect(toTrpcError(new TRPCError({ code: "BAD_REQUEST", cause: result.error! })).message).toMatch(/^invalid input: name: /);
  });
});
