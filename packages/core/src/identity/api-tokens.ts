import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import { hashToken, newToken } from "../secrets";
import type { Actor } from "../authz/can";
import { parsePermissions, type Permission } from "../authz/catalogue";
import { loadAccess } from "../authz/load-access";
import { getSettings } from "./settings";

export const API_TOKEN_PREFIX = "dmt_";

export async function listApiTokens(db: Db, userId: string) {
  return db.apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, roleId: true, hostIds: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Stores a token limited to a role (and optionally hosts); no access check (see mintApiToken). The plaintext is returned once. */
export async function createApiToken(db: Db, userId: string, input: { name: string; roleId: string; hostIds: string[] | null; expiresAt: Date | null }) {
  if (!(await db.role.findUnique({ where: { id: input.roleId }, select: { id: true } }))) throw new AppError("NOT_FOUND", `role ${input.roleId} not found`);
  const token = `${API_TOKEN_PREFIX}${newToken()}`;
  const row = await db.apiToken.create({
    data: { userId, name: input.name, roleId: input.roleId, hostIds: input.hostIds ? JSON.stringify(input.hostIds) : null, expiresAt: input.expiresAt, tokenHash: hashToken(token) },
    select: { id: true, name: true },
  });
  return { ...row, token };
}

/**
 * What a token would hold beyond its minter's own access: each of the role's permissions on each
 * of the token's hosts (or globally, for a token on every host). Null when it is within it.
 */
export function accessBeyond(actor: Actor, permissions: readonly Permission[], hostIds: string[] | null): string | null {
  for (const hostId of hostIds ?? [undefined]) {
    const missing = permissions.filter((p) => !actor.access.can(p, hostId));
    if (missing.length) return `a token cannot hold more than you do: you lack ${missing.join(", ")} ${hostId ? `on host ${hostId}` : "globally (limit the token to hosts you hold them on)"}`;
  }
  return null;
}

/**
 * A signed-in person mints a token for themselves, within their own access. A token never mints
 * a token (the procedure refuses token callers too: this is the second lock on the same door).
 */
export async function mintApiToken(db: Db, actor: Actor, input: { name: string; roleId: string; hostIds: string[] | null; expiresAt: Date | null }) {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "an API token cannot create API tokens");
  const role = await db.role.findUnique({ where: { id: input.roleId }, select: { permissions: true } });
  if (!role) throw new AppError("NOT_FOUND", `role ${input.roleId} not found`);
  const beyond = accessBeyond(actor, parsePermissions(role.permissions), input.hostIds && [...new Set(input.hostIds)]);
  if (beyond) throw new AppError("FORBIDDEN", beyond);
  return createApiToken(db, actor.id, input);
}

export async function revokeApiToken(db: Db, userId: string, tokenId: string) {
  const updated = await db.apiToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (updated.count === 0) throw new AppError("NOT_FOUND", `token ${tokenId} not found`);
  return { id: tokenId };
}

/**
 * The actor behind `Authorization: Bearer dmt_…`: its owner's access narrowed to the token's role
 * and hosts. Null for unknown, revoked or expired tokens and disabled owners. While two-factor is
 * required and its owner has not turned it on, the actor says so (`mustSetUpTwoFactor`) and every
 * signed-in procedure refuses it: a token cannot set up two-factor, only its owner's session can.
 */
export async function resolveApiToken(db: Db, token: string): Promise<Actor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: { select: { id: true, username: true, disabledAt: true, totpEnabledAt: true } } } });
  if (!row || row.revokedAt || row.user.disabledAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
  const role = await db.role.findUnique({ where: { id: row.roleId }, select: { permissions: true } });
  if (!role) return null;
  const hostIds = row.hostIds ? (JSON.parse(row.hostIds) as string[]) : null;
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  const mustSetUpTwoFactor = !row.user.totpEnabledAt && (await getSettings(db)).requireTwoFactor;
  return { kind: "token", id: row.user.id, username: row.user.username, tokenId: row.id, access: await loadAccess(db, row.user.id, { permissions: parsePermissions(role.permissions), hostIds }), mustSetUpTwoFactor };
}
