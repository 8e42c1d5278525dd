import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuditEntry, AuditLog } from "@dockmaster/core";
import { RefusalAudit } from "./refusal-audit";

const quiet = { info: () => undefined, warn: () => undefined, error: vi.fn() };
const entry = (hostId: string): AuditEntry => ({ actor: { type: "agent", id: hostId }, ip: "10.0.0.9", action: "agent.authenticate", hostId, result: "denied", error: "AUTH_FAILED: agent credentials were not accepted" });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("RefusalAudit", () => {
  it("writes the first refusal at once and the repeats of its window as one record with a count", async () => {
    const written: AuditEntry[] = [];
    const audit = { append: (e: AuditEntry) => (written.push(e), Promise.resolve(written.length)) } as unknown as AuditLog;
    const refusals = new RefusalAudit(audit, quiet, 10_000);
    await refusals.record("k", entry("h1"));
    expect(written).toHaveLength(1);
    for (let i = 0; i < 1_585; i++) await refusals.record("k", entry(i % 2 ? "h1" : "\ud800"));
    expect(written).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(written).toHaveLength(2);
    expect(written[1]).toMatchObject({ hostId: null, params: { repeated: 1_585, windowSeconds: 10, hosts: 2, hostIds: ["h1", "\ufffd"] }, error: expect.stringMatching(/repeated 1585 more times within 10 s/) as unknown });
    await refusals.record("k", entry("h1")); // a new window: immediate again
    expect(written).toHaveLength(3);
  });

  it("logs a record it could not write instead of losing it in silence", async () => {
    const audit = { append: () => Promise.reject(new Error("disk full")) } as unknown as AuditLog;
    await new RefusalAudit(audit, quiet).record("k", entry("h"));
    expect(quiet.error).toHaveBeenCalledWith("audit record not written", expect.objectContaining({ error: "Error: disk full" }));
  });
});
