import { createHash } from "node:crypto";
import type { ContainerCreateSpec } from "@dockmaster/protocol";
import { isComposeLabel } from "./labels";

/** JSON with object keys sorted at every level: equal specs give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

const short = (value: unknown) => createHash("sha256").update(canonical(value)).digest("hex").slice(0, 8);

/**
 * A short hash per top-level field of a create spec (its name and compose's own labels left out):
 * stored on the container as `field=hash,…`, compared at the next plan to name what changed.
 */
export function fieldHashes(spec: ContainerCreateSpec): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const [field, value] of Object.entries(spec)) {
    if (field === "name" || value === undefined) continue;
    if (field === "labels") {
      const own = Object.fromEntries(Object.entries(value as Record<string, string>).filter(([k]) => !isComposeLabel(k)));
      if (Object.keys(own).length > 0) hashes.labels = short(own);
      continue;
    }
    hashes[field] = short(value);
  }
  return hashes;
}

export function encodeFieldHashes(hashes: Record<string, string>): string {
  return Object.keys(hashes)
    .sort()
    .map((k) => `${k}=${hashes[k]}`)
    .join(",");
}

/** The label's text back as a map; undefined when absent (a container another tool created). */
export function decodeFieldHashes(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const hashes: Record<string, string> = {};
  for (const item of text.split(",")) {
    const [k, v] = item.split("=");
    if (k && v) hashes[k] = v;
  }
  return hashes;
}

/** Fields whose hash differs (present on one side only counts), sorted. */
export function changedFields(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).sort();
}
