import type { Db } from "@dockmaster/db";
import { BUILT_IN_ROLES, builtInRoleId, type BuiltInRole } from "./catalogue";

/**
 * Keeps the built-in roles in the Role table equal to the catalogue (run at start), and gives
 * users from before roles existed — all of them admins — a global admin grant.
 */
export async function ensureBuiltInRoles(db: Db): Promise<void> {
  for (const [name, role] of Object.entries(BUILT_IN_ROLES) as Array<[BuiltInRole, (typeof BUILT_IN_ROLES)[BuiltInRole]]>) {
    const data = { name, description: role.description, permissions: JSON.stringify(role.permissions), builtIn: true };
    await db.role.upsert({ where: { id: builtInRoleId(name) }, create: { id: builtInRoleId(name), ...data }, update: data });
  }
  if ((await db.grant.count()) === 0) {
    const users = await db.user.findMany({ select: { id: true } });
    for (const u of users) {
      await db.grant.create({ data: { subjectType: "user", subjectId: u.id, roleId: builtInRoleId("admin"), scopeType: "global" } });
    }
  }
}
