/**
 * Newline-delimited text from a byte stream, one complete line at a time (trimmed, blank lines
 * skipped). `withRest`: also yield what follows the last newline when the stream ends.
 */
export async function* lines(chunks: AsyncIterable<Buffer | string>, withRest = false): AsyncGenerator<string> {
  let pending = "";
  for await (const chunk of chunks) {
    pending += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) yield line;
    }
  }
  if (withRest && pending.trim()) yield pending.trim();
}

/** Newline-delimited JSON (pull, push, build progress, stats) as parsed objects. */
export async function* jsonLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Record<string, unknown>> {
  for await (const line of lines(chunks, true)) yield parse(line);
}

function parse(line: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : { stream: String(value) };
  } catch {
    return { stream: `${line}\n` }; // not JSON: keep the text rather than lose it
  }
}
