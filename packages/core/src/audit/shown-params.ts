import { redactCutJson } from "./redact-cut-json";
import { redactParams } from "./redact";

/** `{ truncated: "<JSON text cut at 8,000 characters>" }`, how params too long to keep whole are stored. */
function truncatedText(params: unknown): string | null {
  if (!params || typeof params !== "object" || Array.isArray(params)) return null;
  const keys = Object.keys(params);
  const text = (params as { truncated?: unknown }).truncated;
  return keys.length === 1 && typeof text === "string" ? text : null;
}

/**
 * Stored parameters as shown, exported and indexed for search: the rule applied again, for
 * records written before it covered today's secrets (two-factor codes, env values). The stored
 * row is never changed (its hash covers it); for a record written under the current rule this is
 * the stored text unchanged, so exported records still hash to their `hash`. A truncated record
 * cannot be parsed, so its cut text is redacted textually by the same rule (redactCutJson).
 */
export function shownParams(stored: string): string {
  let params: unknown;
  try {
    params = JSON.parse(stored);
  } catch {
    return stored;
  }
  const cut = truncatedText(params);
  if (cut === null) return redactParams(params);
  const shown = redactCutJson(cut);
  // Not through redactParams: the wrapped text is over 8,000 characters and would be cut again.
  return shown === cut ? stored : JSON.stringify({ truncated: shown });
}
