import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import type { Path } from "./diagnostics";

/** A compose file as parsed: its plain value and what it takes to point at a line and column in it. */
export interface ParsedFile {
  path: string;
  doc: Document;
  lines: LineCounter;
}

export interface Location {
  line?: number;
  column?: number;
  /** How many segments of the path were found in this file (all of them: an exact hit). */
  depth: number;
}

/**
 * Finds where `path` is written in the file: the value's node (or, with `onKey`, the key naming
 * it). What cannot be followed (a path through a merge key `<<`, a value another file set) is
 * answered with the nearest enclosing node that is written here.
 */
export function locate(file: ParsedFile, path: Path, onKey = false): Location {
  let node: unknown = file.doc.contents;
  let best = rangeOf(node);
  let depth = 0;
  for (const segment of path) {
    node = isAlias(node) ? node.resolve(file.doc) : node;
    let next: unknown;
    let key: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === String(segment));
      if (!pair) break;
      key = pair.key;
      next = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === "number") {
      next = node.items[segment];
      if (next === undefined) break;
    } else break;
    depth++;
    node = next;
    const range = onKey && depth === path.length && key ? rangeOf(key) : rangeOf(next);
    if (range !== undefined) best = range;
  }
  if (best === undefined) return { depth };
  const { line, col } = file.lines.linePos(best);
  return { line, column: col, depth };
}

function rangeOf(node: unknown): number | undefined {
  const range = (node as Node | null)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}
