"use client";
import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { AckError, AckOk, EngineEvent, HostChange, HostStatus } from "@dockmaster/protocol";
import { useTRPC } from "./trpc";
import { uiSocket } from "./socket";

/*
 * Live updates without polling: the server pushes engine events and host status over socket.io
 * (/ui); each push invalidates exactly the queries it makes stale, and react-query refetches the
 * ones on screen. Nothing here runs on a timer except the 100 ms coalescing of bursts.
 */

const COALESCE_MS = 100; // one refetch for a burst (create, network connect, start …)

type Kind = "container" | "image" | "network" | "volume" | "daemon" | "all";

function coalesced(fn: (kinds: Set<Kind>) => void) {
  let kinds = new Set<Kind>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const push = (kind: Kind) => {
    kinds.add(kind);
    timer ??= setTimeout(() => {
      const batch = kinds;
      kinds = new Set();
      timer = null;
      fn(batch);
    }, COALESCE_MS);
  };
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return { push, cancel };
}

function kindOf(event: EngineEvent): Kind | null {
  switch (event.type) {
    case "container":
    case "image":
    case "network":
    case "volume":
    case "daemon":
      return event.type;
    default:
      return null;
  }
}

/**
 * Host list, host headers and status badges follow `host:status` pushes; names, labels, groups
 * and hosts revoked or removed (by anyone, in any browser) follow `host:changed` pushes.
 */
export function useFleetLiveUpdates() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = uiSocket();
    let connectedBefore = socket.connected;
    const refreshHosts = () => {
      void queryClient.invalidateQueries(trpc.hosts.list.pathFilter());
      void queryClient.invalidateQueries(trpc.hosts.get.pathFilter());
      void queryClient.invalidateQueries(trpc.hosts.history.pathFilter());
    };
    const onChanged = (payload: { hostId: string; change: HostChange }) => {
      refreshHosts();
      // The user's own access to the host changed: what the host pages offer them changes too.
      if (payload.change === "access") {
        void queryClient.invalidateQueries(trpc.me.access.pathFilter());
        void queryClient.invalidateQueries(trpc.auth.status.pathFilter());
      }
    };
    const onConnect = () => {
      // Statuses may have changed while we were away.
      if (connectedBefore) refreshHosts();
      connectedBefore = true;
    };
    // The server lost the other instances (Redis) and has them back: whatever their agents did
    // meanwhile may have been missed, so every query on the page is fetched again.
    const onClusterLink = ({ up }: { up: boolean }) => {
      if (up) void queryClient.invalidateQueries();
    };
    const onConnectError = () => {
      // A refused handshake usually means the session is gone: let the auth gate decide.
      if (!socket.active) void queryClient.invalidateQueries(trpc.auth.status.pathFilter());
    };
    socket.on("host:status", refreshHosts);
    socket.on("host:changed", onChanged);
    socket.on("connect", onConnect);
    socket.on("connect_error", onConnectError);
    socket.on("cluster:link", onClusterLink);
    return () => {
      socket.off("cluster:link", onClusterLink);
      socket.off("host:status", refreshHosts);
      socket.off("host:changed", onChanged);
      socket.off("connect", onConnect);
      socket.off("connect_error", onConnectError);
    };
  }, [trpc, queryClient]);
}

export type HostSubscription = { ok: true } | { ok: false; error: string } | null;

/**
 * Joins one host's room and turns its engine events into query invalidations. Re-subscribes on
 * every (re)connect and then refetches everything for the host, since events may have been missed.
 * Returns the last subscribe acknowledgement (null while pending).
 */
export function useHostLiveUpdates(hostId: string, enabled = true): HostSubscription {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [subscription, setSubscription] = useState<HostSubscription>(null);

  useEffect(() => {
    // Not subscribed without host.view on the host: the refusal would be recorded as a denial.
    if (!enabled) return;
    const socket = uiSocket();
    let active = true;
    let subscribedBefore = false;

    const invalidate = coalesced((kinds) => {
      const all = kinds.has("all");
      const input = { hostId };
      if (all || kinds.has("container")) void queryClient.invalidateQueries(trpc.containers.list.queryFilter(input));
      // Inspect shows networks and mounts too, so those events refresh an open detail page.
      if (all || kinds.has("container") || kinds.has("network") || kinds.has("volume")) {
        void queryClient.invalidateQueries(trpc.containers.inspect.queryFilter(input));
      }
      if (all || kinds.has("image")) void queryClient.invalidateQueries(trpc.images.list.queryFilter(input));
      // networks and volumes: their own events, and container events (which change who uses them)
      if (all || kinds.has("network") || kinds.has("container")) void queryClient.invalidateQueries(trpc.networks.pathFilter());
      if (all || kinds.has("volume") || kinds.has("container")) void queryClient.invalidateQueries(trpc.volumes.pathFilter());
      if (all || kinds.has("container") || kinds.has("image") || kinds.has("volume")) void queryClient.invalidateQueries(trpc.engine.df.queryFilter(input));
      // docker info counts containers and images; a daemon event is a config reload.
      if (all || kinds.has("container") || kinds.has("image") || kinds.has("daemon")) {
        void queryClient.invalidateQueries(trpc.engine.info.queryFilter(input));
      }
      if (all) void queryClient.invalidateQueries(trpc.hosts.get.queryFilter(input));
    });

    const subscribe = () => {
      socket.emit("host:subscribe", { hostId }, (ack: AckOk | AckError) => {
        if (!active) return;
        setSubscription(ack.ok ? { ok: true } : { ok: false, error: ack.error });
      });
      if (subscribedBefore) invalidate.push("all");
      subscribedBefore = true;
    };
    const onEvent = (payload: { hostId: string; event: EngineEvent }) => {
      if (payload.hostId !== hostId) return;
      const kind = kindOf(payload.event);
      if (kind) invalidate.push(kind);
    };
    const onStatus = (payload: { hostId: string; status: HostStatus; reason: string | null }) => {
      // Back online: whatever failed with "host is offline" can be asked again.
      if (payload.hostId === hostId) invalidate.push("all");
    };

    socket.on("host:event", onEvent);
    socket.on("host:status", onStatus);
    socket.on("connect", subscribe);
    if (socket.connected) subscribe();
    return () => {
      active = false;
      invalidate.cancel();
      socket.off("host:event", onEvent);
      socket.off("host:status", onStatus);
      socket.off("connect", subscribe);
      if (socket.connected) socket.emit("host:unsubscribe", { hostId });
      setSubscription(null);
    };
  }, [hostId, enabled, trpc, queryClient]);

  return subscription;
}
