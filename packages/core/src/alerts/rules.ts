import { z } from "zod";
import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import { HostLabels } from "../hosts/labels";
import { ALERT_KINDS, type AlertSignal } from "./kinds";

const Id = z.string().min(1).max(100);
/** A compose project name, as Compose itself allows it. */
const StackName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, "stacks: a stack name is lowercase letters, digits, '-' and '_' (a compose project name)");
/** A rule as the API takes it: kinds × scope → channels, with the thresholds validated naming the field. */
export const RuleFields = z.strictObject({
  name: z.string().trim().min(1, "name is empty").max(100, "name is at most 100 characters"),
  enabled: z.boolean().default(true),
  kinds: z.array(z.enum(ALERT_KINDS, { message: `kinds must be among ${ALERT_KINDS.join(", ")}` })).min(1, "kinds needs at least one event kind").max(ALERT_KINDS.length),
  hostIds: z.array(Id).max(500).default([]),
  hostGroupIds: z.array(Id).max(100).default([]),
  hostLabels: HostLabels.default({}),
  /** Compose projects (a container's com.docker.compose.project label): only signals about these stacks. */
  stacks: z.array(StackName).max(100, "stacks has at most 100 names").default([]),
  channelIds: z.array(Id).min(1, "channelIds needs at least one channel").max(20),
  restartCount: z.number().int("restartCount must be a whole number").min(2, "restartCount must be at least 2").max(1_000, "restartCount is at most 1,000").default(5),
  restartWindowMin: z.number().int("restartWindowMin must be a whole number").min(1, "restartWindowMin must be at least 1 minute").max(1_440, "restartWindowMin is at most 1,440 minutes").default(10),
  diskThresholdGb: z.number({ message: "diskThresholdGb must be a number of GiB" }).min(0.001, "diskThresholdGb must be at least 0.001 GiB").max(1_000_000, "diskThresholdGb is at most 1,000,000 GiB").default(100),
  denialCount: z.number().int("denialCount must be a whole number").min(2, "denialCount must be at least 2").max(10_000, "denialCount is at most 10,000").default(5),
  denialWindowMin: z.number().int("denialWindowMin must be a whole number").min(1, "denialWindowMin must be at least 1 minute").max(1_440, "denialWindowMin is at most 1,440 minutes").default(10),
  groupWindowSec: z.number().int("groupWindowSec must be a whole number").min(0, "groupWindowSec cannot be negative").max(7 * 86_400, "groupWindowSec is at most 7 days").default(3_600),
});
export type RuleFields = z.infer<typeof RuleFields>;
export type AlertRuleView = RuleFields & { id: string };

const list = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
};
const record = (json: string): Record<string, string> => {
  const parsed = HostLabels.safeParse((() => { try { return JSON.parse(json) as unknown; } catch { return {}; } })());
  return parsed.success ? parsed.data : {};
};

type RuleRow = Awaited<ReturnType<Db["alertRule"]["findMany"]>>[number];
export function ruleView(row: RuleRow): AlertRuleView {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    kinds: list(row.kinds).filter((k): k is (typeof ALERT_KINDS)[number] => (ALERT_KINDS as readonly string[]).includes(k)),
    hostIds: list(row.hostIds),
    hostGroupIds: list(row.hostGroupIds),
    hostLabels: record(row.hostLabels),
    stacks: list(row.stacks),
    channelIds: list(row.channelIds),
    restartCount: row.restartCount,
    restartWindowMin: row.restartWindowMin,
    diskThresholdGb: row.diskThresholdGb,
    denialCount: row.denialCount,
    denialWindowMin: row.denialWindowMin,
    groupWindowSec: row.groupWindowSec,
  };
}

function toRow(fields: RuleFields) {
  return { ...fields, kinds: JSON.stringify(fields.kinds), hostIds: JSON.stringify(fields.hostIds), hostGroupIds: JSON.stringify(fields.hostGroupIds), hostLabels: JSON.stringify(fields.hostLabels), stacks: JSON.stringify(fields.stacks), channelIds: JSON.stringify(fields.channelIds) };
}

async function checkChannels(db: Db, ids: string[]): Promise<void> {
  const found = await db.alertChannel.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw new AppError("BAD_REQUEST", `channelIds: no channel ${missing[0]}`);
}

export async function listRules(db: Db): Promise<AlertRuleView[]> {
  return (await db.alertRule.findMany({ orderBy: { name: "asc" } })).map(ruleView);
}

export async function createRule(db: Db, fields: RuleFields): Promise<AlertRuleView> {
  await checkChannels(db, fields.channelIds);
  if (await db.alertRule.findUnique({ where: { name: fields.name } })) throw new AppError("CONFLICT", `name: a rule named ${fields.name} exists`);
  return ruleView(await db.alertRule.create({ data: toRow(fields) }));
}

export async function updateRule(db: Db, id: string, fields: RuleFields): Promise<AlertRuleView> {
  await checkChannels(db, fields.channelIds);
  const clash = await db.alertRule.findUnique({ where: { name: fields.name } });
  if (clash && clash.id !== id) throw new AppError("CONFLICT", `name: a rule named ${fields.name} exists`);
  const updated = await db.alertRule.updateMany({ where: { id }, data: toRow(fields) });
  if (updated.count === 0) throw new AppError("NOT_FOUND", "no such alert rule");
  return ruleView((await db.alertRule.findUniqueOrThrow({ where: { id } })));
}

export async function deleteRule(db: Db, id: string): Promise<{ id: string; name: string }> {
  const row = await db.alertRule.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "no such alert rule");
  await db.alertRule.delete({ where: { id } });
  return { id, name: row.name };
}

export interface AlertHostFacts {
  id: string;
  name: string;
  groupId: string | null;
  labels: Record<string, string>;
}

/**
 * Whether a rule's scope takes a signal. Empty lists mean "any". Hosts and host groups: the host is
 * one of them; labels: the host carries every one; stacks: the signal is about a container of one
 * of those compose projects (so a stack-scoped rule hears nothing of host status or disk). A
 * signal about no host (repeated denials of a user) is taken only by a rule with no scope at all:
 * narrowing to some hosts says "not the rest of the fleet".
 */
export function ruleCovers(rule: AlertRuleView, host: Omit<AlertHostFacts, "name"> | null, signal: Pick<AlertSignal, "stack">): boolean {
  const scoped = rule.hostIds.length > 0 || rule.hostGroupIds.length > 0 || Object.keys(rule.hostLabels).length > 0 || rule.stacks.length > 0;
  if (!host) return !scoped;
  if (rule.hostIds.length > 0 || rule.hostGroupIds.length > 0) {
    if (!rule.hostIds.includes(host.id) && !(host.groupId && rule.hostGroupIds.includes(host.groupId))) return false;
  }
  if (rule.stacks.length > 0 && !(signal.stack && rule.stacks.includes(signal.stack))) return false;
  return Object.entries(rule.hostLabels).every(([key, value]) => host.labels[key] === value);
}
