import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import { parsePermissions, type Permission } from "../authz/catalogue";

export async function listRoles(db: Db) {
  const roles = await db.role.findMany({ orderBy: [{ builtIn: "desc" }, { name: "asc" }] });
  return roles.map((r) => ({ id: r.id, name: r.name, description: r.description, builtIn: r.builtIn, permissions: parsePermissions(r.permissions) }));
}

export async function createRole(db: Db, name: string, description: string, permissions: Permission[]) {
  if (await db.role.findUnique({ where: { name }, select: { id: true } })) throw new AppError("CONFLICT", `role ${name} already exists`);
  return db.role.create({ data: { name, description, permissions: JSON.stringify([...new Set(permissions)].sort()) }, select: { id: true, name: true } });
}

async function customRole(db: Db, roleId: string) {
  const role = await db.role.findUnique({ where: { id: roleId } });
  if (!role) throw new AppError("NOT_FOUND", `role ${roleId} not found`);
  if (role.builtIn) throw new AppError("FORBIDDEN", `built-in role ${role.name} cannot be changed`);
  return role;
}

export async function updateRole(db: Db, roleId: string, changes: { description?: string; permissions?: Permission[] }) {
  await customRole(db, roleId);
  return db.role.update({
    where: { id: roleId },
    data: { description: changes.description, permissions: changes.permissions && JSON.stringify([...new Set(changes.permissions)].sort()) },
    select: { id: true, name: true },
  });
}

export async function deleteRole(db: Db, roleId: string) {
  const role = await customRole(db, roleId);
  await db.role.delete({ where: { id: roleId } }); // its grants go with it (cascade)
  return { id: role.id, name: role.name };
}
