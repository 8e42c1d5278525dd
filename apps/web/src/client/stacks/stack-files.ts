import type { EnvRow } from "./env-rows";

/** What the editor edits: the compose files in override order, extra files, and the `.env` rows. */
export interface StackFile {
  path: string;
  content: string;
}
export interface StackDraft {
  composeFiles: StackFile[];
  otherFiles: StackFile[];
  env: EnvRow[];
}

export const ENV_TAB = ".env";

export const NEW_STACK_COMPOSE = `services:
  web:
    image: busybox
    command: ["httpd", "-f", "-p", "8080"]
`;

/** A file name a stack may hold: relative, no "..", no leading slash, not ".env" (its own tab). */
export function fileNameProblem(name: string, taken: readonly string[]): string | null {
  const n = name.trim();
  if (!n) return "Give the file a name";
  if (n === ENV_TAB) return ".env has its own tab";
  if (n.startsWith("/") || n.split("/").some((part) => part === ".." || part === "")) return "A relative path inside the stack, without ..";
  if (taken.includes(n)) return `${n} is already a file of this stack`;
  return null;
}

/** The override file docker compose itself would pick up next to a compose file. */
export function overrideName(composeFiles: readonly StackFile[]): string {
  const first = composeFiles[0]?.path ?? "compose.yaml";
  return first.replace(/\.(ya?ml)$/i, ".override.$1");
}
