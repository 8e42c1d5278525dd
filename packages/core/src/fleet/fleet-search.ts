import { queryRows, rawSql, sql, type Db, type DbProvider, type SqliteConnection } from "@dockmaster/db";
import { can, type Actor } from "../authz/can";
import type { Permission } from "../authz/catalogue";
import { hostClause, readHostFacts, type HostFacts, type Read } from "./container-query";
import { containsPattern } from "./fleet-filter";

/*
 * What the command palette finds for a few typed characters, across the fleet: hosts, containers,
 * images, networks, volumes and stacks the actor may see — each kind only on the hosts where they
 * hold its view permission — plus, per container, which of the palette's actions (restart, logs,
 * terminal) they may run there. Read from the database only (the hosts' snapshots), so it answers
 * while typing whatever the agents are doing.
 */

/** Results per kind: enough to pick from while typing. */
const PER_KIND = 6;
/** Hosts whose lists are read per kind: more would only be cut to PER_KIND entries. */
const HOSTS_READ = 40;

export interface FleetSearchResult {
  hosts: Array<{ id: string; name: string; status: string }>;
  containers: Array<{ hostId: string; hostName: string; id: string; name: string; image: string; state: string; may: { restart: boolean; logs: boolean; terminal: boolean } }>;
  images: Array<{ hostId: string; hostName: string; id: string; name: string }>;
  networks: Array<{ hostId: string; hostName: string; id: string; name: string }>;
  volumes: Array<{ hostId: string; hostName: string; name: string }>;
  stacks: Array<{ id: string; name: string; hostId: string; hostName: string }>;
}

type ListColumn = "images" | "networks" | "volumes";

/** Entries of one snapshot list on the hosts `on` (host.view + `permission`) matching `needle`. */
async function searchLists<T>(read: Read, column: ListColumn, on: HostFacts[], every: readonly string[], needle: string, like: string, pick: (item: Record<string, unknown>) => { names: string[]; entry: T } | null): Promise<Array<T & { hostId: string; hostName: string }>> {
  if (on.length === 0) return [];
  const clause = hostClause(new Set(on.map((h) => h.id)), every) ?? sql`1 = 1`;
  // The list's text mentions the needle somewhere (cheap, and it rules out most hosts); the names are checked below.
  const rows = await read<{ hostId: string; list: string }>(
    sql`SELECT c."hostId" AS "hostId", c.${rawSql(`"${column}"`)} AS "list" FROM "HostSnapshot" c WHERE ${clause} AND c.${rawSql(`"${column}"`)} ${rawSql(like)} ${containsPattern(needle)} ESCAPE '\\' LIMIT ${HOSTS_READ}`,
  );
  const hostName = new Map(on.map((h) => [h.id, h.name]));
  const found: Array<T & { hostId: string; hostName: string }> = [];
  const lower = needle.toLowerCase();
  for (const row of rows.sort((a, b) => (hostName.get(a.hostId) ?? "").localeCompare(hostName.get(b.hostId) ?? ""))) {
    let items: unknown;
    try {
      items = JSON.parse(row.list);
    } catch {
      continue;
    }
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      if (!item || typeof item !== "object") continue;
      const picked = pick(item as Record<string, unknown>);
      if (!picked || !picked.names.some((n) => n.toLowerCase().includes(lower))) continue;
      found.push({ ...picked.entry, hostId: row.hostId, hostName: hostName.get(row.hostId) ?? row.hostId });
      if (found.length >= PER_KIND) return found;
    }
  }
  return found;
}

const text = (v: unknown) => (typeof v === "string" ? v : "");
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);

/**
 * Containers whose name or image contains the needle (or whose id starts with it), in name order:
 * the name index is walked and the read stops at the PER_KIND-th match — no count of every match,
 * which the palette does not show (the fleet list's search counts; this is the cheaper half of it).
 */
