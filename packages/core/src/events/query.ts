import type { Db, Prisma } from "@dockmaster/db";
import { csvCell } from "../audit/query";
import { can, type Actor } from "../authz/can";
import { matchesHostLabel } from "../fleet/fleet-filter";

/**
 * The engine events history: filters, keyset pagination (newest first) and export over
 * EngineEvent. Every filter is one the indexes serve — (time), (hostId, time) and (type, action);
 * the id breaks ties in time order and is the index's own row id on SQLite — so a page is an index
 * range read, not a sort, at millions of rows.
 */
export interface EventFilter {
  /** The hosts to read: one host, or every host the reader may see (null = all hosts). */
  hostIds: string[] | null;
  type?: string;
  action?: string;
  /** A container's id (or prefix) or name. */
  container?: string;
  /** An image's reference or id: image events, and container events of that image. */
  image?: string;
  from?: Date;
  to?: Date;
  /** Words that must all appear (actor name or id, action, type or attributes). */
  text?: string;
}

export interface EventCursor {
  time: Date;
  id: number;
}


const looksLikeId = (value: string) => /^[0-9a-f]{6,64}$/.test(value);

const words = (text: string | undefined) => (text ?? "").split(/\s+/).filter(Boolean).slice(0, 8);

export function eventWhere(f: EventFilter): Prisma.EngineEventWhereInput {
  const and: Prisma.EngineEventWhereInput[] = [];
  if (f.hostIds) and.push(f.hostIds.length === 1 ? { hostId: f.hostIds[0]! } : { hostId: { in: f.hostIds } });
  if (f.type) and.push({ type: f.type });
  if (f.action) and.push({ action: f.action });
  // Names and references are matched whole, through the (actorName, time) and (image, time) indexes;
  // only what looks like an id (prefix) also tries the id, which costs an OR.
  if (f.container) {
    and.push({ type: "container", ...(looksLikeId(f.container) ? { OR: [{ actorId: { startsWith: f.container } }, { actorName: f.container }] } : { actorName: f.container }) });
  }
  if (f.image) {
    const id = f.image.replace(/^sha256:/, "");
    and.push(looksLikeId(id) ? { OR: [{ image: f.image }, { type: "image", actorId: { startsWith: `sha256:${id}` } }] } : { image: f.image });
  }
  if (f.from || f.to) and.push({ time: { gte: f.from, lte: f.to } });
  for (const word of words(f.text)) {
    and.push({ OR: [{ actorName: { contains: word } }, { actorId: { startsWith: word } }, { action: { contains: word } }, { type: word }, { attributes: { contains: word } }] });
  }
  return and.length ? { AND: and } : {};
}

/** Strictly older than the cursor in (time, id) order. */
function before(cursor: EventCursor): Prisma.EngineEventWhereInput {
  return { time: { lte: cursor.time }, NOT: { time: cursor.time, id: { gte: cursor.id } } };
}

const ORDER: Prisma.EngineEventOrderByWithRelationInput[] = [{ time: "desc" }, { id: "desc" }];

/** Above this many hosts one read of the (time) index beats a read per host. */
const MERGE_HOSTS_MAX = 64;

/**
 * The newest `take` matching rows below the cursor. A reader granted a handful of hosts gets one
 * (hostId, time)-index read per host, merged: one read over the (time) index would sort or skip
 * through every other host's events.
 */
async function readNewest(db: Db, filter: EventFilter, cursor: EventCursor | undefined, take: number): Promise<EngineEventRow[]> {
  const read = (f: EventFilter) => db.engineEvent.findMany({ where: cursor ? { AND: [eventWhere(f), before(cursor)] } : eventWhere(f), orderBy: ORDER, take });
  const hosts = filter.hostIds;
  if (!hosts || hosts.length <= 1 || hosts.length > MERGE_HOSTS_MAX) return read(filter);
  const perHost = await Promise.all(hosts.map((hostId) => read({ ...filter, hostIds: [hostId] })));
  return perHost
    .flat()
    .sort((a, b) => b.time.getTime() - a.time.getTime() || b.id - a.id)
    .slice(0, take);
}

