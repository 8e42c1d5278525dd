"use client";
import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "./trpc";
import { uiSocket } from "./socket";

/** One refetch of the page on screen for a burst of changes across many hosts. */
const REFETCH_DEBOUNCE_MS = 250;

/**
 * Fleet pages follow the hosts' snapshots without polling: the socket joins the fleet room of
 * every host the user may see (`fleet:subscribe`, re-sent on every reconnect), the server sends a
 * throttled `fleet:changed {hostId}` after it stored a change, a host going on- or offline
 * changes the rows' status and age, and a host edit (`host:changed`: name, labels, group, gone)
 * changes the rows' host columns — each refetches the fleet queries on screen, debounced.
 */
export function useFleetLive() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = uiSocket();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let subscribedBefore = false;
    const refetch = () => {
      timer ??= setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries(trpc.fleet.pathFilter());
      }, REFETCH_DEBOUNCE_MS);
    };
    const subscribe = () => {
      socket.emit("fleet:subscribe", {}, () => undefined);
      if (subscribedBefore) refetch(); // changes may have been missed while disconnected
      subscribedBefore = true;
    };
    socket.on("fleet:changed", refetch);
    socket.on("host:status", refetch);
    socket.on("host:changed", refetch);
    socket.on("connect", subscribe);
    if (socket.connected) subscribe();
    return () => {
      if (timer) clearTimeout(timer);
      socket.off("fleet:changed", refetch);
      socket.off("host:status", refetch);
      socket.off("host:changed", refetch);
      socket.off("connect", subscribe);
      if (socket.connected) socket.emit("fleet:unsubscribe");
    };
  }, [trpc, queryClient]);
}
