import { createHash } from "node:crypto";
import type { StackFile } from "./limits";

export interface StackContent {
  composeFiles: StackFile[];
  otherFiles: StackFile[];
  /** The .env text ("" = none). */
  env: string;
}

/**
 * sha256 over the stack's content in a canonical form (file order matters for compose files: they
 * override in order; other files are sorted). Equal hashes mean an edit or a fetch changed nothing.
 */
export function contentHash(content: StackContent): string {
  const canonical = JSON.stringify({
    compose: content.composeFiles.map((f) => [f.path, f.content]),
    other: [...content.otherFiles].sort((a, b) => a.path.localeCompare(b.path)).map((f) => [f.path, f.content]),
    env: content.env,
  });
  return `sha256:${createHash("sha256").update(canonical).digest("hex")}`;
}
