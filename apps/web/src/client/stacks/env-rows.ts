import { parse as parseDotenv } from "dotenv";

/**
 * The stack's `.env` as rows the editor masks. A value the server keeps sealed and did not send
 * (`value: null`) stays unknown to the browser: unchanged, it goes back as "keep", never as text;
 * only a value typed here travels in clear (over TLS, sealed by the server on arrival).
 */
export interface EnvRow {
  id: number;
  key: string;
  /** null: the stored value, not sent to the browser. */
  value: string | null;
}

let nextId = 1;
export const envRow = (key = "", value: string | null = ""): EnvRow => ({ id: nextId++, key, value });

/** The server's entries (value null when sealed and withheld) as rows. */
export function rowsFromEntries(entries: ReadonlyArray<{ key: string; value: string | null }>): EnvRow[] {
  return entries.map((e) => envRow(e.key, e.value));
}

/** The server masks every stored value ("[redacted]", core's maskEnv): those rows are "stored". */
export const MASKED = "[redacted]";

/** The masked .env the server returns for the editor → rows (a masked value → null, never shown). */
export function rowsFromMaskedEnv(text: string): EnvRow[] {
  const rows: EnvRow[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*(?:export\s+)?([^=#\s][^=]*?)\s*=(.*)$/.exec(line);
    if (!m) continue;
    const value = m[2]!.trim();
    rows.push(envRow(m[1]!, value === MASKED ? null : value));
  }
  return rows;
}

/** A pasted .env text → rows (dotenv's own parser: comments, quotes, `export`). */
export function rowsFromText(text: string): EnvRow[] {
  return Object.entries(parseDotenv(text)).map(([key, value]) => envRow(key, value));
}

/** What is sent back: a kept value by reference, a typed one by value; spare rows dropped. */
export type EnvEntry = { key: string; value: string } | { key: string; keep: true };

export function entriesFromRows(rows: readonly EnvRow[]): EnvEntry[] {
  return rows.filter((r) => r.key.trim() !== "").map((r) => (r.value === null ? { key: r.key.trim(), keep: true as const } : { key: r.key.trim(), value: r.value }));
}

/** The problems the editor can see before the server does: empty or repeated or malformed keys. */
export function envProblems(rows: readonly EnvRow[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const key = r.key.trim();
    if (!key) {
      if (r.value) problems.push("a value has no name");
      continue;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) problems.push(`${key}: a name is letters, digits and _ (not starting with a digit)`);
    if (seen.has(key)) problems.push(`${key} is set twice`);
    seen.add(key);
  }
  return problems;
}

/** The .env text of rows whose values are all known (a new stack, a template): for validation. */
export function textFromRows(rows: readonly EnvRow[]): string {
  return rows
    .filter((r) => r.key.trim() !== "" && r.value !== null)
    .map((r) => `${r.key.trim()}=${JSON.stringify(r.value)}`)
    .join("\n");
}