export type EngineEventRow = Awaited<ReturnType<Db["engineEvent"]["findMany"]>>[number];

/** One page, newest first, below `cursor`; `next` continues below its last item. */
export async function queryEvents(db: Db, filter: EventFilter, page: { cursor?: EventCursor; limit: number }) {
  const rows = await readNewest(db, filter, page.cursor, page.limit + 1);
  const more = rows.length > page.limit;
  const items = more ? rows.slice(0, page.limit) : rows;
  const last = items[items.length - 1];
  return { items, next: more && last ? { time: last.time, id: last.id } : null };
}

/**
 * Host history (online, offline, degraded …) in the time span a page of events covers, so the
 * page can show both in one timeline: from the page's oldest event (or `from`) up to its cursor.
 */
export async function historyBetween(db: Db, hostIds: string[] | null, span: { from?: Date; to?: Date }) {
  return db.hostHistory.findMany({
    where: { ...(hostIds ? { hostId: { in: hostIds } } : {}), time: { gte: span.from, lte: span.to } },
    orderBy: [{ time: "desc" }, { id: "desc" }],
    take: 500,
  });
}

const CSV_COLUMNS = ["id", "hostId", "seq", "time", "timeNano", "type", "action", "actorId", "actorName", "attributes", "receivedAt"] as const;

/** Every matching event, newest first, as CSV or a JSON array, a page at a time (bounded memory). */
export async function* exportEvents(db: Db, filter: EventFilter, format: "csv" | "json"): AsyncGenerator<string> {
  yield format === "csv" ? `${CSV_COLUMNS.join(",")}\n` : "[\n";
  let cursor: EventCursor | undefined;
  let first = true;
  for (;;) {
    const page = await queryEvents(db, filter, { cursor, limit: 1_000 });
    for (const row of page.items) {
      if (format === "csv") yield `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(",")}\n`;
      else yield `${first ? "" : ",\n"}${JSON.stringify(row)}`;
      first = false;
    }
    if (!page.next) break;
    cursor = page.next;
  }
  if (format === "json") yield "\n]\n";
}

/**
 * The hosts whose events a reader may see: the one asked for (its host.view is checked by the
 * caller), every host with a global grant (null: no filter at all), else those granted one by one.
 */
export async function readableHosts(db: Db, actor: Actor, hostId?: string): Promise<string[] | null> {
  if (hostId) return [hostId];
  if (can(actor, "host.view")) return null;
  const hosts = await db.host.findMany({ select: { id: true } });
  return hosts.map((h) => h.id).filter((id) => can(actor, "host.view", id));
}

/** Which hosts an events read covers, as the events page and export ask: one host, a host group, a host label. */
export interface EventHostFilter {
  hostId?: string;
  hostGroupId?: string;
  /** "key" (the host has the label) or "key=value". */
  hostLabel?: string;
}

/**
 * The hosts whose events a read covers: those the reader may see (readableHosts), narrowed to a
 * host group and a host label when asked — decided over the host list, so the events query
 * itself stays an index read per host (or of every host: null).
 */
export async function eventHosts(db: Db, actor: Actor, f: EventHostFilter): Promise<string[] | null> {
  const readable = await readableHosts(db, actor, f.hostId);
  if (!f.hostGroupId && !f.hostLabel) return readable;
  const hosts = await db.host.findMany({
    where: { ...(readable ? { id: { in: readable } } : {}), ...(f.hostGroupId ? { groupId: f.hostGroupId } : {}) },
    select: { id: true, labels: true },
  });
  return hosts.filter((h) => !f.hostLabel || matchesHostLabel(h.labels, f.hostLabel)).map((h) => h.id);
}
