import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, planeWithAgent, removeDir, signedInUser, startTestPlane, testImage, trpcFailure, waitFor } from "./support";
import { smtpReceiver, webhookReceiver } from "./alert-receivers";

/**
 * Alerts end to end with real parts: a real agent relaying testbed engine 1's events, a webhook
 * receiver and an SMTP server on loopback. The outbox's backoff is shortened through the control
 * plane's options (alertOutbox), nothing is mocked.
 */
const RUN = `dmalerts-${process.pid}`;
const SECRET = "webhook-secret-0123456789";
const secretKey = randomBytes(32);
const outbox = { pollMs: 100, backoffBaseMs: 200, maxBackoffMs: 1_000, giveUpAfterMs: 120_000 };
let ctx: Awaited<ReturnType<typeof planeWithAgent>>;
let hook: Awaited<ReturnType<typeof webhookReceiver>>;
let channelId: string;
const containers: string[] = [];

beforeAll(async () => {
  hook = await webhookReceiver();
  ctx = await planeWithAgent("alerts", { secretKey, alertOutbox: outbox });
  channelId = (await ctx.admin.client.alerts.createChannel.mutate({ name: "ops-hook", secretConfig: { kind: "webhook", url: hook.url, secret: SECRET } })).id;
  await ctx.admin.client.alerts.createRule.mutate({ name: "exits", kinds: ["container.exited"], channelIds: [channelId], groupWindowSec: 3_600 });
}, 60_000);
afterAll(async () => {
  for (const id of containers) await ctx?.engine.removeContainer(id, { force: true }).catch(() => undefined);
  await ctx?.close();
  await hook?.close();
});

/** A busybox container that exits 1 as soon as it starts (in a compose project when `stack` is given). */
async function failingContainer(name: string, stack?: string): Promise<string> {
  const { id } = await ctx.engine.createContainer({ image: testImage(), name: `${RUN}-${name}`, cmd: ["sh", "-c", "exit 1"], ...(stack ? { labels: { "com.docker.compose.project": stack } } : {}) });
  containers.push(id);
  await ctx.engine.startContainer(id);
  return id;
}

