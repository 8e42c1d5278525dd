import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Checkpoints a SQLite database's write-ahead log from a worker thread. Why: with SQLite's default
 * automatic checkpoint, every few commits one of them copies the WAL back into the database file
 * and fsyncs it — on the control plane's main thread, inside whichever write happened to cross the
 * threshold. Measured on the engine-event write path: ~35 µs of work per event became 80-180 µs of
 * blocked event loop. A PASSIVE checkpoint from another connection never blocks the writer, so the
 * main connection keeps only a distant automatic checkpoint as a safety net (SAFETY_NET_PAGES).
 */
export const SAFETY_NET_PAGES = 10_000;

/** Plain JavaScript (no TypeScript loader in a worker): open, checkpoint every interval, stop on request. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
db.pragma("synchronous = NORMAL");
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
}, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
  db.close();
  parentPort.close();
});
`;

export interface SqliteCheckpointer {
  stop(): Promise<void>;
}

export function startSqliteCheckpointer(file: string, intervalMs: number, onError: (message: string) => void): SqliteCheckpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, intervalMs, driver } });
  worker.on("message", (message: { error?: string }) => message.error && onError(message.error));
  worker.on("error", (error) => onError(String(error)));
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return {
    async stop() {
      worker.postMessage("stop");
      const timeout = setTimeout(() => void worker.terminate(), 2_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
