/** Splits a stream of newline-delimited JSON (pull, push and build progress) into parsed objects. */
export async function* jsonLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Record<string, unknown>> {
  let pending = "";
  for await (const chunk of chunks) {
    pending += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) yield parse(line);
    }
  }
  if (pending.trim()) yield parse(pending.trim());
}

function parse(line: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : { stream: String(value) };
  } catch {
    return { stream: `${line}\n` }; // not JSON: keep the text rather than lose it
  }
}
