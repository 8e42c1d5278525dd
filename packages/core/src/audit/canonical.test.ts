import { describe, expect, it } from "vitest";
import { auditHash, GENESIS_HASH, type AuditHashedFields } from "./canonical";
import { redactParams } from "./redact";

const record: AuditHashedFields = {
  seq: 1,
  time: new Date("2026-01-01T00:00:00Z"),
  actorType: "user",
  actorId: "u1",
  actorName: "alice",
  ip: "127.0.0.1",
  userAgent: null,
  action: "containers.stop",
  hostId: "h1",
  targetType: "containers",
  targetId: "web",
  targetName: null,
  params: "{}",
  result: "ok",
  error: null,
  durationMs: 12,
  correlationId: null,
  prevHash: GENESIS_HASH,
};

describe("auditHash", () => {
  it("is a stable SHA-256 hex digest", () => {
    expect(auditHash(record)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash({ ...record })).toBe(auditHash(record));
  });

  it.each<[keyof AuditHashedFields, unknown]>([
    ["actorName", "mallory"],
    ["result", "error"],
    ["time", new Date("2026-01-01T00:00:01Z")],
    ["prevHash", "f".repeat(64)],
    ["seq", 2],
    ["correlationId", "req-1"],
  ])("changes when %s changes", (key, value) => {
    expect(auditHash({ ...record, [key]: value })).not.toBe(auditHash(record));
  });
});

describe("redactParams", () => {
  it("hides secret-looking values at any depth", () => {
    const text = redactParams({ username: "a", password: "hunter2hunter2", nested: { apiToken: "t", keep: 1 } });
    expect(JSON.parse(text)).toEqual({ username: "a", password: "[redacted]", nested: { apiToken: "[redacted]", keep: 1 } });
    expect(text).not.toContain("hunter2");
  });

  it("returns {} for missing params", () => {
    expect(redactParams(undefined)).toBe("{}");
  });
});
