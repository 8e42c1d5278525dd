import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { explainSubnet, findOverlap, NetworkConnectSpec, NetworkCreateSpec } from "@dockmaster/protocol";
import { gateNetworkCreate, gateNetworkJoin } from "../capability-gate";
import { hostProcedure } from "../procedures";
import { t } from "../trpc";

const NetworkRef = { id: z.string().min(1).max(256) };

export const networksRouter = t.router({
  list: hostProcedure("network.view").query(({ ctx, input }) => ctx.hub.request(input.hostId, "network.list", {})),
  inspect: hostProcedure("network.view", NetworkRef).query(({ ctx, input }) => ctx.hub.request(input.hostId, "network.inspect", { id: input.id })),
  /** Overlap with the host's networks is refused here, before the engine is asked, naming the network. */
  create: hostProcedure("network.manage", { spec: NetworkCreateSpec }).mutation(async ({ ctx, input }) => {
      const { spec } = input;
      ctx.auditNote.target = { type: "networks", name: spec.name };
      gateNetworkCreate(ctx, input.hostId, spec); // a driver or option that reaches the host's network needs container.create.privileged
      const subnet = spec.subnet ? explainSubnet(spec.subnet) : null;
      if (subnet?.ok) {
        const existing = await ctx.hub.request(input.hostId, "network.list", {});
        const overlap = findOverlap(subnet.value, existing.map((n) => ({ name: n.name, subnets: n.ipam.map((c) => c.subnet) })));
        if (overlap) {
          throw new TRPCError({ code: "CONFLICT", message: `subnet ${subnet.value.cidr} overlaps network "${overlap.network}" (${overlap.subnet}) on this host: containers could not tell which network an address belongs to — pick a block outside ${overlap.subnet}` });
        }
      }
      return ctx.hub.request(input.hostId, "network.create", { spec });
    }),
  remove: hostProcedure("network.manage", NetworkRef).mutation(({ ctx, input }) => ctx.hub.request(input.hostId, "network.remove", { id: input.id })),
  connect: hostProcedure("network.manage", { spec: NetworkConnectSpec }).mutation(async ({ ctx, input }) => {
      ctx.auditNote.target = { type: "networks", id: input.spec.network, name: input.spec.container };
      await gateNetworkJoin(ctx, input.hostId, input.spec.network); // a macvlan / ipvlan or a bridge on a host interface needs container.create.privileged
      return ctx.hub.request(input.hostId, "network.connect", { spec: input.spec });
    }),
  disconnect: hostProcedure("network.manage", { network: z.string().min(1).max(256), container: z.string().min(1).max(256), force: z.boolean().default(false) }).mutation(({ ctx, input }) => {
      ctx.auditNote.target = { type: "networks", id: input.network, name: input.container };
      return ctx.hub.request(input.hostId, "network.disconnect", { network: input.network, container: input.container, force: input.force });
    }),
  /** The path a container's published ports take on the engine's host (read by the agent from the host). */
  portPath: hostProcedure("network.view", { containerId: z.string().min(1).max(256) }).query(({ ctx, input }) => ctx.hub.request(input.hostId, "container.portPath", { id: input.containerId })),
  prunePreview: hostProcedure("network.view").query(({ ctx, input }) => ctx.hub.request(input.hostId, "network.prunePreview", {})),
  /** `until`: the preview's time — networks created after the user looked are never pruned. */
  prune: hostProcedure("network.manage", { until: z.number().int().min(0) }).mutation(({ ctx, input }) => {
      ctx.auditNote.target = { type: "networks", name: "prune" };
      return ctx.hub.request(input.hostId, "network.prune", { until: input.until });
    }),
});
