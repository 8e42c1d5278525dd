import { REDACTED, redactEnv } from "../audit/redact";

export { REDACTED };

/**
 * A .env as users may see it without the secrets: names kept, values "[redacted]" (the audit
 * trail's own rule, redact.ts). Against a previous version, a changed value reads
 * "[redacted, changed]", so a diff still says WHICH variables changed without saying how.
 */
export function maskEnv(text: string, previous?: string): string {
  const masked = redactEnv(text) as string;
  if (previous === undefined) return masked;
  const before = parseEnv(previous);
  const now = parseEnv(text);
  return masked
    .split("\n")
    .map((line) => {
      const name = assignmentName(line);
      if (name === null || !before.has(name) || before.get(name) === now.get(name)) return line;
      return line.replace(`=${REDACTED}`, `=[redacted, changed]`);
    })
    .join("\n");
}

function assignmentName(line: string): string | null {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return null;
  const eq = trimmed.indexOf("=");
  return eq < 0 ? null : trimmed.slice(0, eq).replace(/^export\s+/, "").trim();
}

/** NAME → raw value text (quotes kept: equal text means an equal value for this comparison). */
export function parseEnv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const name = assignmentName(line);
    if (name !== null) values.set(name, line.slice(line.indexOf("=") + 1).trim());
  }
  return values;
}
