import { describe, expect, it } from "vitest";
import { humanDuration, parseHumanDuration, statusNow } from "./status-text";

const at = new Date("2026-12-07T12:00:00Z");
const later = (ms: number) => at.getTime() + ms;

describe("humanDuration", () => {
  it("words a duration as the engine does", () => {
    expect(humanDuration(300)).toBe("Less than a second");
    expect(humanDuration(1_000)).toBe("1 second");
    expect(humanDuration(42_000)).toBe("42 seconds");
    expect(humanDuration(61_000)).toBe("About a minute");
    expect(humanDuration(5 * 60_000)).toBe("5 minutes");
    expect(humanDuration(60 * 60_000)).toBe("About an hour");
    expect(humanDuration(5 * 3_600_000)).toBe("5 hours");
    expect(humanDuration(3 * 86_400_000)).toBe("3 days");
    expect(humanDuration(21 * 86_400_000)).toBe("3 weeks");
    expect(humanDuration(90 * 86_400_000)).toBe("3 months");
    expect(humanDuration(800 * 86_400_000)).toBe("2 years");
  });
  it("reads back what it wrote (the lower bound)", () => {
    for (const text of ["Less than a second", "1 second", "42 seconds", "About a minute", "5 minutes", "About an hour", "5 hours", "3 days", "3 weeks", "3 months", "2 years"]) {
      expect(humanDuration(parseHumanDuration(text)!)).toBe(text);
    }
    expect(parseHumanDuration("a while")).toBeNull();
  });
});

describe("statusNow", () => {
  it("counts a running container's uptime on from when the status was read", () => {
    expect(statusNow("Up Less than a second", at, later(0))).toBe("Up Less than a second");
    expect(statusNow("Up Less than a second", at, later(5_000))).toBe("Up 5 seconds");
    expect(statusNow("Up 3 minutes", at, later(2 * 60_000))).toBe("Up 5 minutes");
    expect(statusNow("Up 2 seconds (healthy)", at, later(10_000))).toBe("Up 12 seconds (healthy)");
    expect(statusNow("Up 10 seconds (Paused)", at, later(60_000))).toBe("Up About a minute (Paused)");
  });
  it("ages an exit or a restart the same way, keeping the exit code", () => {
    expect(statusNow("Exited (0) 3 seconds ago", at, later(60_000))).toBe("Exited (0) About a minute ago");
    expect(statusNow("Exited (137) About an hour ago", at, later(2 * 3_600_000))).toBe("Exited (137) 3 hours ago");
    expect(statusNow("Restarting (1) Less than a second ago", at, later(4_000))).toBe("Restarting (1) 4 seconds ago");
  });
  it("leaves a status without a duration, or a clock behind statusAt, as it is", () => {
    expect(statusNow("Created", at, later(60_000))).toBe("Created");
    expect(statusNow("Removal In Progress", at, later(60_000))).toBe("Removal In Progress");
    expect(statusNow("Up 5 seconds", at, later(-10_000))).toBe("Up 5 seconds");
  });
});
