import type { Db } from "@dockmaster/db";
import { finishOperation, startOperation } from "../operations/operations";
import { distinctTags, fleetImages } from "./fleet-tags";
import type { TagRef } from "./image-ref";
import { fleetUpdateStatus } from "./status";
import type { DigestAnswer } from "./registry-client";

/** Operations of the fleet-wide update check are not about one host: they are filed under this id. */
export const FLEET_OPERATION_HOST = "fleet";

export interface CheckSummary {
  operationId: string;
  /** Distinct tags in the fleet worth asking about. */
  tags: number;
  /** Asked the registry this time (the rest were fresh in the cache). */
  asked: number;
  updates: number;
  failed: Array<{ tag: string; error: string }>;
}

export interface RunCheckOptions {
  ask: (ref: TagRef) => Promise<DigestAnswer>;
  ttlMs: number;
  /** Check now: ask even for tags checked within the TTL. */
  force?: boolean;
  actor?: { id?: string | null; name?: string | null } | null;
  now?: () => Date;
}

/**
 * One update check of the whole fleet, as an Operation: every distinct tag not fresh in the cache
 * (or every one, when forced) is asked once; the answers replace the cache rows, which every
 * host's status and every instance read. The operation's error lists what could not be checked.
 */
export async function runUpdateCheck(db: Db, options: RunCheckOptions): Promise<CheckSummary> {
  const now = options.now ?? (() => new Date());
  const operationId = await startOperation(db, { hostId: FLEET_OPERATION_HOST, action: "updates.check", target: { type: "fleet", name: options.force ? "check now" : "scheduled" }, actor: options.actor });
  try {
    const tags = distinctTags((await fleetImages(db)).values());
    const fresh = options.force ? new Set<string>() : await freshKeys(db, [...tags.keys()], new Date(now().getTime() - options.ttlMs));
    const due = [...tags].filter(([key]) => !fresh.has(key));
    const answers = await Promise.all(due.map(async ([key, ref]) => ({ key, ref, answer: await options.ask(ref) })));
    for (const { key, ref, answer } of answers) {
      const data = { registry: ref.registry, repository: ref.repository, tag: ref.tag, remoteDigest: answer.ok ? answer.digest : null, error: answer.ok ? null : answer.error, checkedAt: now() };
      await db.imageUpdateCheck.upsert({ where: { key }, create: { key, ...data }, update: data });
    }
    const failed = answers.flatMap(({ key, answer }) => (answer.ok ? [] : [{ tag: key, error: answer.error }]));
    const updates = await countUpdates(db);
    const summary = { operationId, tags: tags.size, asked: due.length, updates, failed };
    const text = `${summary.tags} tags, ${summary.asked} asked, ${updates} with an update`;
    await finishOperation(db, operationId, failed.length === 0 ? { ok: true } : { ok: false, error: `${text}; ${failed.length} could not be checked: ${failed.map((f) => `${f.tag}: ${f.error}`).join("; ")}` }, { type: "fleet", name: text });
    return summary;
  } catch (error) {
    await finishOperation(db, operationId, { ok: false, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

async function freshKeys(db: Db, keys: string[], since: Date): Promise<Set<string>> {
  const rows = await db.imageUpdateCheck.findMany({ where: { key: { in: keys }, checkedAt: { gte: since } }, select: { key: true } });
  return new Set(rows.map((r) => r.key));
}

async function countUpdates(db: Db): Promise<number> {
  const status = await fleetUpdateStatus(db, {});
  return status.containers.filter((c) => c.status.state === "available").length;
}
