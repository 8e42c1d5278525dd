import type { Db } from "@dockmaster/db";

/**
 * Rebuilds a user's memberships of the teams a provider's mappings name, from the groups the
 * provider reported at this sign-in: a team a mapping names is the provider's to manage (a
 * member not in any of its groups is removed, one in them is added); teams no mapping names are
 * left to the admins. Returns the changes, for the sign-in's audit record.
 */
export async function syncMappedTeams(db: Db, providerId: string, userId: string, groups: readonly string[]) {
  const mappings = await db.groupMapping.findMany({ where: { providerId }, select: { group: true, teamId: true, team: { select: { name: true } } } });
  const held = new Set(groups);
  const managed = new Map(mappings.map((m) => [m.teamId, m.team.name]));
  const wanted = new Set(mappings.filter((m) => held.has(m.group)).map((m) => m.teamId));
  const current = await db.teamMember.findMany({ where: { userId, teamId: { in: [...managed.keys()] } }, select: { teamId: true } });
  const has = new Set(current.map((m) => m.teamId));
  const added = [...wanted].filter((id) => !has.has(id));
  const removed = [...has].filter((id) => !wanted.has(id));
  if (removed.length) await db.teamMember.deleteMany({ where: { userId, teamId: { in: removed } } });
  for (const teamId of added) await db.teamMember.create({ data: { teamId, userId } });
  const names = (ids: string[]) => ids.map((id) => managed.get(id) ?? id).sort();
  return { teams: names([...wanted]), added: names(added), removed: names(removed), changed: added.length + removed.length > 0 };
}

/** Does any of these groups map to a team of this provider? */
export async function mapsToATeam(db: Db, providerId: string, groups: readonly string[]): Promise<boolean> {
  if (groups.length === 0) return false;
  return (await db.groupMapping.count({ where: { providerId, group: { in: [...groups] } } })) > 0;
}
