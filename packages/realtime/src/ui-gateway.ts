import type { Namespace, Server } from "socket.io";
import { attachUiStreams, type UiStreamDeps } from "./ui-streams";
import { parse as parseCookies } from "cookie";
import { can, resolveSession, SESSION_COOKIE, type Actor, type AuditLog } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import { UI_NAMESPACE, type BulkDoneMessage, type BulkProgressMessage, type EngineEvent, type HostChange, type HostStatus, type ServerToUiEvents, type UiToServerEvents } from "@dockmaster/protocol";
import { z } from "zod";
import type { ClusterBus } from "./cluster-bus";
import type { Logger } from "./logger";
import { auditFromSocket } from "./socket-audit";
import { attachBulkRooms, batchRoom } from "./ui-bulk";
import { fleetRoom, leaveFleetRooms, perHostThrottle, syncFleetRooms, visibleHostIds } from "./fleet-rooms";
import { originRefusal } from "./ui-origin";
import { STREAM_LIMITS, StreamQuota } from "./stream-quota";
import { watchSessions } from "./ui-session-sweep";

const SubscribePayload = z.object({ hostId: z.string().min(1).max(100) });
const hostRoom = (hostId: string) => `host:${hostId}`;
/**
 * Host status goes to every browser allowed to see the host, whatever page it is on: sockets
 * allowed to see every host join ALL_STATUS, the others one status room per host they may see.
 * Rooms (not a loop over this process's sockets) so the Redis adapter carries it to every instance.
 */
const ALL_STATUS = "status:*";
const statusRoom = (hostId: string) => `status:${hostId}`;

interface UiSocketData {
  actor: Actor;
  sessionToken: string;
  streams: ReturnType<typeof attachUiStreams>;
  bulk: ReturnType<typeof attachBulkRooms>;
  /** Subscribed to the fleet rooms (fleet:subscribe): kept in step with the user's access. */
  fleet?: boolean;
}

export interface UiGateway {
  /** Re-reads every open socket's access (grants, teams or roles changed) and drops what it lost. */
  accessChanged: () => void;
  /** Closes every socket of a user whose sessions just ended (disabled, password reset). */
  userSignedOut: (userId: string) => void;
  publishEngineEvent: (hostId: string, event: EngineEvent) => void;
  publishHostStatus: (hostId: string, status: HostStatus, reason?: string | null) => void;
  /**
   * A host's inventory entry changed: `host:changed` to every browser allowed to see it, on every
   * instance. A revoked or removed host is then left by every socket (status, fleet and host rooms).
   */
  hostChanged: (hostId: string, change: HostChange) => void;
  /** A bulk action's progress, to the browsers in its batch room. */
  publishBulk: { progress(message: BulkProgressMessage): void; done(message: BulkDoneMessage): void };
  /** The host's state snapshot changed: a throttled `fleet:changed` to its fleet room. */
  publishFleetChanged: (hostId: string) => void;
  /** Alerts changed: `alerts:changed` (no payload: the page refetches through tRPC, which checks alert.view), at most once a quarter second. */
  publishAlertsChanged: () => void;
  /** Audit records were written (operations, denials): `activity:changed`, no payload, at most once a second. */
  publishActivity: () => void;
}

/**
 * The /ui namespace: the browser's session cookie authenticates the handshake; joining a host's
 * room needs the same permission the tRPC procedures check (host.view on that host).
 */
export interface UiGatewayOptions {
  /** Origins besides the request's own that may open /ui sockets (a configured public URL). */
  publicOrigins?: readonly string[];
  /** How often open sockets' sessions are checked against the database (ended → closed). */
  sessionSweepMs?: number;
}

