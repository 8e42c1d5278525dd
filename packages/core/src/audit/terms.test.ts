import { describe, expect, it } from "vitest";
import { recordTerms, termsOf } from "./terms";

describe("audit search words", () => {
  it("splits on anything but letters and digits, lower-cased and distinct", () => {
    expect(termsOf("containers.stop", "Alice (token tk1)", '{"id":"web-1","force":true}')).toEqual(["containers", "stop", "alice", "token", "tk1", "id", "web", "1", "force", "true"]);
  });

  it("ignores empty fields and caps long words", () => {
    expect(termsOf(null, undefined, "")).toEqual([]);
    expect(termsOf("x".repeat(100))[0]).toHaveLength(64);
  });

  it("takes a record's words from its redacted params, also when the stored params predate the rule", () => {
    const stored = { action: "containers.create", actorName: "alice", targetType: null, targetId: null, targetName: "db", error: null, params: JSON.stringify({ code: "135791", spec: { env: ["DB_PASSWORD=hunter2xyz"] } }) };
    const words = recordTerms(stored);
    expect(words).toEqual(expect.arrayContaining(["containers", "alice", "db", "password", "redacted"]));
    expect(words).not.toContain("hunter2xyz");
    expect(words).not.toContain("135791");
  });
});