async function searchContainers(read: Read, on: HostFacts[], every: readonly string[], needle: string, like: string) {
  if (on.length === 0) return [];
  const clause = hostClause(new Set(on.map((h) => h.id)), every) ?? sql`1 = 1`;
  const pattern = containsPattern(needle);
  const id = /^[0-9a-f]{3,64}$/i.test(needle) ? sql` OR c."containerId" LIKE ${`${needle.toLowerCase()}%`}` : sql``;
  return read<{ hostId: string; containerId: string; name: string; image: string; state: string }>(
    sql`SELECT c."hostId" AS "hostId", c."containerId" AS "containerId", c."name" AS "name", c."image" AS "image", c."state" AS "state" FROM "SnapshotContainer" c WHERE ${clause} AND (c."name" ${rawSql(like)} ${pattern} ESCAPE '\\' OR c."image" ${rawSql(like)} ${pattern} ESCAPE '\\'${id}) ORDER BY c."name", c."hostId", c."containerId" LIMIT ${PER_KIND}`,
  );
}

async function searchStacks(read: Read, actor: Actor, viewable: HostFacts[], needle: string, like: string): Promise<FleetSearchResult["stacks"]> {
  const rows = await read<{ id: string; name: string; hostId: string | null; hostGroupId: string | null }>(
    sql`SELECT "id", "name", "hostId", "hostGroupId" FROM "Stack" WHERE "name" ${rawSql(like)} ${containsPattern(needle)} ESCAPE '\\' ORDER BY "name" LIMIT 50`,
  );
  const out: FleetSearchResult["stacks"] = [];
  for (const s of rows) {
    // A group's stack is shown on the first of its hosts the actor may see it on (the page offers the others).
    const host = viewable.find((h) => (s.hostId ? h.id === s.hostId : h.groupId !== null && h.groupId === s.hostGroupId) && can(actor, "stack.view", h.id));
    if (host) out.push({ id: s.id, name: s.name, hostId: host.id, hostName: host.name });
    if (out.length >= PER_KIND) break;
  }
  return out;
}

/** The palette's answer for `typed` (trimmed, not empty) as `actor` may see it. */
export async function fleetSearch(db: Db, actor: Actor, typed: string, provider: DbProvider = "sqlite", connection: SqliteConnection | null = null): Promise<FleetSearchResult> {
  const read: Read = (statement) => queryRows(db, connection, statement);
  const needle = typed.trim();
  const like = provider === "postgresql" ? "ILIKE" : "LIKE";
  const allHosts = await readHostFacts(read);
  const everyHost = allHosts.filter((h) => !h.revoked);
  // Every host id, revoked ones included, so "all but these" host clauses leave revoked hosts out.
  const every = allHosts.map((h) => h.id);
  const viewable = everyHost.filter((h) => can(actor, "host.view", h.id)).sort((a, b) => a.name.localeCompare(b.name));
  const holding = (permission: Permission) => viewable.filter((h) => can(actor, permission, h.id));
  const lower = needle.toLowerCase();
  const hostName = new Map(viewable.map((h) => [h.id, h.name]));

  const [containers, images, networks, volumes, stacks] = await Promise.all([
    searchContainers(read, holding("container.view"), every, needle, like),
    searchLists(read, "images", holding("image.view"), every, needle, like, (i) => {
      const id = text(i.id);
      const tags = strings(i.repoTags);
      return id ? { names: [...tags, id.replace(/^sha256:/, "")], entry: { id, name: tags[0] ?? id.replace(/^sha256:/, "").slice(0, 12) } } : null;
    }),
    searchLists(read, "networks", holding("network.view"), every, needle, like, (n) => (text(n.id) ? { names: [text(n.name)], entry: { id: text(n.id), name: text(n.name) } } : null)),
    searchLists(read, "volumes", holding("volume.view"), every, needle, like, (v) => (text(v.name) ? { names: [text(v.name)], entry: { name: text(v.name) } } : null)),
    holding("stack.view").length > 0 ? searchStacks(read, actor, viewable, needle, like) : [],
  ]);

  return {
    hosts: viewable
      .filter((h) => h.name.toLowerCase().includes(lower))
      .slice(0, PER_KIND)
      .map((h) => ({ id: h.id, name: h.name, status: h.status })),
    containers: containers.map((c) => ({
      hostId: c.hostId,
      hostName: hostName.get(c.hostId) ?? c.hostId,
      id: c.containerId,
      name: c.name,
      image: c.image,
      state: c.state,
      may: { restart: can(actor, "container.operate", c.hostId), logs: can(actor, "container.logs", c.hostId), terminal: can(actor, "container.exec", c.hostId) },
    })),
    images,
    networks,
    volumes,
    stacks,
  };
}
