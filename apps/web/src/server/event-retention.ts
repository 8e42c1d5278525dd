import { pruneEngineEvents } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import { log } from "./logger";

const HOUR_MS = 60 * 60 * 1000;

/**
 * The engine events retention job: prunes once at startup, then every `intervalMs` (hourly by
 * default). One run at a time; a failure is logged and the next run tries again. Returns stop().
 */
export function startEventRetention(db: Db, intervalMs = HOUR_MS): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      try {
        const { deleted, before } = await pruneEngineEvents(db);
        if (deleted > 0) log.info("old engine events pruned", { deleted, before: before.toISOString() });
      } catch (error) {
        log.error("engine events prune failed", { error: String(error) });
      }
    });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
