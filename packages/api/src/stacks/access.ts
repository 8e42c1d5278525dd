import { can, stackHosts, type Actor, type Permission, type StackView } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import { permissionDenied } from "../middleware";

/**
 * A fleet stack's definition reaches every host of its group: changing it (files, .env, git,
 * deletion) needs the permission on each of them, not only on the host the call names. A host
 * stack needs it on its host, which the procedure already checked.
 */
export async function requireOnAllTargets(db: Db, actor: Actor, stack: StackView, permission: Permission): Promise<string[]> {
  const hosts = await stackHosts(db, stack);
  const refused = hosts.find((hostId) => !can(actor, permission, hostId));
  if (refused) throw permissionDenied(permission, refused);
  return hosts;
}
