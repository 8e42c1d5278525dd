import { LineCounter, parseDocument } from "yaml";
import type { StackFile } from "../model";
import type { Diagnostics } from "./diagnostics";
import { findMergeTags, MERGE_TAGS, type MergeTag } from "./reset-override";
import type { ParsedFile } from "./source-map";

export interface ParsedCompose extends ParsedFile {
  /** The file as plain data (anchors and merge keys resolved). */
  value: Record<string, unknown>;
  /** Where the file writes compose's `!reset` / `!override`. */
  mergeTags: MergeTag[];
}

/** YAML's own limit on alias expansion: a "billion laughs" file is refused, not expanded. */
const MAX_ALIAS_COUNT = 1000;

/**
 * Parses one compose file (YAML 1.2 with merge keys, as docker compose reads it). Syntax errors
 * carry their line and column; a file that is not a mapping at the top is refused.
 */
export function parseComposeFile(file: StackFile, diagnostics: Diagnostics): ParsedCompose | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(file.content, { lineCounter: lines, merge: true, uniqueKeys: true, prettyErrors: false });
  // Compose's own merge tags are not YAML's business: the parser leaves them on the nodes for us.
  const warnings = doc.warnings.filter((w) => !(w.code === "TAG_RESOLVE_FAILED" && MERGE_TAGS.some((tag) => w.message.startsWith(`Unresolved tag: ${tag} `))));
  for (const problem of [...doc.errors, ...warnings]) {
    const at = lines.linePos(problem.pos[0]);
    diagnostics.add({
      severity: doc.errors.includes(problem) ? "error" : "warning",
      file: file.path,
      line: at.line,
      column: at.col,
      message: `invalid YAML: ${firstSentence(problem.message)}`,
    });
  }
  if (doc.errors.length > 0) return undefined;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    diagnostics.add({ severity: "error", file: file.path, message: `invalid YAML: ${firstSentence((error as Error).message)}` });
    return undefined;
  }
  const shape = shapeProblem(value);
  if (shape) {
    diagnostics.add({ severity: "error", file: file.path, line: 1, column: 1, message: `invalid YAML: ${shape}` });
    return undefined;
  }
  if (value === null || value === undefined) {
    diagnostics.add({ severity: "error", file: file.path, line: 1, column: 1, message: "the compose file is empty" });
    return undefined;
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    diagnostics.add({ severity: "error", file: file.path, line: 1, column: 1, message: "a compose file is a mapping at the top (services:, networks:, volumes:)" });
    return undefined;
  }
  return { path: file.path, doc, lines, value: value as Record<string, unknown>, mergeTags: findMergeTags(doc) };
}

/** The yaml library's messages end with " at line L, column C:" and a source excerpt: we report those separately. */
function firstSentence(message: string): string {
  // The parser reports running out of stack on absurd nesting in the engine's words: say what it means.
  if (message.includes("Maximum call stack size exceeded")) return `the data is nested more than ${MAX_DEPTH} levels deep`;
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").trim();
}

/** Nothing in a compose file nests deeper than this; deeper data is refused before anything walks it. */
const MAX_DEPTH = 64;

/**
 * An alias inside its own anchor (`x: &a [*a]`) makes the data contain itself, and very deep nesting
 * would exhaust the stack of every later stage: both are refused here, once.
 */
function shapeProblem(value: unknown, ancestors: object[] = []): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (ancestors.includes(value)) return "an alias refers to the node that contains it (a cycle)";
  if (ancestors.length >= MAX_DEPTH) return `the data is nested more than ${MAX_DEPTH} levels deep`;
  for (const item of Object.values(value)) {
    const problem = shapeProblem(item, [...ancestors, value]);
    if (problem) return problem;
  }
  return undefined;
}
