"use client";
import { useQuery } from "@tanstack/react-query";
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
