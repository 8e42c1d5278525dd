/**
 * Benchmark: (1) what the audit write adds to a mutating call (container stop/start through
 * tRPC → agent → engine), measured in the same run; (2) audit page queries at 1,000,000 records on
 * SQLite. Writes bench/results/audit.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { createEnrollmentToken, queryAudit, recordTerms, type AuditFilter } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv } from "@dockmaster/docker";
import { apiClient, removeDir, REPO_ROOT, spawnAgent, startTestPlane, testEngines, testImage, waitFor } from "../apps/web/test/support";

const MUTATIONS = Number(process.env.BENCH_MUTATIONS ?? 40);
const RECORDS = Number(process.env.BENCH_AUDIT_RECORDS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_AUDIT_QUERIES ?? 40);

const stats = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { n: s.length, p50Ms: at(0.5), p95Ms: at(0.95), meanMs: s.reduce((a, b) => a + b, 0) / s.length };
};
async function timed(fn: () => Promise<unknown>) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const dockerHost = testEngines()[0]!;
const engine = createEngine(engineConfigFromEnv({ dockerHost }));
const plane = await startTestPlane();
const agent = spawnAgent({ DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`, DOCKER_HOST: dockerHost, DOCKMASTER_AGENT_STATE: join(plane.dir, "agent.json"), DOCKMASTER_ENROLL_TOKEN: (await createEnrollmentToken(plane.db, {})).token });
let containerId = "";
try {
  const host = await waitFor(() => plane.db.host.findFirst({ where: { status: "online" } }), "agent online", 20_000);
  const { client } = apiClient(plane.port);
  await client.auth.setup.mutate({ username: "bench", password: "benchmark password" });
  containerId = (await engine.createContainer({ image: testImage(), name: `bench-audit-${process.pid}`, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], labels: { "dockmaster.test": "1" } })).id;

  // (1) mutating calls (each audited) and, in the same run, the audit append alone.
  const calls: number[] = [];
  for (let i = 0; i < MUTATIONS; i++) {
    calls.push(await timed(() => client.containers.start.mutate({ hostId: host.id, id: containerId })));
    calls.push(await timed(() => client.containers.stop.mutate({ hostId: host.id, id: containerId })));
  }
  const appends: number[] = [];
  for (let i = 0; i < MUTATIONS * 2; i++) {
    appends.push(await timed(() => plane.audit.append({ actor: { type: "user", id: "bench", name: "bench" }, action: "containers.stop", hostId: host.id, target: { type: "containers", id: containerId }, params: { hostId: host.id, id: containerId }, result: "ok", durationMs: 10 })));
  }
  const call = stats(calls);
  const append = stats(appends);

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
  const queries: Record<string, ReturnType<typeof stats>> = {};
  for (const [label, filter] of Object.entries(filters)) {
    const samples: number[] = [];
    for (let i = 0; i < QUERIES; i++) samples.push(await timed(() => queryAudit(plane.db, filter, { limit: 50 })));
    queries[label] = stats(samples);
  }

  const result = {
    benchmark: "audit",
    date: new Date().toISOString(),
    mutatingCall: { ...call, description: "containers.start/stop via tRPC → agent → engine, audit included" },
    auditAppend: append,
    auditOverhead: { ratioP50: append.p50Ms / (call.p50Ms - append.p50Ms), goal: 0.05 },
    sqliteAtRecords: RECORDS,
    fillSeconds,
    queries,
    goalP95Ms: 100,
  };
  mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(REPO_ROOT, "bench/results/audit.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  if (containerId) await engine.removeContainer(containerId, { force: true }).catch(() => undefined);
  await agent.stop();
  await plane.close();
  removeDir(plane.dir);
}
