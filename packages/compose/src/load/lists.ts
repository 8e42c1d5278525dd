/**
 * Compose's "list or dict" shapes (environment, labels, sysctls, build args, extra_hosts...) into
 * one map. A list item "KEY=value" gives KEY; a bare "KEY" (or KEY: with no value) gives null:
 * for environment and build args that means "take it from the variables".
 */
export function listOrDict(value: unknown, separator: RegExp = /=/): Record<string, string | null> {
  if (value === undefined || value === null) return {};
  if (Array.isArray(value)) {
    const out: Record<string, string | null> = {};
    for (const item of value) {
      const text = scalarText(item);
      const match = separator.exec(text);
      if (match) out[text.slice(0, match.index)] = text.slice(match.index + match[0].length);
      else out[text] = null;
    }
    return out;
  }
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, item === null || item === undefined ? null : scalarText(item)]));
  }
  return {};
}

/** A YAML scalar as compose writes it into a string field (true → "true", 3 → "3"). */
export function scalarText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null || value === undefined) return "";
  return Array.isArray(value) ? value.map(scalarText).join(",") : JSON.stringify(value);
}

/** A "string or list" field (dns, dns_search, tmpfs, env_file...) as a list. */
export function stringOrList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Keeps the first of each, in order. */
export function unique<T>(items: T[], keyOf: (item: T) => string = (item) => JSON.stringify(item)): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
