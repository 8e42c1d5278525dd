import { describe, expect, it } from "vitest";
import { mergeChannelEdit } from "./channel-config";
import { QuietHours, quietUntil } from "./quiet-hours";
import { RuleFields, ruleCovers, type AlertRuleView } from "./rules";
import { diskSignal, signalsOfEvent } from "./signals";

const rule = (scope: Partial<AlertRuleView> = {}): AlertRuleView => ({ ...RuleFields.parse({ name: "r", kinds: ["container.exited"], channelIds: ["c"] }), id: "r1", ...scope });
const host = { id: "h1", groupId: "g1", labels: { env: "prod" } };

describe("rule scopes", () => {
  it("hosts, groups, labels and stacks narrow; empty lists mean any", () => {
    expect(ruleCovers(rule(), host, {})).toBe(true);
    expect(ruleCovers(rule({ hostIds: ["h2"] }), host, {})).toBe(false);
    expect(ruleCovers(rule({ hostIds: ["h2"], hostGroupIds: ["g1"] }), host, {})).toBe(true);
    expect(ruleCovers(rule({ hostLabels: { env: "dev" } }), host, {})).toBe(false);
    expect(ruleCovers(rule({ stacks: ["shop"] }), host, { stack: "shop" })).toBe(true);
    expect(ruleCovers(rule({ stacks: ["shop"] }), host, { stack: "blog" })).toBe(false);
    // Host status and disk are about no stack: a stack-scoped rule does not take them.
    expect(ruleCovers(rule({ stacks: ["shop"] }), host, { stack: null })).toBe(false);
  });

  it("a signal about no host is taken only by a rule with no scope", () => {
    expect(ruleCovers(rule(), null, {})).toBe(true);
    expect(ruleCovers(rule({ hostIds: ["h1"] }), null, {})).toBe(false);
    expect(ruleCovers(rule({ hostLabels: { env: "prod" } }), null, {})).toBe(false);
    expect(ruleCovers(rule({ stacks: ["shop"] }), null, {})).toBe(false);
  });

  it("a container event carries its compose project as the signal's stack", () => {
    const event = { seq: 1, timeNano: "1", type: "container", action: "die", actorId: "c".repeat(64), actorAttributes: { name: "shop-web-1", exitCode: "2", "com.docker.compose.project": "shop" } };
    expect(signalsOfEvent("h1", "h1", event)[0]).toMatchObject({ kind: "container.exited", stack: "shop" });
  });

  it("thresholds are refused naming the field", () => {
    const issue = (extra: object) => RuleFields.safeParse({ name: "r", kinds: ["host.disk"], channelIds: ["c"], ...extra }).error?.issues[0]?.message;
    expect(issue({ diskThresholdGb: 0 })).toBe("diskThresholdGb must be at least 0.001 GiB");
    expect(issue({ denialCount: 1 })).toBe("denialCount must be at least 2");
    expect(issue({ stacks: ["Shop Stack"] })).toMatch(/^stacks: a stack name is/);
  });

  it("disk use at or over a rule's threshold raises, under it resolves", () => {
    const gib = 1024 ** 3;
    expect(diskSignal("h1", "h1", 100 * gib, 100)).toMatchObject({ kind: "host.disk", resolves: false, title: "Docker uses 100.0 GiB of disk on h1" });
    expect(diskSignal("h1", "h1", 99 * gib, 100)).toMatchObject({ resolves: true });
  });
});

describe("quiet hours", () => {
  const night = QuietHours.parse({ start: "22:00", end: "07:00", timeZone: "Europe/Berlin" });

  it("holds inside a window that crosses midnight, in the channel's time zone, until the local end", () => {
    // 23:30 in Berlin (winter, UTC+1) is 22:30 UTC: quiet until 07:00 Berlin = 06:00 UTC next day.
    expect(quietUntil(night, new Date("2026-12-08T22:30:00Z"))?.toISOString()).toBe("2026-12-09T06:00:00.000Z");
    // 05:00 Berlin: still quiet, same morning's end.
    expect(quietUntil(night, new Date("2026-12-09T04:00:00Z"))?.toISOString()).toBe("2026-12-09T06:00:00.000Z");
    // 07:00 Berlin exactly: over.
    expect(quietUntil(night, new Date("2026-12-09T06:00:00Z"))).toBeNull();
    expect(quietUntil(night, new Date("2026-12-09T12:00:00Z"))).toBeNull();
    const lunch = QuietHours.parse({ start: "12:00", end: "13:00", timeZone: "UTC" });
    expect(quietUntil(lunch, new Date("2026-12-09T12:59:00Z"))?.toISOString()).toBe("2026-12-09T13:00:00.000Z");
    expect(quietUntil(lunch, new Date("2026-12-09T11:59:00Z"))).toBeNull();
  });

  it("a bad window is refused naming the field", () => {
    const issue = (value: object) => QuietHours.safeParse(value).error?.issues[0];
    expect(issue({ start: "25:00", end: "07:00", timeZone: "UTC" })).toMatchObject({ path: ["start"], message: "quietHours.start must be a time HH:MM (00:00-23:59)" });
    expect(issue({ start: "22:00", end: "07:00", timeZone: "Mars/Olympus" })).toMatchObject({ path: ["timeZone"] });
    expect(issue({ start: "22:00", end: "22:00", timeZone: "UTC" })).toMatchObject({ path: ["end"], message: "quietHours.end must differ from quietHours.start" });
  });
});

describe("channel edits", () => {
  const stored = { kind: "webhook" as const, url: "https://hook.test/a", secret: "s".repeat(16) };
  it("a secret left out keeps the stored one; a new one replaces it", () => {
    expect(mergeChannelEdit(stored, { kind: "webhook" }).data).toEqual(stored);
    expect(mergeChannelEdit(stored, { kind: "webhook", url: "https://hook.test/b" }).data).toEqual({ ...stored, url: "https://hook.test/b" });
    expect(mergeChannelEdit(stored, { kind: "webhook", secret: "t".repeat(16) }).data).toEqual({ ...stored, secret: "t".repeat(16) });
  });
  it("changing the kind keeps nothing: the new kind's secrets must be given", () => {
    expect(mergeChannelEdit(stored, { kind: "gotify", url: "https://gotify.test" }).error?.issues[0]?.path).toEqual(["token"]);
    expect(mergeChannelEdit(stored, { kind: "slack", url: "https://hooks.slack.test/x" }).data).toEqual({ kind: "slack", url: "https://hooks.slack.test/x" });
  });
});
