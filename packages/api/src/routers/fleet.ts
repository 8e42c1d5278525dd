import { can, FleetContainersQuery, fleetUpdateStatus, queryFleetContainers, readHostSnapshot } from "@dockmaster/core";
import { anywhereProcedure, hostProcedure } from "../procedures";
import { t } from "../trpc";

/** Fleet-wide reads from the hosts' state snapshots: fast whatever the hosts' agents are doing. */
export const fleetRouter = t.router({
  /** A page of containers across every host the caller may see (host.view + container.view on each). */
  containers: anywhereProcedure("container.view", FleetContainersQuery.strict()).query(async ({ ctx, input }) => {
    // "Update available": the containers the update check's last answers mark so (host access is still decided by the query).
    const only = input.updateAvailable ? (await fleetUpdateStatus(ctx.db, {})).containers.filter((c) => c.status.state === "available").map((c) => c.containerId) : undefined;
    return queryFleetContainers(ctx.db, ctx.actor, input, ctx.dbProvider, ctx.sqliteConnection?.() ?? null, only);
  }),
  /** A host's last-known engine facts and, as far as the caller may view them, images, networks and volumes. */
  hostSnapshot: hostProcedure("host.view").query(async ({ ctx, input }) => {
    const snapshot = await readHostSnapshot(ctx.db, input.hostId);
    const may = (permission: "image.view" | "network.view" | "volume.view") => can(ctx.actor, permission, input.hostId);
    return {
      ...snapshot,
      images: may("image.view") ? snapshot.images : null,
      networks: may("network.view") ? snapshot.networks : null,
      volumes: may("volume.view") ? snapshot.volumes : null,
    };
  }),
});
