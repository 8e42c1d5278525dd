import { parse as parseDotenv } from "dotenv";
import type { Diagnostics } from "./diagnostics";
import { interpolateString, type InterpolationIssue, type Lookup } from "./interpolate";
import { issueMessage } from "./interpolate-tree";

/**
 * Parses a .env-format text (the stack's `.env`, or an `env_file`) with dotenv, then substitutes
 * ${VAR} in its values like compose does: from `outer` first (the variables that win), then from
 * the file's own earlier lines. Single-quoted values are taken literally.
 */
export function parseEnvText(text: string, file: string, outer: Lookup, diagnostics: Diagnostics): Record<string, string> {
  const raw = parseDotenv(text);
  const literal = singleQuotedKeys(text);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (literal.has(key) || !value.includes("$")) {
      out[key] = value;
      continue;
    }
    const issues: InterpolationIssue[] = [];
    out[key] = interpolateString(value, (name) => outer(name) ?? out[name], issues);
    for (const issue of issues) diagnostics.add({ ...issueMessage(issue, key), file, line: lineOf(text, key), column: 1, path: key });
  }
  return out;
}

/** The variables interpolation sees: the stack's `.env`, overridden by the given environment. Never the control plane's own. */
export function projectVariables(dotEnv: string | undefined, environment: Record<string, string> | undefined, diagnostics: Diagnostics): Record<string, string> {
  const given = environment ?? {};
  const fromFile = dotEnv === undefined ? {} : parseEnvText(dotEnv, ".env", (name) => given[name], diagnostics);
  return { ...fromFile, ...given };
}

function singleQuotedKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const match of text.matchAll(/^\s*(?:export\s+)?([\w.-]+)\s*=\s*'/gm)) keys.add(match[1]!);
  return keys;
}

function lineOf(text: string, key: string): number | undefined {
  const index = text.split("\n").findIndex((line) => new RegExp(`^\\s*(?:export\\s+)?${key.replace(/[.]/g, "\\.")}\\s*=`).test(line));
  return index < 0 ? undefined : index + 1;
}
