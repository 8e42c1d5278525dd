import { describe, expect, it } from "vitest";
import { AgentQuarantine } from "./agent-quarantine";

const hello = (hostId: string) => ({ protocolVersion: 1, agentVersion: "x", engine: null, credential: { kind: "secret", hostId, secret: "s" } });

describe("agent quarantine", () => {
  it("holds a host off for firstMs, doubling on repeats up to maxMs, and forgets after a quiet while", () => {
    let now = 0;
    const q = new AgentQuarantine({ firstMs: 1_000, maxMs: 3_000, forgetAfterMs: 10_000, logEveryMs: 500 }, () => now);
    expect(q.check(hello("h1"))).toBeNull();
    expect(q.hold("h1")).toBe(1_000);
    expect(q.check(hello("h1"))?.remainingMs).toBe(1_000);
    expect(q.check(hello("h2"))).toBeNull();
    now = 1_000;
    expect(q.check(hello("h1"))).toBeNull();
    expect(q.hold("h1")).toBe(2_000);
    expect(q.hold("h1")).toBe(3_000);
    now = 1_000 + 10_000;
    expect(q.hold("h1")).toBe(1_000);
  });

  it("logs a held host's refused handshakes once per window, with how many the line stands for", () => {
    let now = 0;
    const q = new AgentQuarantine({ firstMs: 60_000, maxMs: 60_000, forgetAfterMs: 60_000, logEveryMs: 500 }, () => now);
    q.hold("h1");
    expect(q.check(hello("h1"))?.logCount).toBe(1);
    expect(q.check(hello("h1"))?.logCount).toBeNull();
    expect(q.check(hello("h1"))?.logCount).toBeNull();
    now = 500;
    expect(q.check(hello("h1"))?.logCount).toBe(3);
  });

  it("ignores hellos that claim no host (enrollment, malformed)", () => {
    const q = new AgentQuarantine();
    q.hold("h1");
    expect(q.check({ credential: { kind: "enroll", token: "t" } })).toBeNull();
    expect(q.check("nonsense")).toBeNull();
    expect(q.check(hello("h1"))?.hostId).toBe("h1");
  });

  it("adopts another instance's hold (as long, keeping a longer one of its own) and continues its doubling", () => {
    let now = 0;
    const q = new AgentQuarantine({ firstMs: 1_000, maxMs: 8_000, forgetAfterMs: 60_000, logEveryMs: 500 }, () => now);
    q.adopt("h1", 2_000, 2);
    expect(q.check(hello("h1"))?.remainingMs).toBe(2_000);
    expect(q.strikes("h1")).toBe(2);
    q.adopt("h1", 500, 1); // shorter than what it holds: kept
    expect(q.check(hello("h1"))?.remainingMs).toBe(2_000);
    q.adopt("h2", 10 ** 9, 1); // never longer than maxMs
    expect(q.check(hello("h2"))?.remainingMs).toBe(8_000);
    now = 2_000;
    expect(q.hold("h1")).toBe(4_000); // its third strike here
  });
});
