import type { Db } from "@dockmaster/db";
import { getSettings } from "../identity/settings";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows deleted per statement: keeps each write short so event intake is never blocked for long. */
const CHUNK = 5_000;

/**
 * Deletes engine events older than the retention setting (by the engine's event time), a chunk at
 * a time, oldest first. Returns how many went. Hosts keep their last seq on the Host row, so
 * resuming an agent's event stream does not depend on old rows.
 */
export async function pruneEngineEvents(db: Db, now = new Date()): Promise<{ deleted: number; before: Date }> {
  const { eventRetentionDays } = await getSettings(db);
  const before = new Date(now.getTime() - eventRetentionDays * DAY_MS);
  let deleted = 0;
  for (;;) {
    // The (CHUNK+1)-th oldest row bounds this round (a time range: no parameter list to outgrow).
    const edge = await db.engineEvent.findFirst({ where: { time: { lt: before } }, orderBy: { time: "asc" }, skip: CHUNK, select: { time: true } });
    const upTo = edge ? edge.time : before;
    let count = (await db.engineEvent.deleteMany({ where: { time: { lt: upTo } } })).count;
    // More than CHUNK rows share the oldest instant: that instant goes whole.
    if (count === 0 && edge) count = (await db.engineEvent.deleteMany({ where: { time: upTo } })).count;
    deleted += count;
    if (!edge) return { deleted, before };
  }
}