export function attachUiGateway(io: Server, deps: { db: Db; audit: AuditLog; log: Logger; bus?: ClusterBus } & UiStreamDeps & UiGatewayOptions): UiGateway {
  const nsp: Namespace<UiToServerEvents, ServerToUiEvents, Record<string, never>, UiSocketData> = io.of(UI_NAMESPACE) as unknown as Namespace<UiToServerEvents, ServerToUiEvents, Record<string, never>, UiSocketData>;
  const quota = new StreamQuota();
  /** Handshakes in flight per user, so a burst of connects cannot pass the socket limit together. */
  const connecting = new Map<string, string>(); // socket id → user id, until connected or gone
  const socketsOf = (userId: string) => {
    let n = 0;
    for (const user of connecting.values()) if (user === userId) n++;
    for (const s of nsp.sockets.values()) if (s.data.actor?.id === userId) n++;
    return n;
  };
  const refuse = (message: string, code: string) => Object.assign(new Error(message), { data: { code } });

  nsp.use((socket, next) => {
    const badOrigin = originRefusal(socket.handshake.headers, socket.handshake.secure, deps.publicOrigins);
    if (badOrigin) return next(refuse(badOrigin, "FORBIDDEN"));
    const token = parseCookies(socket.handshake.headers.cookie ?? "")[SESSION_COOKIE];
    resolveSession(deps.db, token)
      .then((actor) => {
        if (!actor) return next(refuse("sign in first", "UNAUTHORIZED"));
        if (actor.mustSetUpTwoFactor) return next(refuse("two-factor authentication is required first", "FORBIDDEN"));
        if (socketsOf(actor.id) >= STREAM_LIMITS.socketsPerUser) return next(refuse(`at most ${STREAM_LIMITS.socketsPerUser} open connections per user: close other tabs first`, "TOO_MANY_REQUESTS"));
        connecting.set(socket.id, actor.id);
        socket.conn.once("close", () => connecting.delete(socket.id));
        socket.data.actor = actor;
        socket.data.sessionToken = token!;
        next();
      })
      .catch((error: unknown) => {
        deps.log.error("ui handshake failed", { error: String(error) });
        next(new Error("handshake failed"));
      });
  });

  type UiSocket = typeof nsp.sockets extends Map<string, infer S> ? S : never;

  async function joinStatusRooms(socket: UiSocket) {
    const actor = socket.data.actor;
    const rooms = can(actor, "host.view") ? [ALL_STATUS] : (await visibleHostIds(deps.db, actor)).map(statusRoom);
    for (const room of socket.rooms) if (room.startsWith("status:") && !rooms.includes(room)) void socket.leave(room);
    void socket.join(rooms);
  }

  /** After an access change: the hosts this socket now sees or no longer sees are announced to it, so its lists refetch. */
  async function announceAccessChanges(socket: UiSocket, before: Actor, after: Actor, hosts: Promise<Array<{ id: string }>>) {
    for (const { id } of await hosts) {
      if (can(before, "host.view", id) !== can(after, "host.view", id)) socket.emit("host:changed", { hostId: id, change: "access" });
    }
  }

  /**
   * The socket's user as the database says now: every event re-reads the session and the access
   * (a deleted grant, a logout, a revoked session or a password change elsewhere take effect on
   * the next event, on every instance). Events arriving together share one read, in order. An
   * ended session closes the socket.
   */
  const reading = new WeakMap<UiSocket, Promise<Actor | null>>();
  const currentActor = (socket: UiSocket): Promise<Actor | null> => {
    const inFlight = reading.get(socket);
    if (inFlight) return inFlight;
    const read = resolveSession(deps.db, socket.data.sessionToken)
      .then((actor) => {
        if (!actor || actor.mustSetUpTwoFactor) {
          socket.disconnect(true);
          return null;
        }
        socket.data.actor = actor;
        for (const room of socket.rooms) {
          if (room.startsWith("host:") && !can(actor, "host.view", room.slice("host:".length))) void socket.leave(room);
        }
        socket.data.streams?.recheck(actor);
        socket.data.bulk?.recheck(actor);
        return actor;
      })
      .finally(() => reading.delete(socket));
    reading.set(socket, read);
    return read;
  };

  nsp.on("connection", (socket) => {
    connecting.delete(socket.id);
    socket.data.streams = attachUiStreams(socket, () => currentActor(socket), { ...deps, quota });
    socket.data.bulk = attachBulkRooms(socket, () => currentActor(socket), deps);
    void joinStatusRooms(socket).catch((e: unknown) => deps.log.error("ui status rooms not joined", { error: String(e) }));

    socket.on("host:subscribe", (raw: unknown, ack?: unknown) => {
      const reply = typeof ack === "function" ? (ack as (value: unknown) => void) : () => undefined;
      const payload = SubscribePayload.safeParse(raw);
      if (!payload.success) return reply({ ok: false, error: "host:subscribe needs { hostId: a string of 1 to 100 characters }" });
      const { hostId } = payload.data;
      currentActor(socket).then(async (actor) => {
        if (!actor) return reply({ ok: false, error: "your session has ended: sign in again" });
        if (!can(actor, "host.view", hostId)) {
          await auditFromSocket(deps.audit, deps.log, socket, actor, { action: "ui.host:subscribe", hostId, result: "denied", error: "permission host.view is required" });
          return reply({ ok: false, error: "permission host.view is required" });
        }
        await socket.join(hostRoom(hostId));
        reply({ ok: true });
      }).catch((error: unknown) => {
        deps.log.error("host subscribe failed", { error: String(error) });
        reply({ ok: false, error: "host subscription failed" });
      });
    });

    socket.on("fleet:subscribe", (_raw: unknown, ack?: unknown) => {
      const reply = typeof ack === "function" ? (ack as (value: unknown) => void) : () => undefined;
      currentActor(socket).then(async (actor) => {
        if (!actor) return reply({ ok: false, error: "your session has ended: sign in again" });
        socket.data.fleet = true;
        reply({ ok: true, hostIds: await syncFleetRooms(socket, deps.db, actor) });
      }).catch((error: unknown) => {
        deps.log.error("fleet subscribe failed", { error: String(error) });
        reply({ ok: false, error: "fleet subscription failed" });
      });
    });
    socket.on("fleet:unsubscribe", () => {
      socket.data.fleet = false;
      leaveFleetRooms(socket);
    });

    socket.on("host:unsubscribe", (raw: unknown) => {
      const payload = SubscribePayload.safeParse(raw);
      if (payload.success) void socket.leave(hostRoom(payload.data.hostId));
    });
  });

  async function refresh(socket: UiSocket, hosts: Promise<Array<{ id: string }>>) {
    const actor = await resolveSession(deps.db, socket.data.sessionToken);
    if (!actor) return void socket.disconnect(true);
    const before = socket.data.actor;
    socket.data.actor = actor;
    for (const room of socket.rooms) {
      if (room.startsWith("host:") && !can(actor, "host.view", room.slice("host:".length))) void socket.leave(room);
    }
    await joinStatusRooms(socket);
    socket.data.streams.recheck(actor);
    socket.data.bulk.recheck(actor);
    if (socket.data.fleet) await syncFleetRooms(socket, deps.db, actor);
    await announceAccessChanges(socket, before, actor, hosts);
  }

  // Sockets that send nothing (a tab that only listens) are closed once their session ends, too.
  watchSessions(nsp, deps.db, deps.log, deps.sessionSweepMs ?? 2_000);

  let alertsPush: NodeJS.Timeout | null = null;
  let activityPush: NodeJS.Timeout | null = null;
  const fleetChanged = perHostThrottle((hostId) => nsp.to(fleetRoom(hostId)).emit("fleet:changed", { hostId }));

  // Access changes and sign-outs happen on one instance; every instance re-checks its own sockets.
  const local = {
    accessChanged: () => {
      // Every host's id, read once for all sockets and only if one of them is open here.
      let hosts: Promise<Array<{ id: string }>> | undefined;
      const allHosts = () => (hosts ??= deps.db.host.findMany({ where: { revokedAt: null }, select: { id: true } }));
      for (const socket of nsp.sockets.values()) void refresh(socket, allHosts()).catch((e: unknown) => deps.log.error("ui access refresh failed", { error: String(e) }));
    },
    userSignedOut: (userId: unknown) => {
      for (const socket of nsp.sockets.values()) if (socket.data.actor.id === userId) socket.disconnect(true);
    },
    /**
     * A host came online: sockets that may see it follow it even if it is new since they joined
     * their rooms. A socket whose access was loaded before the host joined a group it holds a
     * grant on learns the host's group here (read once, only when such a socket exists).
     */
    hostSeen: (hostId: unknown) => {
      if (typeof hostId !== "string") return;
      let groupOf: Promise<string | null> | undefined;
      const follow = (socket: UiSocket) => {
        if (!socket.rooms.has(ALL_STATUS)) void socket.join(statusRoom(hostId));
        if (socket.data.fleet) void socket.join(fleetRoom(hostId)); // a host enrolled since the page subscribed
      };
      for (const socket of nsp.sockets.values()) {
        const actor = socket.data.actor;
        if (can(actor, "host.view", hostId)) follow(socket);
        else if (actor.access.reachesGroups) {
          groupOf ??= deps.db.host.findFirst({ where: { id: hostId, revokedAt: null }, select: { groupId: true } }).then((h) => h?.groupId ?? null);
          void groupOf
            .then((groupId) => {
              if (!groupId || socket.data.actor !== actor || !socket.connected) return;
              socket.data.actor = { ...actor, access: actor.access.withHostInGroup(hostId, groupId) };
              if (can(socket.data.actor, "host.view", hostId)) follow(socket);
            })
            .catch((e: unknown) => deps.log.error("ui host group not read", { hostId, error: String(e) }));
        }
      }
    },
  };
  deps.bus?.on("ui:accessChanged", local.accessChanged);
  deps.bus?.on("ui:userSignedOut", local.userSignedOut);
  deps.bus?.on("ui:hostSeen", local.hostSeen);

  return {
    accessChanged: () => (deps.bus ? deps.bus.publish("ui:accessChanged") : local.accessChanged()),
    userSignedOut: (userId) => (deps.bus ? deps.bus.publish("ui:userSignedOut", userId) : local.userSignedOut(userId)),
    publishFleetChanged: fleetChanged,
    publishAlertsChanged: () => {
      if (alertsPush) return;
      alertsPush = setTimeout(() => {
        alertsPush = null;
        nsp.emit("alerts:changed"); // through the adapter: every instance's browsers
      }, 250);
    },
    publishActivity: () => {
      // Once a second at most: a burst of operations is one refetch of the overviews on screen.
      activityPush ??= setTimeout(() => {
        activityPush = null;
        nsp.emit("activity:changed"); // through the adapter: every instance's browsers
      }, 1_000);
    },
    publishEngineEvent: (hostId, event) => nsp.to(hostRoom(hostId)).emit("host:event", { hostId, event }),
    publishHostStatus: (hostId, status, reason = null) => {
      if (status === "online" && deps.bus) deps.bus.publish("ui:hostSeen", hostId);
      else if (status === "online") local.hostSeen(hostId);
      nsp.to([ALL_STATUS, statusRoom(hostId)]).emit("host:status", { hostId, status, reason });
    },
    hostChanged: (hostId, change) => {
      nsp.to([ALL_STATUS, statusRoom(hostId)]).emit("host:changed", { hostId, change });
      // Gone for good: no socket follows it any more, on any instance (the adapter carries the leave).
      if (change === "revoked" || change === "removed") nsp.socketsLeave([statusRoom(hostId), fleetRoom(hostId), hostRoom(hostId)]);
    },
    publishBulk: {
      progress: (message) => nsp.to(batchRoom(message.batchId)).emit("bulk:progress", message),
      done: (message) => nsp.to(batchRoom(message.batchId)).emit("bulk:done", message),
    },
  };
}
