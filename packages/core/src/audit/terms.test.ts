import { describe, expect, it } from "vitest";
import { termsOf } from "./terms";

describe("audit search words", () => {
  it("splits on anything but letters and digits, lower-cased and distinct", () => {
    expect(termsOf("containers.stop", "Alice (token tk1)", '{"id":"web-1","force":true}')).toEqual(["containers", "stop", "alice", "token", "tk1", "id", "web", "1", "force", "true"]);
  });

  it("ignores empty fields and caps long words", () => {
    expect(termsOf(null, undefined, "")).toEqual([]);
    expect(termsOf("x".repeat(100))[0]).toHaveLength(64);
  });
});
