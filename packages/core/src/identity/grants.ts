import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";

export interface GrantInput {
  subjectType: "user" | "team";
  subjectId: string;
  roleId: string;
  scopeType: "global" | "group" | "host";
  scopeId?: string | null;
}

/** Every grant with readable names for its subject, role and scope. */
export async function listGrants(db: Db) {
  const [grants, users, teams, groups, hosts] = await Promise.all([
    db.grant.findMany({ include: { role: { select: { name: true } } }, orderBy: { createdAt: "asc" } }),
    db.user.findMany({ select: { id: true, username: true } }),
    db.team.findMany({ select: { id: true, name: true } }),
    db.hostGroup.findMany({ select: { id: true, name: true } }),
    db.host.findMany({ select: { id: true, name: true } }),
  ]);
  const names = new Map<string, string>([...users.map((u) => [u.id, u.username] as const), ...teams.map((t) => [t.id, t.name] as const), ...groups.map((g) => [g.id, g.name] as const), ...hosts.map((h) => [h.id, h.name] as const)]);
  return grants.map((g) => ({
    id: g.id,
    subjectType: g.subjectType,
    subjectId: g.subjectId,
    subjectName: names.get(g.subjectId) ?? "(deleted)",
    roleId: g.roleId,
    roleName: g.role.name,
    scopeType: g.scopeType,
    scopeId: g.scopeId,
    scopeName: g.scopeType === "global" ? "everywhere" : (names.get(g.scopeId ?? "") ?? "(deleted)"),
  }));
}

export async function createGrant(db: Db, input: GrantInput, createdById: string) {
  const subjectExists =
    input.subjectType === "user"
      ? await db.user.findUnique({ where: { id: input.subjectId }, select: { id: true } })
      : await db.team.findUnique({ where: { id: input.subjectId }, select: { id: true } });
  if (!subjectExists) throw new AppError("NOT_FOUND", `${input.subjectType} ${input.subjectId} not found`);
  if (!(await db.role.findUnique({ where: { id: input.roleId }, select: { id: true } }))) throw new AppError("NOT_FOUND", `role ${input.roleId} not found`);
  if (input.scopeType !== "global") {
    if (!input.scopeId) throw new AppError("BAD_REQUEST", `a ${input.scopeType} grant needs scopeId`);
    const scope =
      input.scopeType === "host"
        ? await db.host.findUnique({ where: { id: input.scopeId }, select: { id: true } })
        : await db.hostGroup.findUnique({ where: { id: input.scopeId }, select: { id: true } });
    if (!scope) throw new AppError("NOT_FOUND", `${input.scopeType} ${input.scopeId} not found`);
  }
  return db.grant.create({
    data: { subjectType: input.subjectType, subjectId: input.subjectId, roleId: input.roleId, scopeType: input.scopeType, scopeId: input.scopeType === "global" ? null : input.scopeId, createdById },
    select: { id: true },
  });
}

export async function deleteGrant(db: Db, grantId: string) {
  const grant = await db.grant.findUnique({ where: { id: grantId }, select: { id: true } });
  if (!grant) throw new AppError("NOT_FOUND", `grant ${grantId} not found`);
  await db.grant.delete({ where: { id: grantId } });
  return grant;
}

export async function listHostGroups(db: Db) {
  return db.hostGroup.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
}

export async function createHostGroup(db: Db, name: string) {
  if (await db.hostGroup.findUnique({ where: { name }, select: { id: true } })) throw new AppError("CONFLICT", `host group ${name} already exists`);
  return db.hostGroup.create({ data: { name }, select: { id: true, name: true } });
}
