const SECRET_KEY = /pass(word)?|secret|token|key|credential|auth/i;

/** Deep copy of audit parameters with secret-looking values replaced, as JSON text. */
export function redactParams(params: unknown): string {
  const seen = new WeakSet<object>();
  const walk = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return value;
    if (seen.has(value)) return "[circular]";
    seen.add(value);
    if (Array.isArray(value)) return value.map(walk);
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : walk(v)]),
    );
  };
  const text = JSON.stringify(walk(params ?? {})) ?? "{}";
  return text.length > 8_000 ? JSON.stringify({ truncated: text.slice(0, 8_000) }) : text;
}
