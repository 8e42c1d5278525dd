/** "key=value" lines (labels, driver options) ↔ a record; blank lines are skipped, the first "=" splits. */
export function parseKeyValueLines(text: string): { value: Record<string, string>; error: string | null } {
  const value: Record<string, string> = {};
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return { value, error: `line ${i + 1}: write key=value` };
    value[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { value, error: null };
}

export const keyValueLines = (record: Record<string, string>) =>
  Object.entries(record)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
