import { z } from "zod";
import { RELAY_EVENT_TYPE, RESYNC_ACTION, type EngineEvent } from "./events";

/**
 * The gap a `dockmaster/resync` marker stands for, carried in the marker's attributes (strings,
 * like every engine event attribute):
 * - `gapAfterSeq`: the seq of the last event relayed before the gap (the marker's own seq is the
 *   next one: lost events never got a seq);
 * - `gapFromTimeNano` / `gapToTimeNano`: the engine-time window in which events may be missing
 *   (from: the last event relayed before it, "" if there was none; to: the first event after it, or
 *   the moment the gap was found);
 * - `lostEvents`: how many were lost, as a decimal, or "unknown" when the engine cannot say (its
 *   ring of 256 events overran, or it restarted).
 */
export const GAP_ATTRIBUTES = { afterSeq: "gapAfterSeq", fromTimeNano: "gapFromTimeNano", toTimeNano: "gapToTimeNano", lost: "lostEvents" } as const;

export interface ResyncGap {
  afterSeq: number;
  fromTimeNano: string | null;
  toTimeNano: string;
  /** null: unknown. */
  lost: number | null;
  /** Why (the marker's `detail`, or its `reason`). */
  reason: string;
}

const Nano = z.string().regex(/^\d{1,25}$/);
const Attributes = z.object({
  gapAfterSeq: z.string().regex(/^\d{1,16}$/),
  gapFromTimeNano: z.union([Nano, z.literal("")]),
  gapToTimeNano: Nano,
  lostEvents: z.union([z.string().regex(/^\d{1,16}$/), z.literal("unknown")]),
});

/** The marker's attributes for a gap (the agent writes them). */
export function gapAttributes(gap: Omit<ResyncGap, "reason">): Record<string, string> {
  return { gapAfterSeq: String(gap.afterSeq), gapFromTimeNano: gap.fromTimeNano ?? "", gapToTimeNano: gap.toTimeNano, lostEvents: gap.lost === null ? "unknown" : String(gap.lost) };
}

/** The gap of a resync marker, or null for any other event (or a marker from an older agent, which carries none). */
export function resyncGapOf(event: Pick<EngineEvent, "type" | "action" | "actorAttributes">): ResyncGap | null {
  if (event.type !== RELAY_EVENT_TYPE || event.action !== RESYNC_ACTION) return null;
  const parsed = Attributes.safeParse(event.actorAttributes);
  if (!parsed.success) return null;
  const a = parsed.data;
  return {
    afterSeq: Number(a.gapAfterSeq),
    fromTimeNano: a.gapFromTimeNano || null,
    toTimeNano: a.gapToTimeNano,
    lost: a.lostEvents === "unknown" ? null : Number(a.lostEvents),
    reason: event.actorAttributes.detail ?? event.actorAttributes.reason ?? "",
  };
}
