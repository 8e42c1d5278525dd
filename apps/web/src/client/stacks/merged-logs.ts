/**
 * The merged log of a stack: one log stream per container (opened with timestamps), each line
 * tagged with its service and ordered by the engine's timestamp, so lines of different services
 * interleave as they happened. Plain TypeScript: the view and its tests share it.
 */
export interface MergedLine {
  /** Nanoseconds since the epoch as a sortable string key ("2026-12-08T00:30:01.123456789Z"). */
  at: string;
  service: string;
  container: string;
  s: "out" | "err";
  text: string;
  /** Arrival order, to keep lines with the same timestamp in the order they came. */
  n: number;
}

// The engine prefixes each line with RFC 3339 nanoseconds and a space when timestamps are asked.
const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z /;

/** Splits "2026-…Z text" into a sortable key and the text; a line without a stamp sorts by arrival. */
export function splitTimestamp(line: string): { at: string; text: string } {
  const m = STAMP.exec(line);
  if (!m) return { at: "", text: line };
  return { at: `${m[1]}.${(m[2] ?? "").padEnd(9, "0")}Z`, text: line.slice(m[0].length) };
}

/** Keeps whole lines per container and stream, merged in timestamp order, at most `max` lines. */
export class MergedLog {
  private lines: MergedLine[] = [];
  private partial = new Map<string, string>();
  private counter = 0;
  private lastAt = "";
  dropped = 0;

  constructor(private readonly max = 5_000) {}

  /** Adds a chunk from one container; returns whether a whole line was completed. */
  push(source: { service: string; container: string }, s: "out" | "err", chunk: string): boolean {
    const key = `${source.container}\u0000${s}`;
    const parts = ((this.partial.get(key) ?? "") + chunk).split("\n");
    this.partial.set(key, parts.pop() ?? "");
    for (const raw of parts) {
      const { at, text } = splitTimestamp(raw.endsWith("\r") ? raw.slice(0, -1) : raw);
      // Without a stamp a line goes where the last one went (never to the top).
      const line = { at: at || this.lastAt, service: source.service, container: source.container, s, text, n: ++this.counter };
      this.insert(line);
    }
    const excess = this.lines.length - this.max;
    if (excess > 0) {
      this.lines.splice(0, excess);
      this.dropped += excess;
    }
    return parts.length > 0;
  }

  /** Lines arrive mostly in order: insert from the end (binary search would not help much). */
  private insert(line: MergedLine) {
    if (line.at > this.lastAt) this.lastAt = line.at;
    let i = this.lines.length;
    while (i > 0 && this.lines[i - 1]!.at > line.at) i--;
    this.lines.splice(i, 0, line);
  }

  get all(): readonly MergedLine[] {
    return this.lines;
  }

  clear() {
    this.lines = [];
    this.partial.clear();
    this.dropped = 0;
    this.lastAt = "";
  }
}

// Distinct on the dark background, none of them the red used for stderr.
const PALETTE = ["text-sky-300", "text-emerald-300", "text-amber-300", "text-fuchsia-300", "text-cyan-300", "text-lime-300", "text-orange-300", "text-violet-300", "text-teal-300", "text-pink-300"];

/** One colour per service, by its position among the stack's services (stable while the list is). */
export function serviceColour(services: readonly string[], service: string): string {
  const i = [...services].sort().indexOf(service);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length]!;
}
