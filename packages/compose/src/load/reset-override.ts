import { isMap, isScalar, isSeq, type Document, type Node } from "yaml";
import type { Path } from "./diagnostics";
import { isPlain } from "./merge";

/**
 * Compose's merge tags for override files: `!reset` removes what earlier files set for a key
 * (`ports: !reset []`), `!override` replaces it whole instead of merging (`environment: !override`).
 * The yaml parser leaves unknown tags on the nodes; they are found there and turned into markers the
 * merge understands, then removed once the files are merged.
 */
export const MERGE_TAGS = ["!reset", "!override"];

export interface MergeTag {
  path: Path;
  tag: "!reset" | "!override";
}

/** The marker a `!reset` key holds until the merge removes it. */
export const RESET = Object.freeze({ composeReset: true });

/** A value written with `!override`: replaces the earlier value instead of merging with it. */
export class Override {
  constructor(readonly value: unknown) {}
}

export function findMergeTags(doc: Document): MergeTag[] {
  const found: MergeTag[] = [];
  const walk = (node: unknown, path: Path) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const tag = (pair.value as Node | null)?.tag;
        if (tag === "!reset" || tag === "!override") found.push({ path: [...path, key], tag });
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
  };
  walk(doc.contents, []);
  return found;
}

/** The file's value with its merge tags as markers (for merging), or applied to the file alone (`strip`: for validation). */
export function applyMergeTags(value: Record<string, unknown>, tags: MergeTag[], strip: boolean): Record<string, unknown> {
  const out = structuredClone(value);
  for (const { path, tag } of tags) {
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], out);
    const key = path[path.length - 1]!;
    if (!isPlain(parent) || !(key in parent)) continue;
    if (tag === "!reset") {
      if (strip) delete parent[key];
      else parent[key] = RESET;
    } else if (!strip) parent[key] = new Override(parent[key]);
  }
  return out;
}

/** After merging: what no later file reset is dropped, overrides unwrapped. */
export function withoutMarkers(value: unknown): unknown {
  if (value instanceof Override) return withoutMarkers(value.value);
  if (Array.isArray(value)) return value.map(withoutMarkers);
  if (isPlain(value)) return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== RESET).map(([k, v]) => [k, withoutMarkers(v)]));
  return value;
}
