import type { Db } from "@dockmaster/db";
import type { Actor } from "../authz/can";
import { actorFor, authenticate } from "../auth/users";
import type { SecretBox } from "../secret-box";
import { AppError } from "../errors";
import { admitExternalUser } from "./external-sign-in";
import { authenticateAgainstDirectories } from "./ldap";

/**
 * The login form's check: a local account with a password signs in locally; any other name (a
 * user the directory created, or one Dockmaster does not know yet) is checked against the enabled
 * LDAP directories, which also rebuild the user's mapped teams. `teamsChanged`: open sockets
 * must re-read access.
 */
export async function authenticateWithPassword(db: Db, secrets: SecretBox, username: string, password: string): Promise<{ actor: Actor; via: string; teamsChanged: boolean; teams?: unknown }> {
  const local = await db.user.findUnique({ where: { username }, select: { passwordHash: true, identities: { select: { provider: { select: { kind: true } } } } } });
  const directoryUser = !local || !local.passwordHash || local.identities.some((i) => i.provider.kind === "ldap");
  const directories = directoryUser ? await db.identityProvider.count({ where: { kind: "ldap", enabled: true } }) : 0;
  if (directories === 0) return { actor: await authenticate(db, username, password), via: "local", teamsChanged: false };
  const found = await authenticateAgainstDirectories(db, secrets, username, password);
  if (!found) throw new AppError("UNAUTHORIZED", "invalid username or password");
  const admitted = await admitExternalUser(db, found.provider, found.identity);
  const actor = await actorFor(db, admitted.userId);
  if (!actor) throw new AppError("UNAUTHORIZED", "invalid username or password");
  return { actor, via: `ldap:${found.provider.name}`, teamsChanged: admitted.teams.changed, teams: admitted.teams };
}
