import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createChannel, createRule, SecretBox } from "@dockmaster/core";
import { freshPostgresDatabase, removeDir, startTestPlane } from "./support";
import { webhookReceiver } from "./alert-receivers";

/**
 * Two control-plane instances on one PostgreSQL database, both running their delivery worker:
 * every outbox row reaches the receiver once (the claim is one conditional UPDATE; the loser counts 0).
 */
const secretKey = randomBytes(32);
const ROWS = 60;
const ruleDefaults = { enabled: true, hostIds: [], hostGroupIds: [], hostLabels: {}, stacks: [], restartCount: 5, restartWindowMin: 10, diskThresholdGb: 100, denialCount: 5, denialWindowMin: 10, groupWindowSec: 3_600 };
let pg: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let planes: Array<Awaited<ReturnType<typeof startTestPlane>>> = [];
let hook: Awaited<ReturnType<typeof webhookReceiver>>;

beforeAll(async () => {
  hook = await webhookReceiver();
  pg = await freshPostgresDatabase(`dm_alerts_scale_${process.pid}`);
  const outbox = { pollMs: 20, backoffBaseMs: 100, maxBackoffMs: 500 };
  planes = [await startTestPlane(undefined, 0, pg.url, { secretKey, alertOutbox: outbox }), await startTestPlane(undefined, 0, pg.url, { secretKey, alertOutbox: outbox })];
}, 90_000);
afterAll(async () => {
  for (const plane of planes) {
    await plane.close();
    removeDir(plane.dir);
  }
  await pg?.drop();
  await hook?.close();
});

it("two instances on one database deliver each outbox row exactly once", async () => {
  const [a, b] = planes as [(typeof planes)[0], (typeof planes)[0]];
  const channel = await createChannel(a.db, new SecretBox(secretKey), "shared-hook", { kind: "webhook", url: hook.url, secret: "scale-secret-0123456789" });
  const payload = (i: number) => JSON.stringify({ event: "raised", alertId: null, kind: "container.exited", title: `t${i}`, text: "x", host: null, subject: `s${i}`, count: 1, firstAt: "", lastAt: "" });
  await a.db.alertDelivery.createMany({ data: Array.from({ length: ROWS }, (_, i) => ({ channelId: channel.id, event: "raised", payload: payload(i) })) });
  // Both workers are polling every 20 ms; wake both at once so they race for the same rows.
  a.deliveries.kick();
  b.deliveries.kick();
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && (await a.db.alertDelivery.count({ where: { status: "delivered" } })) < ROWS) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  const ids = hook.received.map((h) => String(h.headers["x-dockmaster-delivery"]));
  expect(new Set(ids).size).toBe(ROWS);
  expect(ids).toHaveLength(ROWS);
  expect(await a.db.alertDelivery.count({ where: { status: "delivered", attempts: 1 } })).toBe(ROWS);
}, 60_000);

it("alerts raised on both instances at once: each handed to its own worker at once while the other polls, delivered exactly once", async () => {
  const [a, b] = planes as [(typeof planes)[0], (typeof planes)[0]];
  const before = hook.received.length;
  const channel = await createChannel(a.db, new SecretBox(secretKey), "raise-hook", { kind: "webhook", url: hook.url, secret: "scale-secret-0123456789" });
  await createRule(a.db, { ...ruleDefaults, name: "fleet-ops", kinds: ["operation.failed"], channelIds: [channel.id] });
  const raise = (plane: typeof a, i: number) => plane.alerts.raise({ kind: "operation.failed", hostId: null, subject: `op-${i}`, resolves: false, title: `op-${i} failed`, text: "x" });
  for (let i = 0; i < ROWS / 2; i++) {
    raise(a, i);
    raise(b, ROWS / 2 + i);
  }
  await Promise.all([a.alerts.idle(), b.alerts.idle()]);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && (await a.db.alertDelivery.count({ where: { channelId: channel.id, status: "delivered" } })) < ROWS) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  const subjects = hook.received.slice(before).map((h) => (JSON.parse(h.body) as { subject: string }).subject);
  expect(subjects).toHaveLength(ROWS);
  expect(new Set(subjects).size).toBe(ROWS);
}, 60_000);
