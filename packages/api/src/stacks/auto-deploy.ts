import { randomUUID } from "node:crypto";
import { loadAccess, stackHosts, type StackView, type SyncTrigger } from "@dockmaster/core";
import type { ApiServices } from "../context";
import { launchDeploys } from "./launch";

/**
 * The deploy a git fetch triggers (webhook or poll, for a stack with autoDeploy): on every host the
 * stack targets, as its creator — with the creator's access as it is NOW, so every service still
 * passes the capability gate and each host's stack.deploy is checked. A creator who was removed or
 * disabled deploys nothing (reported, and the new revision waits for a person to deploy it).
 */
export function gitAutoDeployer(services: ApiServices, log: { warn(message: string, fields?: Record<string, unknown>): void }) {
  return async (stack: StackView, revisionNumber: number, trigger: SyncTrigger): Promise<void> => {
    const creator = stack.createdById ? await services.db.user.findUnique({ where: { id: stack.createdById }, select: { id: true, username: true, disabledAt: true } }) : null;
    if (!creator || creator.disabledAt) {
      log.warn("git auto-deploy skipped: the stack's creator no longer exists or is disabled", { stackId: stack.id, revision: revisionNumber });
      return;
    }
    const actor = { kind: "user" as const, id: creator.id, username: creator.username, access: await loadAccess(services.db, creator.id) };
    const hosts = await stackHosts(services.db, stack);
    await launchDeploys({ ...services, actor, client: { ip: null, userAgent: `dockmaster git ${trigger}` }, requestId: randomUUID() }, stack, hosts.map((hostId) => ({ hostId })), { revision: revisionNumber, pull: false });
  };
}
