import { describe, expect, it } from "vitest";
import { effectivePolicy, labelPolicy, windowOpen } from "./policy";

describe("update policies", () => {
  it("reads the container's label first, then its stack's policy, else notify", () => {
    expect(labelPolicy({ "io.dockmaster.update": "auto" })).toEqual({ mode: "auto", source: "label" });
    expect(labelPolicy({})).toBeNull();
    expect(effectivePolicy({ "io.dockmaster.update": "Notify" }, "auto")).toEqual({ mode: "notify", source: "label" });
    expect(effectivePolicy({}, "auto")).toEqual({ mode: "auto", source: "stack" });
    expect(effectivePolicy({}, undefined)).toEqual({ mode: "notify", source: "default" });
    // An unknown value is shown, and treated as the safe notify.
    expect(effectivePolicy({ "io.dockmaster.update": "always" }, "auto")).toEqual({ mode: "notify", source: "label", invalid: "always" });
  });

  it("opens the maintenance window at each cron tick for its duration (UTC)", () => {
    const window = { cron: "0 2 * * *", durationMinutes: 60 };
    expect(windowOpen(window, new Date("2026-12-08T02:00:00Z"))).toBe(true);
    expect(windowOpen(window, new Date("2026-12-08T02:59:00Z"))).toBe(true);
    expect(windowOpen(window, new Date("2026-12-08T03:01:00Z"))).toBe(false);
    expect(windowOpen(window, new Date("2026-12-08T01:59:00Z"))).toBe(false);
    expect(windowOpen({ cron: "0 22 * * 6", durationMinutes: 180 }, new Date("2026-12-13T00:30:00Z"))).toBe(true); // Saturday 22:00 + 3 h, past midnight
    expect(windowOpen(null, new Date())).toBe(false);
  });
});
