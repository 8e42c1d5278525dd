"use client";
import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { uiSocket } from "../socket";
import { useFleetLive } from "../fleet-live";

/**
 * The overview follows pushes, never a timer: the fleet room's `fleet:changed` (a host's snapshot
 * changed: containers, images, volumes), `host:status` and `host:changed` refetch it through
 * useFleetLive (every fleet.* query); `alerts:changed` and `activity:changed` (audit records
 * written: operations, denials) refetch it too — no payload: the refetch goes through tRPC and its
 * checks — and so does a reconnect, since pushes may have been missed meanwhile.
 */
export function useOverviewLive() {
  useFleetLive();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = uiSocket();
    const changed = () => void queryClient.invalidateQueries(trpc.fleet.overview.queryFilter());
    socket.on("alerts:changed", changed);
    socket.on("activity:changed", changed);
    socket.on("connect", changed);
    return () => {
      socket.off("alerts:changed", changed);
      socket.off("activity:changed", changed);
      socket.off("connect", changed);
    };
  }, [queryClient, trpc]);
}
