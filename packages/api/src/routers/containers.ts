import { z } from "zod";
import type { Permission } from "@dockmaster/core";
import { ContainerCreateSpec, ContainerName, ContainerSignal } from "@dockmaster/protocol";
import { gateContainerCreate } from "../capability-gate";
import { hostProcedure } from "../procedures";
import { t } from "../trpc";

const ContainerRef = { id: z.string().min(1).max(256) };

/** start / stop / restart / pause / unpause share one shape: a host, a container, one agent request. */
function lifecycle(type: "container.start" | "container.stop" | "container.restart" | "container.pause" | "container.unpause", permission: Permission) {
  return hostProcedure(permission, ContainerRef).mutation(({ ctx, input }) => ctx.hub.request(input.hostId, type, { id: input.id }));
}

export const containersRouter = t.router({
  list: hostProcedure("container.view").query(({ ctx, input }) => {
    const load = () => ctx.hub.request(input.hostId, "container.list", { all: true });
    return ctx.containerLists ? ctx.containerLists.get(input.hostId, load) : load();
  }),
  inspect: hostProcedure("container.view", ContainerRef).query(({ ctx, input }) => ctx.hub.request(input.hostId, "container.inspect", { id: input.id })),
  start: lifecycle("container.start", "container.operate"),
  stop: lifecycle("container.stop", "container.operate"),
  restart: lifecycle("container.restart", "container.operate"),
  pause: lifecycle("container.pause", "container.operate"),
  unpause: lifecycle("container.unpause", "container.operate"),
  kill: hostProcedure("container.operate", { ...ContainerRef, signal: ContainerSignal.default("SIGKILL") }).mutation(({ ctx, input }) => ctx.hub.request(input.hostId, "container.kill", { id: input.id, signal: input.signal })),
  rename: hostProcedure("container.operate", { ...ContainerRef, name: ContainerName }).mutation(({ ctx, input }) => {
      ctx.auditNote.target = { type: "containers", id: input.id, name: input.name };
      return ctx.hub.request(input.hostId, "container.rename", { id: input.id, name: input.name });
    }),
  /** run = create + start (start: true), or create only. Sensitive capabilities need their own permission. */
  create: hostProcedure("container.create", { spec: ContainerCreateSpec, start: z.boolean().default(true) })
    .mutation(async ({ ctx, input }) => {
      ctx.auditNote.target = { type: "containers", name: input.spec.name ?? input.spec.image };
      await gateContainerCreate(ctx, input.hostId, input.spec);
      return ctx.hub.request(input.hostId, "container.create", { spec: input.spec, start: input.start });
    }),
  remove: hostProcedure("container.delete", { ...ContainerRef, force: z.boolean().default(false) }).mutation(({ ctx, input }) => ctx.hub.request(input.hostId, "container.remove", { id: input.id, force: input.force })),
});
