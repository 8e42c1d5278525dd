import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ChannelConfig } from "./channel-config";
import { formatRequest } from "./formatters";
import type { AlertMessage } from "./message";
import { mayRaise } from "./engine";
import { RestartTracker, signalsOfEvent, signalsOfHostStatus } from "./signals";

const message: AlertMessage = { deliveryId: "d1", event: "raised", alertId: "a1", kind: "container.exited", title: "web exited with code 1 on h1", text: "Container web exited.", host: { id: "h1", name: "h1" }, subject: "web", count: 3, firstAt: "2026-01-01T00:00:00.000Z", lastAt: "2026-01-01T00:05:00.000Z" };
const event = (action: string, attrs: Record<string, string> = {}) => ({ seq: 1, timeNano: "1000000000", type: "container", action, actorId: "c".repeat(64), actorAttributes: { name: "web", image: "busybox", ...attrs } });

describe("alert formatters", () => {
  it("signs the webhook body with its timestamp (HMAC-SHA256 over `<timestamp>.<body>`)", () => {
    const request = formatRequest({ kind: "webhook", url: "http://127.0.0.1/hook", secret: "s".repeat(16) }, message, new Date(1_700_000_000_000));
    expect(request.headers["x-dockmaster-timestamp"]).toBe("1700000000");
    expect(request.headers["x-dockmaster-signature"]).toBe(`sha256=${createHmac("sha256", "s".repeat(16)).update(`1700000000.${request.body}`).digest("hex")}`);
    expect(JSON.parse(request.body)).toEqual(message);
  });

  it("renders each chat service's JSON shape", () => {
    expect(JSON.parse(formatRequest({ kind: "slack", url: "https://hooks.slack.test/x" }, message).body)).toEqual({ text: expect.stringContaining("Seen 3 times") as unknown });
    expect(JSON.parse(formatRequest({ kind: "discord", url: "https://discord.test/x" }, message).body)).toHaveProperty("content");
    expect(JSON.parse(formatRequest({ kind: "teams", url: "https://teams.test/x" }, message).body)).toMatchObject({ "@type": "MessageCard", summary: message.title });
    const ntfy = formatRequest({ kind: "ntfy", url: "https://ntfy.test/ops-alerts", token: "tk" }, message);
    expect([ntfy.url, ntfy.headers.authorization, (JSON.parse(ntfy.body) as { topic: string }).topic]).toEqual(["https://ntfy.test/", "Bearer tk", "ops-alerts"]);
    const gotify = formatRequest({ kind: "gotify", url: "https://gotify.test/", token: "app" }, message);
    expect([gotify.url, gotify.headers["x-gotify-key"]]).toEqual(["https://gotify.test/message", "app"]);
  });

  it("refuses settings that cannot work, naming the field", () => {
    const issue = (value: unknown) => ChannelConfig.safeParse(value).error?.issues[0];
    expect(issue({ kind: "webhook", url: "javascript:alert(1)", secret: "x".repeat(16) })).toMatchObject({ path: ["url"], message: "url must be an http:// or https:// URL" });
    expect(issue({ kind: "webhook", url: "http://a.test", secret: "short" })).toMatchObject({ path: ["secret"] });
    expect(issue({ kind: "email", host: "smtp.test", port: 0, security: "tls", from: "a@b.test", to: ["c@d.test"] })).toMatchObject({ path: ["port"], message: "port must be 1-65535" });
    expect(issue({ kind: "email", host: "smtp.test", port: 25, security: "tls", from: "nobody", to: ["c@d.test"] })).toMatchObject({ path: ["from"] });
    expect(issue({ kind: "pager", url: "http://a.test" })?.message).toMatch(/kind must be webhook, slack/);
  });
});

describe("alert signals", () => {
  it("raises on a non-zero exit, an OOM kill and unhealthy; resolves on healthy; ignores a clean exit", () => {
    expect(signalsOfEvent("h1", "h1", event("die", { exitCode: "0" }))).toEqual([]);
    expect(signalsOfEvent("h1", "h1", event("die", { exitCode: "137" })).map((s) => [s.kind, s.subject, s.resolves])).toEqual([["container.exited", "web", false]]);
    expect(signalsOfEvent("h1", "h1", event("oom"))[0]?.kind).toBe("container.oom");
    expect(signalsOfEvent("h1", "h1", event("health_status: unhealthy"))[0]).toMatchObject({ kind: "container.unhealthy", resolves: false });
    expect(signalsOfEvent("h1", "h1", event("health_status: healthy"))[0]).toMatchObject({ kind: "container.unhealthy", resolves: true, title: "web is healthy again on h1" });
  });

  it("host offline raises; online resolves offline and degraded with a 'back online' message", () => {
    expect(signalsOfHostStatus("h1", "h1", "offline", "agent disconnected")[0]).toMatchObject({ kind: "host.offline", resolves: false });
    expect(signalsOfHostStatus("h1", "h1", "online", null).map((s) => [s.kind, s.resolves, s.title])).toEqual([["host.offline", true, "h1 is back online"], ["host.degraded", true, "h1 is healthy again"]]);
  });

  it("a restart loop is N starts within M minutes of one container", () => {
    const tracker = new RestartTracker();
    const minute = 60_000;
    expect([0, 1, 2].map((i) => tracker.started("web", i * minute, 3, 10 * minute))).toEqual([false, false, true]);
    // Starts spread wider than the window never add up.
    expect([0, 6, 12, 18].map((i) => tracker.started("api", i * minute, 3, 10 * minute))).toEqual([false, false, false, false]);
  });
});

describe("the engine's event filter", () => {
  it("drops what no rule's kind can come of, before any query", () => {
    const exits = new Set(["container.exited"] as const);
    expect(mayRaise(event("die", { exitCode: "1" }), exits)).toBe(true);
    expect(mayRaise(event("die", { exitCode: "0" }), exits)).toBe(false);
    // A start matters only to a rule watching restart loops (a big fleet sends thousands a second).
    expect(mayRaise(event("start"), exits)).toBe(false);
    expect(mayRaise(event("start"), new Set(["container.restart_loop"] as const))).toBe(true);
    expect(mayRaise({ ...event("die", { exitCode: "1" }), type: "network" }, null)).toBe(false);
    expect(mayRaise(event("health_status: unhealthy"), null)).toBe(true);
  });
});
