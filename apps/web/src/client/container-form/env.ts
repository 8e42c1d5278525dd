import { parse as parseDotenv } from "dotenv";

/** A key/value row of the form (environment variables and labels). */
export interface KeyValueRow {
  key: string;
  value: string;
}

/**
 * A pasted .env file → rows, read by dotenv's own parser (comments, quotes, `export`, multi-line
 * values in double quotes).
 */
export function rowsFromDotenv(text: string): KeyValueRow[] {
  return Object.entries(parseDotenv(text)).map(([key, value]) => ({ key, value }));
}

/** Later rows win over earlier ones with the same key (a paste overrides what was typed). */
export function mergeRows(rows: readonly KeyValueRow[], extra: readonly KeyValueRow[]): KeyValueRow[] {
  const keys = new Set(extra.map((r) => r.key));
  return [...rows.filter((r) => isUsedRow(r) && !keys.has(r.key)), ...extra];
}

/** `["KEY=value", …]` (the engine's Env) → rows; a value may itself contain "=". */
export function rowsFromEnv(env: readonly string[] | null | undefined): KeyValueRow[] {
  return (env ?? []).map((entry) => {
    const at = entry.indexOf("=");
    return at < 0 ? { key: entry, value: "" } : { key: entry.slice(0, at), value: entry.slice(at + 1) };
  });
}

/** A row with a key or a value; fully empty rows are the form's spare lines. */
export const isUsedRow = (r: KeyValueRow) => r.key.trim() !== "" || r.value !== "";

/** Rows → `KEY=value` entries, spare lines skipped. */
export function envFromRows(rows: readonly KeyValueRow[]): string[] | undefined {
  const env = rows.filter(isUsedRow).map((r) => `${r.key.trim()}=${r.value}`);
  return env.length ? env : undefined;
}

export function labelsFromRows(rows: readonly KeyValueRow[]): Record<string, string> | undefined {
  const used = rows.filter(isUsedRow);
  return used.length ? Object.fromEntries(used.map((r) => [r.key.trim(), r.value])) : undefined;
}
