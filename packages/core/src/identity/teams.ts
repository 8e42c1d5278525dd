import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";

export async function listTeams(db: Db) {
  const teams = await db.team.findMany({ orderBy: { name: "asc" }, include: { members: { select: { user: { select: { id: true, username: true } } } } } });
  return teams.map((t) => ({ id: t.id, name: t.name, description: t.description, members: t.members.map((m) => m.user) }));
}

export async function createTeam(db: Db, name: string, description: string) {
  if (await db.team.findUnique({ where: { name }, select: { id: true } })) throw new AppError("CONFLICT", `team ${name} already exists`);
  return db.team.create({ data: { name, description }, select: { id: true, name: true } });
}

export async function deleteTeam(db: Db, teamId: string) {
  const team = await db.team.findUnique({ where: { id: teamId }, select: { id: true, name: true } });
  if (!team) throw new AppError("NOT_FOUND", `team ${teamId} not found`);
  await db.$transaction([db.grant.deleteMany({ where: { subjectType: "team", subjectId: teamId } }), db.team.delete({ where: { id: teamId } })]);
  return team;
}

export async function setMembership(db: Db, teamId: string, userId: string, member: boolean) {
  const [team, user] = await Promise.all([
    db.team.findUnique({ where: { id: teamId }, select: { id: true, name: true } }),
    db.user.findUnique({ where: { id: userId }, select: { id: true, username: true } }),
  ]);
  if (!team) throw new AppError("NOT_FOUND", `team ${teamId} not found`);
  if (!user) throw new AppError("NOT_FOUND", `user ${userId} not found`);
  if (member) await db.teamMember.upsert({ where: { teamId_userId: { teamId, userId } }, create: { teamId, userId }, update: {} });
  else await db.teamMember.deleteMany({ where: { teamId, userId } });
  return { team, user };
}
