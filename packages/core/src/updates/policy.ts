import type { Db } from "@dockmaster/db";
import { Cron } from "croner";
import { z } from "zod";
import { AppError } from "../errors";

/**
 * Update policies: what the scheduled check does when a container has an update.
 *  - "notify": raise update.available only (the default);
 *  - "auto": update it, inside the maintenance window only, with the health rollback.
 * A container's own label wins (it is the most specific); otherwise its stack's policy applies.
 */
export const UPDATE_POLICY_LABEL = "io.dockmaster.update";
export const UpdatePolicyMode = z.enum(["notify", "auto"]);
export type UpdatePolicyMode = z.infer<typeof UpdatePolicyMode>;

export interface EffectivePolicy {
  mode: UpdatePolicyMode;
  /** Where it came from: the container's label, its stack, or the default. */
  source: "label" | "stack" | "default";
  /** A label value that is neither notify nor auto (treated as notify, and shown). */
  invalid?: string;
}

/** The policy a container's labels ask for, or null when the label is absent. */
export function labelPolicy(labels: Record<string, string>): EffectivePolicy | null {
  const value = labels[UPDATE_POLICY_LABEL];
  if (value === undefined) return null;
  const parsed = UpdatePolicyMode.safeParse(value.trim().toLowerCase());
  return parsed.success ? { mode: parsed.data, source: "label" } : { mode: "notify", source: "label", invalid: value };
}

export function effectivePolicy(labels: Record<string, string>, stackMode: UpdatePolicyMode | undefined): EffectivePolicy {
  return labelPolicy(labels) ?? (stackMode ? { mode: stackMode, source: "stack" } : { mode: "notify", source: "default" });
}

/**
 * Whether `now` falls in the maintenance window: a tick of `cron` (UTC) within the last
 * `durationMinutes`, i.e. the first tick after (now − duration) is not later than now.
 */
export function windowOpen(window: { cron: string; durationMinutes: number } | null, now: Date): boolean {
  if (!window) return false;
  const from = new Date(now.getTime() - window.durationMinutes * 60_000);
  const cron = new Cron(window.cron, { paused: true, timezone: "UTC" });
  try {
    const tick = cron.nextRun(from);
    return tick !== null && tick.getTime() <= now.getTime();
  } finally {
    cron.stop();
  }
}

/** Per stack id: its update policy (stacks without a row: notify). */
export async function stackPolicies(db: Db): Promise<Map<string, UpdatePolicyMode>> {
  const rows = await db.stackUpdatePolicy.findMany({ select: { stackId: true, mode: true } });
  return new Map(rows.flatMap((r) => (UpdatePolicyMode.safeParse(r.mode).success ? [[r.stackId, r.mode as UpdatePolicyMode]] : [])));
}

export async function setStackPolicy(db: Db, stackId: string, mode: UpdatePolicyMode): Promise<void> {
  const stack = await db.stack.findUnique({ where: { id: stackId }, select: { id: true } });
  if (!stack) throw new AppError("NOT_FOUND", `stack ${stackId} not found`);
  await db.stackUpdatePolicy.upsert({ where: { stackId }, create: { stackId, mode }, update: { mode } });
}

/**
 * Rollbacks remembered per (host, container name, tag): the scheduled check does not apply the same
 * digest again automatically (it would fail the same way every window); a person still can.
 */
export interface RollbackRecord {
  hostId: string;
  subject: string;
  tag: string;
  digest: string;
  reason: string;
}

export async function recordRollback(db: Db, record: RollbackRecord): Promise<void> {
  await db.updateRollback.create({ data: record });
}

/** "hostId subject digest" of every rollback, for skipping those digests. */
export async function rolledBackKeys(db: Db): Promise<Set<string>> {
  const rows = await db.updateRollback.findMany({ select: { hostId: true, subject: true, digest: true } });
  return new Set(rows.map((r) => rollbackKey(r.hostId, r.subject, r.digest)));
}

export const rollbackKey = (hostId: string, subject: string, digest: string) => `${hostId} ${subject} ${digest}`;
