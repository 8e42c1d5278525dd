/**
 * Benchmark: the engine events history at a few million rows on SQLite — the events page's
 * queries (first page fleet-wide and per host, filters, a deep keyset page, word search) and the
 * retention prune. Writes bench/results/events-history.json.
 */
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { pruneEngineEvents, queryEvents, updateSettings, type EventCursor, type EventFilter } from "@dockmaster/core";
import { removeDir, startTestPlane } from "../apps/web/test/support";
import { summarize, time, writeResult } from "./harness";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000_000);
const HOSTS = Number(process.env.BENCH_EVENT_HOSTS ?? 500);
const QUERIES = Number(process.env.BENCH_EVENT_QUERIES ?? 30);
const DAY = 24 * 3600 * 1000;

const plane = await startTestPlane();
try {
  // EVENTS events over 40 days across HOSTS hosts, written straight into the table.
  const raw = new Sqlite(join(plane.dir, "test.db"));
  const insert = raw.prepare(`INSERT INTO "EngineEvent" (hostId, seq, timeNano, type, action, actorId, actorName, image, attributes, time, receivedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const kinds = [["container", "start"], ["container", "die"], ["container", "stop"], ["container", "create"], ["image", "pull"], ["network", "connect"], ["volume", "mount"], ["container", "exec_start: sh"]] as const;
  const start = Date.now() - 40 * DAY;
  const step = (40 * DAY) / EVENTS;
  // As Prisma stores DateTime on SQLite: ISO text with an explicit offset.
  const stored = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
  const t0 = performance.now();
  raw.transaction(() => {
    for (let i = 0; i < EVENTS; i++) {
      const [type, action] = kinds[i % kinds.length]!;
      const host = i % HOSTS;
      const time = Math.floor(start + i * step);
      const name = type === "image" ? `registry.local/app-${i % 300}:1` : `web-${host}-${i % 40}`;
      const image = type === "image" ? name : type === "container" ? `registry.local/app-${i % 300}:1` : ""; // as the event writer fills it
      insert.run(`h${host}`, Math.floor(i / HOSTS) + 1, `${time}000000`, type, action, `${type[0]}${i.toString(16).padStart(12, "0")}`, name, image, JSON.stringify(type === "container" ? { name, image: `registry.local/app-${i % 300}:1` } : { name }), stored(time), stored(time));
    }
  })();
  raw.close();
  const fillSeconds = (performance.now() - t0) / 1000;

  const all = { hostIds: null };
  const tenHosts = { hostIds: Array.from({ length: 10 }, (_, i) => `h${i * 7}`) };
  const filters: Record<string, EventFilter> = {
    "fleet, newest page": all,
    "one host, newest page": { hostIds: ["h42"] },
    "ten hosts (a scoped user), newest page": tenHosts,
    "type + action": { ...all, type: "container", action: "die" },
    "one host, type + action": { hostIds: ["h42"], type: "container", action: "die" },
    "container by name, one host": { hostIds: ["h42"], container: "web-42-2" },
    "image (its pulls and its containers)": { ...all, image: "registry.local/app-7:1" },
    "time range (one hour, 10 days ago)": { ...all, from: new Date(Date.now() - 10 * DAY), to: new Date(Date.now() - 10 * DAY + 3600_000) },
    "word search, common": { ...all, text: "web-42" },
    "word search, rare (scans)": { ...all, text: "exec_start" },
  };
  const queries: Record<string, ReturnType<typeof summarize>> = {};
  for (const [label, filter] of Object.entries(filters)) queries[label] = summarize(await time(() => queryEvents(plane.db, filter, { limit: 100 }), QUERIES, 2));

  // A deep page: the cursor 500 pages (50,000 events) down, reached by following the cursor.
  let cursor: EventCursor | undefined;
  for (let p = 0; p < 500; p++) cursor = (await queryEvents(plane.db, all, { cursor, limit: 100 })).next ?? undefined;
  queries["fleet, page 501 (keyset)"] = summarize(await time(() => queryEvents(plane.db, all, { cursor, limit: 100 }), QUERIES, 2));

  // Retention: 30 days keeps the last 30 of the 40 days; the prune deletes a quarter of the rows.
  await updateSettings(plane.db, { eventRetentionDays: 30 });
  const p0 = performance.now();
  const pruned = await pruneEngineEvents(plane.db);
  const pruneSeconds = (performance.now() - p0) / 1000;

  writeResult("events-history", {
    sqliteAtEvents: EVENTS,
    hosts: HOSTS,
    fillSeconds,
    queries,
    retentionPrune: { deleted: pruned.deleted, seconds: pruneSeconds, rowsPerSecond: Math.round(pruned.deleted / pruneSeconds) },
    goalP95Ms: 100,
  });
} finally {
  await plane.close();
  removeDir(plane.dir);
}
