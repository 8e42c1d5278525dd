import { z } from "zod";
import { can, FleetContainersQuery, fleetOverview, fleetSearch, fleetUpdateStatus, queryFleetContainers, readHostSnapshot } from "@dockmaster/core";
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
  /**
   * The home page's figures: hosts, containers, failures, disk, updates, operations (each over the
   * hosts the caller holds its permission on), denials with audit.view and alerts with alert.view.
   */
  overview: anywhereProcedure("host.view").query(({ ctx }) => fleetOverview(ctx.db, ctx.actor, ctx.dbProvider, ctx.sqliteConnection?.() ?? null)),
  /** The command palette's answer while typing: hosts, containers, images, networks, volumes and stacks the caller may see. */
  search: anywhereProcedure("host.view", { text: z.string().trim().min(1, "type something to search for").max(100, "search for at most 100 characters") }).query(({ ctx, input }) =>
    fleetSearch(ctx.db, ctx.actor, input.text, ctx.dbProvider, ctx.sqliteConnection?.() ?? null),
  ),
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
