import { can, type Actor } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";

/*
 * Fleet pages follow every host the user may see, but only through a small throttled
 * "fleet:changed {hostId}" per host: they join a fleet room per host (not the host room, which
 * carries every engine event and which a host page leaves when it closes).
 */

export const fleetRoom = (hostId: string) => `fleet:${hostId}`;
const FLEET_PREFIX = "fleet:";

/** The part of a socket.io socket the fleet rooms use (any namespace's typed socket fits). */
interface RoomMember {
  readonly rooms: Set<string>;
  join(rooms: string | string[]): unknown;
  leave(room: string): unknown;
}

/** The non-revoked hosts the actor holds host.view on. */
export async function visibleHostIds(db: Db, actor: Actor): Promise<string[]> {
  const hosts = await db.host.findMany({ where: { revokedAt: null }, select: { id: true } });
  return hosts.map((h) => h.id).filter((id) => can(actor, "host.view", id));
}

/** Puts a fleet-subscribed socket in exactly the rooms of the hosts it may see now. */
export async function syncFleetRooms(socket: RoomMember, db: Db, actor: Actor): Promise<string[]> {
  const allowed = await visibleHostIds(db, actor);
  const keep = new Set(allowed.map(fleetRoom));
  for (const room of socket.rooms) if (room.startsWith(FLEET_PREFIX) && !keep.has(room)) void socket.leave(room);
  if (allowed.length > 0) void socket.join([...keep]);
  return allowed;
}

export function leaveFleetRooms(socket: RoomMember): void {
  for (const room of socket.rooms) if (room.startsWith(FLEET_PREFIX)) void socket.leave(room);
}

/**
 * At most one call per host per `intervalMs`: the first at once, later ones folded into one at
 * the end of the window (a burst of container changes on a host is one refetch per page).
 */
export function perHostThrottle(emit: (hostId: string) => void, intervalMs = 500): (hostId: string) => void {
  const windows = new Map<string, { pending: boolean }>();
  const open = (hostId: string) => {
    const window = { pending: false };
    windows.set(hostId, window);
    setTimeout(() => {
      windows.delete(hostId);
      if (window.pending) fire(hostId);
    }, intervalMs).unref();
  };
  const fire = (hostId: string) => {
    emit(hostId);
    open(hostId);
  };
  return (hostId) => {
    const window = windows.get(hostId);
    if (window) window.pending = true;
    else fire(hostId);
  };
}
