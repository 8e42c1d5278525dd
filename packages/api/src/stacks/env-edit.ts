import { parseEnv, REDACTED } from "@dockmaster/core";

/** A .env as edited over its masked form: a value left as "[redacted]" keeps the previous value of that name. */
export function unmaskEnv(edited: string, previous: string): string {
  const before = parseEnv(previous);
  return edited
    .split("\n")
    .map((line) => {
      const m = /^(\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=)(.*)$/.exec(line);
      return m && m[3]!.trim() === REDACTED && before.has(m[2]!) ? `${m[1]}${before.get(m[2]!)}` : line;
    })
    .join("\n");
}

