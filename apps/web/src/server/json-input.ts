/**
 * Request input as JSON, checked before any procedure sees it: text that is not JSON, and strings
 * holding a lone UTF-16 surrogate ("\ud800" — valid JSON, but no database or text encoder can store
 * it), are refused with a message naming the problem and where it is.
 */
export type JsonCheck = { ok: true } | { ok: false; problem: "syntax" | "surrogate"; message: string };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first string (value or key) holding a lone surrogate, as a path like `0.json.hostId`; null if none. */
export function loneSurrogatePath(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? path.join(".") || "(the input)" : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = loneSurrogatePath(item, [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) return [...path, "(a key)"].join(".");
      const found = loneSurrogatePath(item, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/** `what` names the text in the message ("request body", "query input"). */
export function checkJson(text: string, what: string): JsonCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: "syntax", message: `${what} is not valid JSON: ${error instanceof Error ? error.message : "unreadable"}` };
  }
  const at = loneSurrogatePath(parsed);
  return at === null ? { ok: true } : { ok: false, problem: "surrogate", message: `${what} holds an unpaired surrogate (U+D800–U+DFFF) in ${at}: send well-formed Unicode text` };
}
