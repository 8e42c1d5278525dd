import { createTwoFilesPatch } from "diff";
import type { StackContent } from "./content-hash";
import { maskEnv } from "./env-mask";

/**
 * A unified text diff between two versions of a stack's files (the `diff` library), one entry per
 * file that changed. The .env is compared masked (env-mask.ts): its names and which values changed
 * are shown, never a value.
 */
export interface FileDiff {
  path: string;
  change: "added" | "removed" | "modified";
  patch: string;
}

export function diffContent(from: StackContent, to: StackContent, labels: { from: string; to: string }): FileDiff[] {
  const diffs: FileDiff[] = [];
  const files = (c: StackContent) => new Map([...c.composeFiles, ...c.otherFiles].map((f) => [f.path, f.content]));
  const before = files(from);
  const after = files(to);
  if (from.env !== "" || to.env !== "") {
    before.set(".env", maskEnv(from.env));
    after.set(".env", maskEnv(to.env, from.env));
  }
  const paths = [...new Set([...before.keys(), ...after.keys()])];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a === b) continue;
    const change = a === undefined ? "added" : b === undefined ? "removed" : "modified";
    diffs.push({ path, change, patch: createTwoFilesPatch(`a/${path}`, `b/${path}`, a ?? "", b ?? "", labels.from, labels.to, { context: 3 }) });
  }
  return diffs;
}
