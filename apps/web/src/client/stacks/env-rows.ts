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

/** The server masks every stored value ("[redacted]", core's maskEnv): those rows are "stored". */
export const MASKED = "[redacted]";

/** The masked .env the server returns for the editor → rows (a masked value → null, never shown). */
export function rowsFromMaskedEnv(text: string): EnvRow[] {
  const rows: EnvRow[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*(?:export\s+)?([^=#\s][^=]*?)\s*=(.*)$/.exec(line);
    if (!m) continue;
    const value = m[2]!.trim();
    rows.push(envRow(m[1], value === MASKED ? null : value));
  }
  return rows;
}

/** A pasted .env text → rows (dotenv's own parser: comments, quotes, `export`). */
export function rowsFromText(text: string): EnvRow[] {
  return Object.entries(parseDotenv(text)).map(([key, value]) => envRow(key, value));
}

/** A value as .env text: bare when plain, quoted when it has spaces, # or quotes (dotenv's reading). */
function envValue(value: string): string {
  if (/^[^\s#"'\\]*$/.test(value)) return value;
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

/**
 * The .env text sent back (the stacks router's contract): a stored value as "[redacted]", which
 * the server replaces with the value it kept (so it never travels in clear when unchanged); a
 * typed value as itself. Spare rows are dropped.
 */
export function envTextFromRows(rows: readonly EnvRow[]): string {
  return rows
    .filter((r) => r.key.trim() !== "")
    .map((r) => `${r.key.trim()}=${r.value === null ? MASKED : envValue(r.value)}`)
    .join("\n");
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
