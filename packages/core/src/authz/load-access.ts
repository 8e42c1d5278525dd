import type { Db } from "@dockmaster/db";
import { Access, type EffectiveGrant, type Scope } from "./access";
import { parsePermissions, type Permission } from "./catalogue";

/** Builds a user's Access from their own grants and their teams' grants. Three small queries. */
export async function loadAccess(db: Db, userId: string, limit?: { permissions: Permission[]; hostIds: string[] | null }): Promise<Access> {
  const memberships = await db.teamMember.findMany({ where: { userId }, select: { teamId: true, team: { select: { name: true } } } });
  const teamName = new Map(memberships.map((m) => [m.teamId, m.team.name]));
  const grants = await db.grant.findMany({
    where: { OR: [{ subjectType: "user", subjectId: userId }, { subjectType: "team", subjectId: { in: [...teamName.keys()] } }] },
    include: { role: { select: { name: true, permissions: true } } },
  });
  const groupIds = [...new Set(grants.filter((g) => g.scopeType === "group" && g.scopeId).map((g) => g.scopeId!))];
  const [groups, groupedHosts] = groupIds.length
    ? await Promise.all([
        db.hostGroup.findMany({ where: { id: { in: groupIds } }, select: { id: true, name: true } }),
        db.host.findMany({ where: { groupId: { in: groupIds } }, select: { id: true, groupId: true } }),
      ])
    : [[], []];
  const groupName = new Map(groups.map((g) => [g.id, g.name]));

  const effective: EffectiveGrant[] = [];
  for (const g of grants) {
    let scope: Scope;
    if (g.scopeType === "global") scope = { type: "global" };
    else if (g.scopeType === "host" && g.scopeId) scope = { type: "host", id: g.scopeId };
    else if (g.scopeType === "group" && g.scopeId && groupName.has(g.scopeId)) scope = { type: "group", id: g.scopeId, name: groupName.get(g.scopeId)! };
    else continue; // dangling scope: grants nothing
    const via = g.subjectType === "user" ? "you" : `team ${teamName.get(g.subjectId) ?? g.subjectId}`;
    effective.push({ role: g.role.name, permissions: new Set(parsePermissions(g.role.permissions)), scope, via });
  }
  const groupOfHost = new Map(groupedHosts.filter((h) => h.groupId).map((h) => [h.id, h.groupId!]));
  return new Access(effective, groupOfHost, limit && { permissions: new Set(limit.permissions), hostIds: limit.hostIds && new Set(limit.hostIds) });
}
