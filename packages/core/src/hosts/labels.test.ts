import { describe, expect, it } from "vitest";
import { HostLabels, HostName, parseLabels, serializeLabels } from "./labels";

describe("host labels and names", () => {
  it("accepts usual labels and empty values", () => {
    expect(HostLabels.parse({ env: "prod", "team/owner": "ops", "dockmaster.zone_a-1": "" })).toEqual({ env: "prod", "team/owner": "ops", "dockmaster.zone_a-1": "" });
  });

  it("names the rule a key, a value or the count breaks", () => {
    const issue = (labels: Record<string, string>) => HostLabels.safeParse(labels).error?.issues[0]?.message;
    expect(issue({ "-x": "1" })).toBe('label key "-x": label keys start with a letter or digit and may contain letters, digits and . _ - /');
    expect(issue({ "a b": "1" })).toContain('label key "a b"');
    expect(issue({ ["k".repeat(64)]: "1" })).toContain("at most 63 characters");
    expect(issue({ env: "two\nlines" })).toBe("label values cannot contain control characters or line breaks");
    expect(issue({ env: "v".repeat(201) })).toBe("label values are at most 200 characters");
    expect(issue(Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, ""])))).toBe("a host has at most 32 labels");
  });

  it("host names: trimmed, letters, digits and _ . - only", () => {
    expect(HostName.parse("  web-1.prod ")).toBe("web-1.prod");
    expect(HostName.safeParse("web 1").error?.issues[0]?.message).toBe("host names may contain letters, digits and _ . -");
    expect(HostName.safeParse("").success).toBe(false);
  });

  it("stores labels with sorted keys and reads a broken column as no labels", () => {
    expect(serializeLabels({ b: "2", a: "1" })).toBe('{"a":"1","b":"2"}');
    expect(parseLabels('{"a":"1"}')).toEqual({ a: "1" });
    expect(parseLabels("not json")).toEqual({});
    expect(parseLabels('{"bad key":"1"}')).toEqual({});
  });
});
