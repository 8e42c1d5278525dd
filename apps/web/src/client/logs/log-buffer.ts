import { unlinkTerminalText } from "./terminal-links";

/**
 * Turns log chunks (several lines per frame, lines split across frames) into whole lines per
 * stream, keeping at most `maxLines` (the oldest go first) so a chatty container cannot exhaust
 * the tab's memory.
 */
export interface LogLine {
  n: number;
  s: "out" | "err";
  text: string;
}

export class LogBuffer {
  readonly lines: LogLine[] = [];
  private partial = { out: "", err: "" };
  private counter = 0;
  dropped = 0;

  constructor(private readonly maxLines = 5_000) {}

  /** Adds a chunk; returns whether any whole line was completed. */
  push(s: "out" | "err", chunk: string): boolean {
    const parts = (this.partial[s] + chunk).split("\n");
    this.partial[s] = parts.pop() ?? "";
    for (const text of parts) this.lines.push({ n: ++this.counter, s, text: text.endsWith("\r") ? text.slice(0, -1) : text });
    const excess = this.lines.length - this.maxLines;
    if (excess > 0) {
      this.lines.splice(0, excess);
      this.dropped += excess;
    }
    return parts.length > 0;
  }

  /** Lines still waiting for their newline (shown as they are when the stream ends). */
  flush(): void {
    for (const s of ["out", "err"] as const) {
      if (this.partial[s]) this.push(s, "\n");
    }
  }

  clear(): void {
    this.lines.length = 0;
    this.partial = { out: "", err: "" };
    this.dropped = 0;
  }

  text(): string {
    return this.lines.map((l) => l.text).join("\n") + "\n";
  }
}

/** Strips ANSI escape sequences (colours, cursor moves) for search and download; OSC 8 links keep their text and URL. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
export const stripAnsi = (text: string) => unlinkTerminalText(text).replace(ANSI, "");
