import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * A thread that owns the control plane's hot SQLite writes (engine events, host status, state
 * snapshots). Why: better-sqlite3 is synchronous, so on the main thread every insert — ~20 µs per
 * event on a fresh database, 70+ µs once it holds a few hundred thousand events, because four of the
 * event table's indexes take each row at a random place — held the event loop, and with it every
 * agent's relay and every page. Here the main thread only hands over the rows; the writes run on
 * another core, on the thread's own connection, and the main thread awaits their result.
 *
 * The main connection still writes (Prisma's own queries). Both connections serialize on SQLite's
 * write lock: whichever comes second waits (busy_timeout). The main connection's transactions
 * start IMMEDIATE (client.ts) so they take that lock before reading: a deferred transaction that
 * read, then found this thread had committed meanwhile, could not write at all (SQLITE_BUSY_SNAPSHOT).
 */

/** One statement, run once per row of parameters, inside a job's transaction. */
export interface WriteStep {
  sql: string;
  rows: unknown[][];
  /** Every row must change something; if one does not, the whole job is rolled back (UnchangedRows). */
  mustChange?: boolean;
}

/** A job rolled back because these parameter rows of one step changed nothing (e.g. a removed host). */
export class UnchangedRows extends Error {
  constructor(
    readonly step: number,
    readonly rows: number[],
  ) {
    super(`step ${step}: rows ${rows.join(", ")} changed nothing`);
  }
}

export interface SqliteWriter {
  /** Runs the steps in one IMMEDIATE transaction on the writer thread; each step's changes per row. */
  write(steps: WriteStep[]): Promise<number[][]>;
  /** Finishes the jobs already handed over, then closes the thread's connection. */
  stop(): Promise<void>;
  /** False once the thread has died (its jobs were rejected): callers write another way. */
  readonly alive: boolean;
}

/** Plain JavaScript (no TypeScript loader in a worker). Jobs run in arrival order, one at a time. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
for (const pragma of workerData.pragmas) db.pragma(pragma);
const statements = new Map();
function prepare(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    if (statements.size >= 256) statements.clear();
    statements.set(sql, (statement = db.prepare(sql)));
  }
  return statement;
}
const run = db.transaction((steps) => steps.map((step, index) => {
  const statement = prepare(step.sql);
  const changes = step.rows.map((row) => statement.run(...row).changes);
  const unchanged = step.mustChange ? changes.flatMap((c, i) => (c === 0 ? [i] : [])) : [];
  if (unchanged.length > 0) throw Object.assign(new Error("unchanged"), { unchanged: { step: index, rows: unchanged } });
  return changes;
}));
parentPort.on("message", (job) => {
  if (job.stop) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: job.id, changes: run.immediate(job.steps) });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String(error && error.message ? error.message : error), unchanged: error && error.unchanged });
  }
});
`;

interface Reply {
  id: number;
  changes?: number[][];
  error?: string;
  unchanged?: { step: number; rows: number[] };
}

export function startSqliteWriter(file: string, options: { busyTimeoutMs: number; pragmas: string[]; onError: (message: string) => void }): SqliteWriter {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, busyTimeoutMs: options.busyTimeoutMs, pragmas: options.pragmas } });
  const pending = new Map<number, { resolve: (changes: number[][]) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let alive = true;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const die = (why: string) => {
    if (!alive) return;
    alive = false;
    for (const job of pending.values()) job.reject(new Error(`SQLite writer thread stopped: ${why}`));
    pending.clear();
  };
  worker.on("message", (reply: Reply) => {
    const job = pending.get(reply.id);
    if (!job) return;
    pending.delete(reply.id);
    if (reply.changes) job.resolve(reply.changes);
    else job.reject(reply.unchanged ? new UnchangedRows(reply.unchanged.step, reply.unchanged.rows) : new Error(reply.error ?? "SQLite write failed"));
  });
  worker.on("error", (error) => {
    options.onError(String(error));
    die(String(error));
  });
  worker.once("exit", (code) => die(`exited with code ${code}`));
  // A server that is done must not be kept alive by its writer; stop() still waits for it.
  worker.unref();
  return {
    get alive() {
      return alive;
    },
    write(steps) {
      if (!alive) return Promise.reject(new Error("SQLite writer thread stopped"));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, steps });
      });
    },
    async stop() {
      if (alive) worker.postMessage({ stop: true });
      const timeout = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