const hooksFor = (subject: string) => hook.received.filter((h) => (JSON.parse(h.body) as { subject: string }).subject === subject);
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("alerts", () => {
  it("a container exiting 1 is delivered once, signed; exiting again counts on the same alert without a second message", async () => {
    const name = `${RUN}-flap`;
    const id = await failingContainer("flap");
    const [first] = await waitFor(() => (hooksFor(name).length ? hooksFor(name) : null), "the webhook", 20_000);
    const body = JSON.parse(first!.body) as { event: string; kind: string; count: number; deliveryId: string; host: { id: string } };
    expect(body).toMatchObject({ event: "raised", kind: "container.exited", count: 1, host: { id: ctx.hostId } });
    const timestamp = String(first!.headers["x-dockmaster-timestamp"]);
    const expected = `sha256=${createHmac("sha256", SECRET).update(`${timestamp}.${first!.body}`).digest("hex")}`;
    expect(first!.headers["x-dockmaster-signature"]).toBe(expected);
    expect(first!.headers["x-dockmaster-delivery"]).toBe(body.deliveryId);
    // Flapping: two more exits → one alert counting 3, still one message.
    await ctx.engine.startContainer(id);
    await waitFor(async () => (await ctx.plane.db.alert.findFirst({ where: { subject: name, count: 2 } })), "the second exit counted", 15_000);
    await ctx.engine.startContainer(id);
    await waitFor(async () => (await ctx.plane.db.alert.findFirst({ where: { subject: name, count: 3 } })), "the third exit counted", 15_000);
    await settle(500);
    expect(hooksFor(name)).toHaveLength(1);
    const open = await ctx.admin.client.alerts.list.query({ status: "open" });
    expect(open.filter((a) => a.subject === name).map((a) => [a.kind, a.count])).toEqual([["container.exited", 3]]);
    const log = await ctx.admin.client.alerts.deliveries.query({ channelId });
    expect(log.find((d) => d.id === body.deliveryId)).toMatchObject({ status: "delivered", attempts: 1, lastResponse: "HTTP 200: recorded" });
  }, 60_000);

  it("a receiver down for the whole backoff ladder, then up: every alert raised meanwhile is delivered exactly once", async () => {
    // "Down for 60 s" at test speed: the outbox here backs off 200 ms → 1 s (cap) instead of
    // 5 s → 5 min, so 3 s down is the same ladder (several attempts, the last ones at the cap)
    // that 60 s is with the defaults — 20× faster, nothing else changed.
    await hook.down();
    const name = `${RUN}-down`;
    await failingContainer("down");
    const others = ["a", "b", "c", "d"].map((x) => `${RUN}-down-${x}`);
    for (const subject of others) ctx.plane.alerts.raise({ kind: "container.exited", hostId: ctx.hostId, subject, resolves: false, title: `${subject} exited`, text: "raised while the receiver was down" });
    const row = await waitFor(async () => (await ctx.plane.db.alertDelivery.findFirst({ where: { channelId, status: "pending", attempts: { gte: 3 }, payload: { contains: `"subject":"${name}"` } } })), "three failed attempts", 20_000);
    expect(row.lastResponse).toMatch(/ECONNREFUSED/);
    await settle(3_000 - (Date.now() - row.createdAt.getTime()));
    await hook.up();
    const all = [name, ...others];
    await waitFor(() => (all.every((s) => hooksFor(s).length > 0) ? true : null), "every alert after the receiver came back", 15_000);
    await settle(1_500); // several poll and backoff periods: nothing is sent again
    expect(all.map((s) => hooksFor(s).length)).toEqual([1, 1, 1, 1, 1]);
    expect(await ctx.plane.db.alertDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "delivered" });
    expect((await ctx.plane.db.alertDelivery.findUniqueOrThrow({ where: { id: row.id } })).attempts).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it("bad channel and rule settings are refused naming the field; channel secrets never come back", async () => {
    const badUrl = await trpcFailure(ctx.admin.client.alerts.createChannel.mutate({ name: "bad", secretConfig: { kind: "slack", url: "ftp://example.test/x" } }));
    expect(badUrl).toMatchObject({ code: "BAD_REQUEST" });
    expect(badUrl.message).toMatch(/url must be an http/);
    const badPort = await trpcFailure(ctx.admin.client.alerts.createChannel.mutate({ name: "bad", secretConfig: { kind: "email", host: "127.0.0.1", port: 70_000, security: "none", from: "a@example.test", to: ["b@example.test"] } }));
    expect(badPort.message).toMatch(/port must be 1-65535/);
    const badThreshold = await trpcFailure(ctx.admin.client.alerts.createRule.mutate({ name: "loop", kinds: ["container.restart_loop"], channelIds: [channelId], restartCount: 1 }));
    expect(badThreshold.message).toMatch(/restartCount must be at least 2/);
    const listed = JSON.stringify(await ctx.admin.client.alerts.channels.query());
    expect(listed).toContain("ops-hook");
    expect(listed).not.toContain(SECRET);
    const stored = await ctx.plane.db.alertChannel.findUniqueOrThrow({ where: { id: channelId } });
    expect(stored.configSealed).not.toContain(SECRET);
    const audit = JSON.stringify(await ctx.plane.db.auditEvent.findMany({ where: { action: { contains: "alerts." } } }));
    expect(audit).toContain("alerts.createChannel");
    expect(audit).not.toContain(SECRET);
  });

  it("send test answers what the receiver said: an SMTP server's reply, and a refused connection", async () => {
    const smtp = await smtpReceiver();
    try {
      const mail = await ctx.admin.client.alerts.createChannel.mutate({ name: "ops-mail", secretConfig: { kind: "email", host: "127.0.0.1", port: smtp.port, security: "none", from: "dockmaster@example.test", to: ["oncall@example.test"] } });
      const result = await ctx.admin.client.alerts.sendTest.mutate({ id: mail.id });
      expect(result.ok).toBe(true);
      expect(result.response).toMatch(/^250/);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]!.to).toEqual(["oncall@example.test"]);
      expect(smtp.messages[0]!.data).toContain("A test sent by alerts-admin: this channel works.");
      expect(smtp.messages[0]!.data).toMatch(/^Subject: .*Dockmaster_test_message/m);
      const gone = await webhookReceiver();
      await gone.close(); // a port nothing listens on any more
      const dead = await ctx.admin.client.alerts.createChannel.mutate({ name: "dead-hook", secretConfig: { kind: "discord", url: gone.url } });
      const refused = await ctx.admin.client.alerts.sendTest.mutate({ id: dead.id });
      expect(refused).toMatchObject({ ok: false });
      expect(refused.response).toMatch(/ECONNREFUSED/);
      expect((await ctx.admin.client.alerts.deliveries.query({ channelId: dead.id })).map((d) => [d.event, d.status])).toEqual([["test", "failed"]]);
    } finally {
      await smtp.close();
    }
  });

  it("the other kinds: a stacks scope, Docker disk use over a threshold, a failed operation, one user refused repeatedly", async () => {
    const hookFor = (kind: string) => hook.received.map((h) => JSON.parse(h.body) as { kind: string; event: string; host: { id: string } | null; subject: string; title: string; text: string }).filter((b) => b.kind === kind);
    // Stacks: only the container of that compose project raises under the stack-scoped rule.
    const stackRule = await ctx.admin.client.alerts.createRule.mutate({ name: "shop-stack", kinds: ["container.exited"], stacks: [RUN], channelIds: [channelId] });
    await failingContainer("in-stack", RUN);
    await failingContainer("no-stack");
    await waitFor(async () => (await ctx.plane.db.alert.count({ where: { subject: { in: [`${RUN}-in-stack`, `${RUN}-no-stack`] } } })) >= 3 || null, "the exits under both rules", 20_000);
    await ctx.plane.alerts.idle();
    expect((await ctx.plane.db.alert.findMany({ where: { ruleId: stackRule.id } })).map((a) => a.subject)).toEqual([`${RUN}-in-stack`]);

    // Disk: the testbed engine holds at least the test image (a few MiB), over 0.001 GiB.
    const disk = await ctx.admin.client.alerts.createRule.mutate({ name: "disk", kinds: ["host.disk"], diskThresholdGb: 0.001, channelIds: [channelId] });
    await ctx.plane.diskWatch.checkNow();
    await ctx.plane.alerts.idle();
    const [raised] = await waitFor(() => (hookFor("host.disk").length ? hookFor("host.disk") : null), "the disk alert", 15_000);
    expect(raised).toMatchObject({ event: "raised", host: { id: ctx.hostId }, title: expect.stringMatching(/^Docker uses [\d.]+ GiB of disk on alerts$/) as unknown });
    // The threshold raised (an edit): the next measurement resolves it.
    await ctx.admin.client.alerts.updateRule.mutate({ ...disk, diskThresholdGb: 100_000 });
    await ctx.plane.diskWatch.checkNow();
    await waitFor(() => (hookFor("host.disk").some((b) => b.event === "resolved") ? true : null), "the disk alert resolved", 15_000);

    // A failed Operation: starting a container the engine does not have.
    await ctx.admin.client.alerts.createRule.mutate({ name: "ops", kinds: ["operation.failed"], channelIds: [channelId] });
    await trpcFailure(ctx.admin.client.containers.start.mutate({ hostId: ctx.hostId, id: `${RUN}-missing` }));
    const [failed] = await waitFor(() => (hookFor("operation.failed").length ? hookFor("operation.failed") : null), "the failed operation alert", 15_000);
    // The lifecycle call names no target on its Operation: the engine's answer (in the text) names the container.
    expect(failed).toMatchObject({ host: { id: ctx.hostId }, subject: "containers.start", title: "containers.start failed on alerts", text: expect.stringContaining(`${RUN}-missing`) as unknown });

    // Denials: a viewer refused 3 times within the window → one alert about that user, on no host.
    await ctx.admin.client.alerts.createRule.mutate({ name: "denials", kinds: ["access.denied_repeatedly"], denialCount: 3, denialWindowMin: 5, channelIds: [channelId] });
    const viewer = apiClient(ctx.plane.port);
    viewer.jar.set("dm_session", (await signedInUser(ctx.plane.db, `${RUN}-viewer`, [{ role: "viewer" }])).cookie.replace(/^dm_session=/, ""));
    for (let i = 0; i < 3; i++) expect(await trpcFailure(viewer.client.alerts.deleteRule.mutate({ id: disk.id }))).toMatchObject({ code: "FORBIDDEN" });
    const [denied] = await waitFor(() => (hookFor("access.denied_repeatedly").length ? hookFor("access.denied_repeatedly") : null), "the denial alert", 15_000);
    expect(denied).toMatchObject({ host: null, subject: `${RUN}-viewer`, title: `${RUN}-viewer was refused 3 times in 5 min` });
    // Raised once, at the third refusal (the first two were under the threshold).
    expect(await ctx.plane.db.alert.count({ where: { kind: "access.denied_repeatedly" } })).toBe(1);
  }, 90_000);

  it("a channel's quiet hours hold its deliveries; an edit that keeps the secret releases them, signed with the stored secret", async () => {
    const quiet = await webhookReceiver();
    try {
      const hhmm = (d: Date) => d.toISOString().slice(11, 16);
      const now = Date.now();
      const window = { start: hhmm(new Date(now - 3_600_000)), end: hhmm(new Date(now + 3_600_000)), timeZone: "UTC" };
      const channel = await ctx.admin.client.alerts.createChannel.mutate({ name: "night-pager", secretConfig: { kind: "webhook", url: quiet.url, secret: SECRET }, quietHours: window });
      expect(channel.quietHours).toEqual(window);
      const bad = await trpcFailure(ctx.admin.client.alerts.updateChannel.mutate({ id: channel.id, name: "night-pager", secretConfig: { kind: "webhook" }, quietHours: { ...window, start: "7pm" } }));
      expect(bad.message).toMatch(/quietHours.start must be a time HH:MM/);
      const rule = await ctx.admin.client.alerts.createRule.mutate({ name: "quiet", kinds: ["operation.failed"], channelIds: [channel.id] });
      ctx.plane.alerts.raise({ kind: "operation.failed", hostId: ctx.hostId, subject: "quiet-test", resolves: false, title: "quiet test failed", text: "held?" });
      const held = await waitFor(async () => (await ctx.plane.db.alertDelivery.findFirst({ where: { channelId: channel.id, heldUntil: { not: null } } })), "the delivery held", 10_000);
      expect(held.status).toBe("pending");
      expect(held.attempts).toBe(0);
      expect(held.nextAttemptAt.getTime()).toBeGreaterThan(now + 3_000_000);
      await settle(500);
      expect(quiet.received).toHaveLength(0);
      // Quiet hours off; the secret and URL left out are kept.
      await ctx.admin.client.alerts.updateChannel.mutate({ id: channel.id, name: "night-pager", secretConfig: { kind: "webhook" }, quietHours: null });
      const [sent] = await waitFor(() => (quiet.received.length ? quiet.received : null), "the held delivery sent", 10_000);
      const timestamp = String(sent!.headers["x-dockmaster-timestamp"]);
      expect(sent!.headers["x-dockmaster-signature"]).toBe(`sha256=${createHmac("sha256", SECRET).update(`${timestamp}.${sent!.body}`).digest("hex")}`);
      await settle(500);
      expect(quiet.received).toHaveLength(1);
      await ctx.admin.client.alerts.deleteRule.mutate({ id: rule.id });
    } finally {
      await quiet.close();
    }
  }, 60_000);

  it("alerts still in the outbox when the control plane stops are delivered by the next start on the same database", async () => {
    await ctx.plane.deliveries.stop(); // this instance stops sending; raising goes on
    await hook.down();
    const name = `${RUN}-restart`;
    await failingContainer("restart");
    await waitFor(async () => (await ctx.plane.db.alertDelivery.findFirst({ where: { channelId, status: "pending", payload: { contains: name } } })), "the alert in the outbox", 20_000);
    await ctx.agent.stop();
    await ctx.plane.close();
    await hook.up();
    const next = await startTestPlane(ctx.plane.dir, 0, undefined, { secretKey, alertOutbox: outbox });
    try {
      await waitFor(() => (hooksFor(name).length ? true : null), "delivery after the restart", 15_000);
      await settle(500);
      expect(hooksFor(name)).toHaveLength(1);
    } finally {
      await next.close();
    }
    removeDir(ctx.plane.dir);
    ctx.close = () => Promise.resolve(); // closed above
  }, 60_000);
});
