/*
 * What a `dockmaster/resync` marker says about the gap it stands for, for the events views. The
 * agent writes the gap into the marker's attributes (strings, like every event attribute):
 * gapAfterSeq (the last event relayed before it), gapFromTimeNano / gapToTimeNano (the engine-time
 * window in which events may be missing; from is "" when nothing came before) and lostEvents (a
 * count, or "unknown" when the engine cannot say). A marker from an older agent carries none of
 * them: then only its reason is shown.
 */

export interface ResyncGapView {
  /** The window, e.g. "between 12:00:01 and 12:00:09"; null when the marker has none. */
  window: string | null;
  /** "3 events lost", "1 event lost", "number of events lost unknown"; null when the marker has none. */
  lost: string | null;
  /** "after event #41"; null when the marker has none. */
  after: string | null;
  reason: string;
}

const nanoToDate = (nano: string | undefined) => (nano && /^\d{1,25}$/.test(nano) ? new Date(Number(BigInt(nano) / 1_000_000n)) : null);

export function resyncGapView(attributes: Record<string, string>, format: (d: Date) => string = (d) => d.toLocaleString()): ResyncGapView {
  const from = nanoToDate(attributes.gapFromTimeNano);
  const to = nanoToDate(attributes.gapToTimeNano);
  const window = to ? (from ? `between ${format(from)} and ${format(to)}` : `up to ${format(to)}`) : null;
  const lostText = attributes.lostEvents;
  const lost =
    lostText === undefined ? null : lostText === "unknown" || !/^\d+$/.test(lostText) ? "number of events lost unknown" : `${lostText} event${lostText === "1" ? "" : "s"} lost`;
  const after = attributes.gapAfterSeq && /^\d+$/.test(attributes.gapAfterSeq) ? `after event #${attributes.gapAfterSeq}` : null;
  return { window, lost, after, reason: attributes.detail ?? attributes.reason ?? "" };
}
