import { z } from "zod";
import { CONTAINER_PROBLEMS, CONTAINER_STATES } from "@dockmaster/protocol";

/** What a fleet containers page asks for: filters, sort and one page (validated at the API edge). */
export const FLEET_SORTS = ["name", "host", "state", "image", "created"] as const;

const text = z.string().trim().max(200);

export const FleetContainersQuery = z.object({
  /** Only these hosts (ids). */
  hosts: z.array(z.string().min(1).max(100)).max(1_000).optional(),
  /** A host label: "key" (present) or "key=value". */
  hostLabel: text.optional(),
  hostGroupId: z.string().min(1).max(100).optional(),
  states: z.array(z.enum(CONTAINER_STATES)).max(CONTAINER_STATES.length).optional(),
  /** Containers in trouble: exited with a non-zero code, restarting (a restart loop), or unhealthy. */
  problem: z.enum(CONTAINER_PROBLEMS).optional(),
  /** Substrings (case-insensitive) of the image reference and the container name. */
  image: text.optional(),
  name: text.optional(),
  /**
   * A container label: "key" (the container has it) or "key=value", e.g. com.example.team=payments.
   * A key holds no double quote (it becomes a JSON path on SQLite).
   */
  label: text.refine((v) => v.split("=")[0]!.trim() !== "" && !v.split("=")[0]!.includes('"'), "a label filter is key or key=value, the key not empty and without double quotes").optional(),
  /** A published or exposed port number. */
  port: z.number().int().min(1).max(65_535).optional(),
  /** Only containers with an image update available (the update check's last answers). */
  updateAvailable: z.boolean().optional(),
  /** Matches name, image, ports, container id or host name. */
  search: text.optional(),
  sort: z.enum(FLEET_SORTS).default("name"),
  direction: z.enum(["asc", "desc"]).default("asc"),
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});
export type FleetContainersQuery = z.infer<typeof FleetContainersQuery>;
export type FleetContainersQueryInput = z.input<typeof FleetContainersQuery>;

/** "key" or "key=value" against a host's labels (JSON object text). */
export function matchesHostLabel(labelsJson: string, selector: string): boolean {
  let labels: Record<string, unknown>;
  try {
    labels = JSON.parse(labelsJson) as Record<string, unknown>;
  } catch {
    return false;
  }
  const { key, value } = parseLabelSelector(selector);
  return Object.hasOwn(labels, key) && (value === undefined || String(labels[key]) === value);
}

/** "key" or "key=value" as a key and, for the second, a value (both trimmed). */
export function parseLabelSelector(selector: string): { key: string; value?: string } {
  const eq = selector.indexOf("=");
  return eq < 0 ? { key: selector.trim() } : { key: selector.slice(0, eq).trim(), value: selector.slice(eq + 1).trim() };
}

/** A LIKE pattern matching `needle` anywhere, with LIKE's wildcards in it taken literally (ESCAPE '\'). */
export function containsPattern(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
