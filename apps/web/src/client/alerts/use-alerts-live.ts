"use client";
import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { uiSocket } from "../socket";

/**
 * `alerts:changed` (an alert raised, counted or resolved; a delivery settled) refetches the alerts
 * queries on screen; the push carries nothing, the refetch goes through tRPC and its alert.view check.
 * A reconnect refetches too: pushes may have been missed meanwhile.
 */
export function useAlertsLive() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = uiSocket();
    const changed = () => void queryClient.invalidateQueries(trpc.alerts.pathFilter());
    socket.on("alerts:changed", changed);
    socket.on("connect", changed);
    return () => {
      socket.off("alerts:changed", changed);
      socket.off("connect", changed);
    };
  }, [queryClient, trpc]);
}
