"use client";
import { useEffect, useRef } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "./trpc";
import { uiSocket } from "./socket";

/** One refetch of the page on screen for a burst of changes across many hosts. */
const REFETCH_DEBOUNCE_MS = 250;

/**
 * Follows the hosts' snapshots without polling: the socket joins the fleet room of every host the
 * user may see (`fleet:subscribe`, re-sent on every reconnect), the server sends a throttled
 * `fleet:changed {hostId}` after it stored a change (containers created, started, stopped,
 * removed … and the host's counts with them), a host going on- or offline changes the rows' status
 * and age, and a host edit (`host:changed`: name, labels, group, gone) changes the rows' host
 * columns — each calls `refetch`, debounced.
 */
export function useFleetRoom(refetch: () => void) {
  const latest = useRef(refetch);
  useEffect(() => {
    latest.current = refetch;
  });
  useEffect(() => {
    const socket = uiSocket();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let subscribedBefore = false;
    const changed = () => {
      timer ??= setTimeout(() => {
        timer = null;
        latest.current();
      }, REFETCH_DEBOUNCE_MS);
    };
    const subscribe = () => {
      socket.emit("fleet:subscribe", {}, () => undefined);
      if (subscribedBefore) changed(); // changes may have been missed while disconnected
      subscribedBefore = true;
    };
    socket.on("fleet:changed", changed);
    socket.on("host:status", changed);
    socket.on("host:changed", changed);
    socket.on("connect", subscribe);
    if (socket.connected) subscribe();
    return () => {
      if (timer) clearTimeout(timer);
      socket.off("fleet:changed", changed);
      socket.off("host:status", changed);
      socket.off("host:changed", changed);
      socket.off("connect", subscribe);
      if (socket.connected) socket.emit("fleet:unsubscribe");
    };
  }, []);
}

/** Fleet pages: every fleet query on screen follows the fleet room. */
export function useFleetLive() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useFleetRoom(() => void queryClient.invalidateQueries(trpc.fleet.pathFilter()));
}

/** The Hosts page: each host's container and image counts follow its snapshot. */
export function useHostCountsLive() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useFleetRoom(() => void queryClient.invalidateQueries(trpc.hosts.list.pathFilter()));
}
