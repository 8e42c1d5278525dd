import { z } from "zod";
import type { Permission } from "@dockmaster/core";
import { hostProcedure } from "../procedures";
import { t } from "../trpc";

const ContainerRef = z.object({ id: z.string().min(1).max(256) });

/** start / stop / restart share one shape: a host, a container, one agent request. */
function lifecycle(type: "container.start" | "container.stop" | "container.restart", permission: Permission) {
  return hostProcedure(permission)
    .input(ContainerRef)
    .mutation(({ ctx, input }) => ctx.hub.request(input.hostId, type, { id: input.id }));
}

export const containersRouter = t.router({
  list: hostProcedure("container.view").query(({ ctx, input }) => ctx.hub.request(input.hostId, "container.list", { all: true })),
  inspect: hostProcedure("container.view")
    .input(ContainerRef)
    .query(({ ctx, input }) => ctx.hub.request(input.hostId, "container.inspect", { id: input.id })),
  start: lifecycle("container.start", "container.operate"),
  stop: lifecycle("container.stop", "container.operate"),
  restart: lifecycle("container.restart", "container.operate"),
  remove: hostProcedure("container.delete")
    .input(ContainerRef.extend({ force: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => ctx.hub.request(input.hostId, "container.remove", { id: input.id, force: input.force })),
});
