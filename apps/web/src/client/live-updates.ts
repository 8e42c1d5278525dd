"use client";
import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { EngineEvent } from "@dockmaster/protocol";
import { useTRPC } from "./trpc";
import { uiSocket } from "./socket";

const COALESCE_MS = 100; // one refetch for a burst (create, network connect, start …)

function coalesced(fn: (keys: Set<string>) => void) {
  let keys = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  return (key: string) => {
    keys.add(key);
    timer ??= setTimeout(() => {
      const batch = keys;
      keys = new Set();
      timer = null;
      fn(batch);
    }, COALESCE_MS);
  };
}

/** Host list and status badges follow `host:status` pushes. */
export function useFleetLiveUpdates() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = uiSocket();
    const refresh = () => {
      void queryClient.invalidateQueries(trpc.hosts.list.pathFilter());
      void queryClient.invalidateQueries(trpc.hosts.get.pathFilter());
    };
    socket.on("host:status", refresh);
    socket.io.on("reconnect", refresh);
    return () => {
      socket.off("host:status", refresh);
      socket.io.off("reconnect", refresh);
    };
  }, [trpc, queryClient]);
}

/**
 * Subscribes to one host's engine events and turns each into query invalidations: the tables
 * refetch only when the engine says something changed. No polling.
 */
export function useHostLiveUpdates(hostId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = uiSocket();
    const invalidate = coalesced((kinds) => {
      if (kinds.has("container")) {
        void queryClient.invalidateQueries({ queryKey: trpc.containers.list.queryKey({ hostId }) });
        void queryClient.invalidateQueries(trpc.containers.inspect.pathFilter());
      }
      if (kinds.has("image")) void queryClient.invalidateQueries({ queryKey: trpc.images.list.queryKey({ hostId }) });
      if (kinds.has("container") || kinds.has("image")) void queryClient.invalidateQueries({ queryKey: trpc.engine.info.queryKey({ hostId }) });
      if (kinds.has("all")) void queryClient.invalidateQueries();
    });
    const onEvent = (payload: { hostId: string; event: EngineEvent }) => {
      if (payload.hostId === hostId) invalidate(payload.event.type);
    };
    const subscribe = () => void socket.emit("host:subscribe", { hostId }, () => undefined);
    const onReconnect = () => {
      subscribe();
      invalidate("all"); // events may have been missed while disconnected
    };
    socket.on("host:event", onEvent);
    socket.on("connect", subscribe);
    socket.io.on("reconnect", onReconnect);
    if (socket.connected) subscribe();
    return () => {
      socket.off("host:event", onEvent);
      socket.off("connect", subscribe);
      socket.io.off("reconnect", onReconnect);
      socket.emit("host:unsubscribe", { hostId });
    };
  }, [hostId, trpc, queryClient]);
}
