"use client";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "../components/ui";
import { useAnywherePermissions } from "../permissions";
import { useTRPC } from "../trpc";

/**
 * "update available" for a stack on a host (or one of its services): the services whose image the
 * update check found newer, named in the tooltip. Updating one redeploys that service (Updates page).
 */
export function StackUpdateBadge({ hostId, stack, service }: { hostId: string; stack: string; service?: string }) {
  const trpc = useTRPC();
  const may = useAnywherePermissions();
  const status = useQuery({ ...trpc.updates.status.queryOptions({ onlyAvailable: true }), enabled: may.has("image.view"), staleTime: 30_000 });
  const services = new Set((status.data?.containers ?? []).filter((c) => c.hostId === hostId && c.stack?.name === stack && (!service || c.stack.service === service)).map((c) => c.stack!.service));
  if (services.size === 0) return null;
  return (
    <span className="ml-2" title={`update available for ${[...services].join(", ")}`}>
      <Badge tone="amber" testId="stack-update-available">update available</Badge>
    </span>
  );
}
