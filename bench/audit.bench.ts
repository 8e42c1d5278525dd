/**
 * Benchmark: (1) what the audit write adds to a mutating call (container stop/start through
 * tRPC → agent → engine), measured in the same run; (2) audit page queries at 1,000,000 records on
 * SQLite. Writes bench/results/audit.json.
 */
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { queryAudit, recordTerms, type AuditFilter } from "@dockmaster/core";
import { testImage } from "../apps/web/test/support";
import { benchPlane, summarize, time, timePair, writeResult } from "./harness";

const MUTATIONS = Number(process.env.BENCH_MUTATIONS ?? 40);
const RECORDS = Number(process.env.BENCH_AUDIT_RECORDS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_AUDIT_QUERIES ?? 40);

const bench = await benchPlane();
const { engine, plane, client } = bench;
let containerId = "";
try {
  containerId = (await engine.createContainer({ image: testImage(), name: `bench-audit-${process.pid}`, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], labels: { "dockmaster.test": "1" } })).id;

  // (1) mutating calls (each audited) and, in the same run, the audit append alone.
  const [starts, stops] = await timePair(() => client.containers.start.mutate({ hostId: bench.hostId, id: containerId }), () => client.containers.stop.mutate({ hostId: bench.hostId, id: containerId }), MUTATIONS, 0);
  const appends = await time(() => plane.audit.append({ actor: { type: "user", id: "bench", name: "bench" }, action: "containers.stop", hostId: bench.hostId, target: { type: "containers", id: containerId }, params: { hostId: bench.hostId, id: containerId }, result: "ok", durationMs: 10 }), MUTATIONS * 2, 0);
  const call = summarize([...starts, ...stops]);
  const append = summarize(appends);

  // (2) 1,000,000 audit records (written straight into the table), then the audit page's queries.
  const file = join(plane.dir, "test.db");
  const raw = new Sqlite(file);
  const start = (raw.prepare(`SELECT COALESCE(MAX(seq), 0) AS s FROM "AuditEvent"`).get() as { s: number }).s;
  const insert = raw.prepare(`INSERT INTO "AuditEvent" (seq, time, actorType, actorId, actorName, action, hostId, targetType, targetId, params, result, error, durationMs, prevHash, hash) VALUES (?, ?, 'user', ?, ?, ?, ?, 'containers', ?, ?, ?, ?, ?, ?, ?)`);
  const insertTerm = raw.prepare(`INSERT INTO "AuditTerm" (term, seq) VALUES (?, ?)`);
  const actions = ["containers.stop", "containers.start", "containers.restart", "auth.login", "hosts.list", "containers.remove"];
  const t0 = performance.now();
  raw.transaction(() => {
    for (let i = 1; i <= RECORDS; i++) {
      const result = i % 50 === 0 ? "denied" : i % 97 === 0 ? "error" : "ok";
      const row = { action: actions[i % actions.length]!, actorName: `user${i % 200}`, targetType: "containers", targetId: `c${i}`, targetName: null, params: `{"id":"c${i}"}`, error: result === "error" ? `engine error ${i}` : null };
      insert.run(start + i, new Date(Date.UTC(2026, 0, 1) + i * 1000).getTime(), `u${i % 200}`, row.actorName, row.action, `h${i % 500}`, row.targetId, row.params, result, row.error, i % 100, "x", "x");
      // The word index, as AuditLog writes it with each record.
      for (const term of recordTerms(row)) insertTerm.run(term, start + i);
    }
  })();
  raw.close();
  const fillSeconds = (performance.now() - t0) / 1000;

  const filters: Record<string, AuditFilter> = {
    "newest page, no filter": {},
    "by actor": { actor: "user42" },
    "by host": { hostId: "h7" },
    "by action prefix": { action: "containers.re" },
    "denied only": { result: "denied" },
    "time range": { from: new Date(Date.UTC(2026, 0, 5)), to: new Date(Date.UTC(2026, 0, 6)) },
    "word search, rare match": { text: "engine error 9991" },
    "word search, common words": { text: "containers stop" },
    "word search, common words + filter": { text: "engine error", actor: "user7" },
    "word search, no match": { text: "no-such-term" },
    "denied by one actor (sparse)": { actor: "user7", result: "denied" },
  };
  const queries: Record<string, ReturnType<typeof summarize>> = {};
  for (const [label, filter] of Object.entries(filters)) queries[label] = summarize(await time(() => queryAudit(plane.db, filter, { limit: 50 }), QUERIES, 0));

  writeResult("audit", {
    mutatingCall: { ...call, description: "containers.start/stop via tRPC → agent → engine, audit included" },
    auditAppend: append,
    auditOverhead: { ratioP50: append.p50Ms / (call.p50Ms - append.p50Ms), goal: 0.05 },
    sqliteAtRecords: RECORDS,
    fillSeconds,
    queries,
    goalP95Ms: 100,
  });
} finally {
  if (containerId) await engine.removeContainer(containerId, { force: true }).catch(() => undefined);
  await bench.close();
}
