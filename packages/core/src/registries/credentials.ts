import type { Db } from "@dockmaster/db";
import type { RegistryLogin } from "@dockmaster/protocol";
import { AppError } from "../errors";
import type { SecretBox } from "../secret-box";
import { engineServerAddress, normalizeRegistryHost, registryHostOfImage } from "./registry-host";

/**
 * Registry credentials: the password is sealed with the server's SecretBox at rest, never listed
 * (not even sealed), and opened only to hand one engine call its X-Registry-Auth / POST /auth body.
 */

/** Every column but the sealed password: what lists and mutations return. */
const VIEW = { id: true, name: true, serverAddress: true, host: true, username: true, createdById: true, createdAt: true, updatedAt: true } as const;

export interface RegistryCredentialInput {
  name: string;
  serverAddress: string;
  username: string;
  password: string;
}

export function listRegistryCredentials(db: Db) {
  return db.registryCredential.findMany({ select: VIEW, orderBy: { name: "asc" } });
}

/** One credential per name and per registry host: the host is what image references are matched on. */
async function assertUnique(db: Db, fields: { name?: string; host?: string }, exceptId?: string) {
  const clash = await db.registryCredential.findFirst({
    where: { OR: [...(fields.name ? [{ name: fields.name }] : []), ...(fields.host ? [{ host: fields.host }] : [])], ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { name: true, host: true },
  });
  if (!clash) return;
  if (clash.name === fields.name) throw new AppError("CONFLICT", `a registry credential named ${fields.name} already exists`);
  throw new AppError("CONFLICT", `registry ${clash.host} already has credentials (${clash.name}): edit those instead`);
}

export async function createRegistryCredential(db: Db, box: SecretBox, input: RegistryCredentialInput, createdById: string | null) {
  const host = normalizeRegistryHost(input.serverAddress);
  await assertUnique(db, { name: input.name, host });
  return db.registryCredential.create({
    data: { name: input.name, serverAddress: input.serverAddress, host, username: input.username, passwordSealed: box.seal(input.password), createdById },
    select: VIEW,
  });
}

async function existing(db: Db, id: string) {
  const row = await db.registryCredential.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", `registry credential ${id} not found`);
  return row;
}

/** Changes the given fields; the password only when a new one is given. */
export async function updateRegistryCredential(db: Db, box: SecretBox, id: string, patch: Partial<RegistryCredentialInput>) {
  await existing(db, id);
  const host = patch.serverAddress === undefined ? undefined : normalizeRegistryHost(patch.serverAddress);
  await assertUnique(db, { name: patch.name, host }, id);
  return db.registryCredential.update({
    where: { id },
    data: { name: patch.name, serverAddress: patch.serverAddress, host, username: patch.username, passwordSealed: patch.password === undefined ? undefined : box.seal(patch.password) },
    select: VIEW,
  });
}

export async function deleteRegistryCredential(db: Db, id: string) {
  const row = await existing(db, id);
  await db.registryCredential.delete({ where: { id } });
  return { id: row.id, name: row.name };
}

function opened(box: SecretBox, row: { name: string; host: string; username: string; passwordSealed: string }): RegistryLogin {
  const password = box.open(row.passwordSealed);
  if (password === null) throw new AppError("PRECONDITION_FAILED", `the password of registry credential ${row.name} cannot be decrypted (sealed under another secret key?): enter it again`);
  return { username: row.username, password, serveraddress: engineServerAddress(row.host) };
}

/** The decrypted login of one stored credential (for registries.test). */
export async function registryLoginById(db: Db, box: SecretBox, id: string): Promise<RegistryLogin> {
  return opened(box, await existing(db, id));
}

/**
 * The decrypted `{ username, password, serveraddress }` for the registry an image reference lives
 * in (e.g. "10.0.0.1:5000/team/app:1" → the credential for 10.0.0.1:5000; "busybox" → docker.io),
 * or null when none is stored. For pull and push streams: pass it as the engine's registry auth.
 */
export async function registryAuthFor(db: Db, secrets: SecretBox, imageRef: string): Promise<RegistryLogin | null> {
  const row = await db.registryCredential.findUnique({ where: { host: registryHostOfImage(imageRef) } });
  return row ? opened(secrets, row) : null;
}
