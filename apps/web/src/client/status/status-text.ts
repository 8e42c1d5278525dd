/*
 * A container's status text as the engine words it ("Up 5 minutes", "Exited (0) 2 hours ago"),
 * moved on to now. Both container tables hold a text that was true when it was read (statusAt):
 * the fleet view from the host's snapshot, a host's Containers tab from the list fetched on the
 * last container event. Neither is re-read until the container changes: without this, a
 * container shows "Up Less than a second" for as long as it runs.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The engine's own wording of a duration (Docker's units.HumanDuration). */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / SECOND);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / MINUTE);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / HOUR + 0.5);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / HOUR / 24 / 365)} years`;
}

const UNIT_MS: Record<string, number> = { second: SECOND, minute: MINUTE, hour: HOUR, day: DAY, week: 7 * DAY, month: 30 * DAY, year: 365 * DAY };

/** The duration a humanDuration text stands for (its lower bound), or null when it is not one. */
export function parseHumanDuration(text: string): number | null {
  if (text === "Less than a second") return 0;
  if (text === "About a minute") return MINUTE;
  if (text === "About an hour") return HOUR;
  const m = /^(\d+) (second|minute|hour|day|week|month|year)s?$/.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : null;
}

/** "Up <d>[ (healthy)]", "Exited (<code>) <d> ago", "Restarting (<code>) <d> ago". */
const SHAPES: Array<{ pattern: RegExp; render: (m: RegExpExecArray, duration: string) => string }> = [
  { pattern: /^Up (.+?)( \([^)]*\))?$/, render: (m, d) => `Up ${d}${m[2] ?? ""}` },
  { pattern: /^(Exited|Restarting) (\(-?\d+\)) (.+) ago$/, render: (m, d) => `${m[1]} ${m[2]} ${d} ago` },
];

/** `status` as it reads `now`, given that it was read at `statusAt`; unchanged when it holds no duration. */
export function statusNow(status: string, statusAt: Date, now: number): string {
  for (const { pattern, render } of SHAPES) {
    const m = pattern.exec(status);
    if (!m) continue;
    const then = parseHumanDuration(m[1] === "Exited" || m[1] === "Restarting" ? m[3]! : m[1]!);
    if (then === null) return status;
    return render(m, humanDuration(then + Math.max(0, now - statusAt.getTime())));
  }
  return status;
}
