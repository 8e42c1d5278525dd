"use client";
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { useAnywherePermissions } from "../permissions";
import { useTRPC } from "../trpc";
import type { UpdateStatusView } from "./UpdateBadge";

/**
 * Update status of a host's containers (by id) and image tags (by "imageId repoTag"), read from
 * the control plane's snapshot and check cache (no registry asked). Undefined entries: unknown.
 */
export function useHostUpdateStatus(hostId: string, enabled = true) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.updates.status.queryOptions({ hostId }), enabled, staleTime: 30_000 });
  const containers = new Map<string, UpdateStatusView>((query.data?.containers ?? []).map((c) => [c.containerId, c.status]));
  const images = new Map<string, UpdateStatusView>((query.data?.images ?? []).map((i) => [`${i.imageId} ${i.repoTag}`, i.status]));
  return { containers, images };
}

const NONE: ReadonlySet<string> = new Set();

/** "hostId containerId" of every container with an update available the caller may see (empty without image.view anywhere). */
export function useAvailableUpdates(): ReadonlySet<string> {
  const trpc = useTRPC();
  const may = useAnywherePermissions();
  const query = useQuery({ ...trpc.updates.status.queryOptions({ onlyAvailable: true }), enabled: may.has("image.view"), staleTime: 30_000 });
  const containers = query.data?.containers;
  return useMemo(() => (containers ? new Set(containers.map((c) => `${c.hostId} ${c.containerId}`)) : NONE), [containers]);
}
