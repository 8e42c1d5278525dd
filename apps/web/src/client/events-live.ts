"use client";
import { useEffect, useState } from "react";
import type { EngineEvent } from "@dockmaster/protocol";
import { uiSocket } from "./socket";

/** An engine event as the events page lists it (the shape events.list returns). */
export interface EventRow {
  key: string;
  hostId: string;
  seq: number;
  time: Date;
  type: string;
  action: string;
  actorId: string;
  actorName: string;
  attributes: Record<string, string>;
}

export interface LiveFilter {
  type?: string;
  action?: string;
  container?: string;
  image?: string;
  text?: string;
  to?: Date;
}

/** The same rules as the server's filter (core/events/query.ts), applied to one pushed event. */
export function matchesFilter(row: EventRow, f: LiveFilter): boolean {
  if (f.type && row.type !== f.type) return false;
  if (f.action && row.action !== f.action) return false;
  if (f.to && row.time > f.to) return false;
  if (f.container && !(row.type === "container" && (row.actorId.startsWith(f.container) || row.actorName === f.container))) return false;
  if (f.image && !((row.type === "image" && (row.actorId.startsWith(f.image) || row.actorName === f.image)) || (row.type === "container" && row.attributes.image === f.image))) return false;
  const haystack = [row.actorName, row.action, row.type, JSON.stringify(row.attributes)].join(" ").toLowerCase();
  return (f.text ?? "").split(/\s+/).filter(Boolean).every((w) => haystack.includes(w.toLowerCase()) || row.actorId.startsWith(w));
}

export function rowFromPush(hostId: string, event: EngineEvent): EventRow {
  return {
    key: `${hostId}:${event.seq}`,
    hostId,
    seq: event.seq,
    time: new Date(Number(BigInt(event.timeNano) / 1_000_000n)),
    type: event.type,
    action: event.action,
    actorId: event.actorId,
    actorName: event.actorAttributes.name ?? "",
    attributes: event.actorAttributes,
  };
}

/** The host filters of the fleet-wide events page, applied to the host list for the live part. */
export interface HostFilter {
  hostId?: string;
  hostGroupId?: string;
  /** "key" (the host has the label) or "key=value": the server's rule (core's matchesHostLabel). */
  hostLabel?: string;
}

export function hostMatches(host: { id: string; groupId: string | null; labels: Record<string, string> }, f: HostFilter): boolean {
  if (f.hostId && host.id !== f.hostId) return false;
  if (f.hostGroupId && host.groupId !== f.hostGroupId) return false;
  if (!f.hostLabel) return true;
  const eq = f.hostLabel.indexOf("=");
  const key = (eq < 0 ? f.hostLabel : f.hostLabel.slice(0, eq)).trim();
  return Object.hasOwn(host.labels, key) && (eq < 0 || host.labels[key] === f.hostLabel.slice(eq + 1).trim());
}

const MAX_LIVE = 500;

/**
 * New engine events pushed over /ui (`host:event`) for the hosts in view, newest first, that match
 * the filter. Joins the rooms of `hostIds` (the server checks host.view on each); it does not
 * leave them, since the host's own pages share those rooms. Resets when the filter changes: the
 * page's query then has everything up to now.
 */
export function useLiveEvents(hostIds: string[], filter: LiveFilter, filterKey: string): EventRow[] {
  const [rows, setRows] = useState<EventRow[]>([]);
  const hostsKey = hostIds.join(",");
  useEffect(() => {
    setRows([]);
    const socket = uiSocket();
    const wanted = new Set(hostsKey.split(",").filter(Boolean));
    const join = () => wanted.forEach((hostId) => socket.emit("host:subscribe", { hostId }, () => undefined));
    const onEvent = (payload: { hostId: string; event: EngineEvent }) => {
      if (!wanted.has(payload.hostId)) return;
      const row = rowFromPush(payload.hostId, payload.event);
      if (matchesFilter(row, filter)) setRows((old) => [row, ...old].slice(0, MAX_LIVE));
    };
    socket.on("host:event", onEvent);
    socket.on("connect", join);
    if (socket.connected) join();
    return () => {
      socket.off("host:event", onEvent);
      socket.off("connect", join);
    };
    // `filterKey` stands for `filter` (a new object every render).
  }, [hostsKey, filterKey]);
  return rows;
}
