import { parse } from "shell-quote";
import type { ServiceContext } from "./context";
import { scalarText } from "./lists";

/**
 * `command` / `entrypoint`: a list is kept as written; a string is split into words like a shell
 * would (quotes, escapes) without running one: $VARS stay as written for the container's shell,
 * and an operator (&&, |, ;) is refused, since nothing here would run it.
 */
export function parseCommand(value: unknown, field: "command" | "entrypoint", ctx: ServiceContext): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  const words: string[] = [];
  for (const entry of parse(scalarText(value), (name) => `$${name}`)) {
    if (typeof entry === "string") words.push(entry);
    else if ("op" in entry && entry.op === "glob") words.push(entry.pattern);
    else if ("comment" in entry) break;
    else {
      ctx.error([field], `${field} uses the shell operator "${"op" in entry ? entry.op : "?"}": write it as ["sh", "-c", "..."] to run it in a shell`);
      return undefined;
    }
  }
  return words;
}
