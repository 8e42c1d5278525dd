import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import type { StoredProvider } from "./providers";
import { mapsToATeam, syncMappedTeams } from "./team-sync";

/** Who the provider says signed in. */
export interface ExternalIdentity {
  /** Stable id at the provider (OIDC `sub`, LDAP entry DN). */
  subject: string;
  /** The name proposed for a new Dockmaster user. */
  username: string;
  email: string | null;
  /** Only a verified email may link to an existing account. */
  emailVerified: boolean;
  groups: string[];
}

/** Why a sign-in through a provider was refused: the audit trail records `reason`. */
export class SsoRefusal extends AppError {
  constructor(readonly reason: string) {
    super("UNAUTHORIZED", reason);
  }
}

const USERNAME = /[^a-zA-Z0-9._@-]/g;

/** A free username from the provider's proposal (characters outside the allowed set become "-"). */
async function freeUsername(db: Db, proposed: string): Promise<string> {
  const base = (proposed.replace(USERNAME, "-").slice(0, 56) || "user").replace(/^[-.]+/, "") || "user";
  for (let n = 0; n < 50; n++) {
    const name = n === 0 ? base : `${base}-${n + 1}`;
    if (!(await db.user.findUnique({ where: { username: name }, select: { id: true } }))) return name;
  }
  throw new SsoRefusal("no free username for this account");
}

/** The linked user, a local account linked by verified email (if allowed), or a new one (if allowed). */
async function findOrCreateUser(db: Db, provider: StoredProvider, who: ExternalIdentity): Promise<string> {
  const link = await db.externalIdentity.findUnique({ where: { providerId_subject: { providerId: provider.id, subject: who.subject } }, select: { userId: true } });
  if (link) return link.userId;
  const { config } = provider;
  if (config.linkByVerifiedEmail && who.email && who.emailVerified) {
    const email = who.email.toLowerCase();
    const local = await db.user.findFirst({ where: { OR: [{ email }, { username: email }] }, select: { id: true } });
    if (local) {
      await db.externalIdentity.create({ data: { providerId: provider.id, subject: who.subject, userId: local.id } });
      return local.id;
    }
  }
  if (!config.allowJit) throw new SsoRefusal("no Dockmaster account for this identity (just-in-time accounts are off)");
  const username = await freeUsername(db, who.username);
  // No usable password: this user signs in through the provider only ("" never verifies).
  const user = await db.user.create({ data: { username, passwordHash: "", email: who.emailVerified ? who.email?.toLowerCase() : null }, select: { id: true } });
  await db.externalIdentity.create({ data: { providerId: provider.id, subject: who.subject, userId: user.id } });
  return user.id;
}

/**
 * Admits a user the provider vouched for, or refuses (SsoRefusal, with the reason). A disabled
 * user stays out whatever the provider says; the teams the provider's mappings name are rebuilt
 * from this sign-in's groups. The caller notifies open sockets when `teams.changed`.
 */
export async function admitExternalUser(db: Db, provider: StoredProvider, who: ExternalIdentity) {
  if (provider.config.requireMappedGroup && !(await mapsToATeam(db, provider.id, who.groups))) throw new SsoRefusal("no allowed group: none of this user's groups maps to a team");
  const userId = await findOrCreateUser(db, provider, who);
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, username: true, disabledAt: true } });
  if (user.disabledAt) throw new SsoRefusal("disabled user");
  const teams = await syncMappedTeams(db, provider.id, user.id, who.groups);
  await db.externalIdentity.update({ where: { providerId_subject: { providerId: provider.id, subject: who.subject } }, data: { lastSignInAt: new Date() } });
  return { userId: user.id, username: user.username, teams };
}
