import type { Db } from "@dockmaster/db";
import type { RegistryLogin } from "@dockmaster/protocol";
import { AppError } from "../errors";
import type { SecretBox } from "../secret-box";
import { engineServerAddress, normalizeRegistryHost, registryHostOfImage } from "./registry-host";

/**
 * Registry credentials: the password is sealed with the server's SecretBox at rest, never listed
 * (not even sealed), and opened only to hand one engine call its X-Registry-Auth / POST /auth body.
 * An open registry is stored without a login (username and sealed password both empty): it is
 * known by name, and pulls and pushes to it carry no auth.
 */

/** Every column but the sealed password: what lists and mutations return. */
const VIEW = { id: true, name: true, serverAddress: true, host: true, username: true, createdById: true, createdAt: true, updatedAt: true } as const;

export interface RegistryCredentialInput {
  name: string;
  serverAddress: string;
  /** Both or neither (an open registry). */
  username?: string;
  password?: string;
}

const BOTH_OR_NEITHER = "give both a username and a password, or neither (an open registry)";

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
  if (Boolean(input.username) !== Boolean(input.password)) throw new AppError("BAD_REQUEST", BOTH_OR_NEITHER);
  await assertUnique(db, { name: input.name, host });
  const login = input.username && input.password ? { username: input.username, passwordSealed: box.seal(input.password) } : { username: "", passwordSealed: "" };
  return db.registryCredential.create({
    data: { name: input.name, serverAddress: input.serverAddress, host, ...login, createdById },
    select: VIEW,
  });
}

async function existing(db: Db, id: string) {
  const row = await db.registryCredential.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", `registry credential ${id} not found`);
  return row;
}

/**
 * Changes the given fields; the password only when a new one is given. `username: ""` drops the
 * login (the registry becomes open); an open registry gets one only with both fields.
 */
export async function updateRegistryCredential(db: Db, box: SecretBox, id: string, patch: Partial<RegistryCredentialInput>) {
  const row = await existing(db, id);
  const host = patch.serverAddress === undefined ? undefined : normalizeRegistryHost(patch.serverAddress);
  const dropLogin = patch.username === "";
  const username = patch.username ?? row.username;
  const hasPassword = patch.password !== undefined || (!dropLogin && row.passwordSealed !== "");
  if ((username === "") === hasPassword) throw new AppError("BAD_REQUEST", BOTH_OR_NEITHER);
  await assertUnique(db, { name: patch.name, host }, id);
  return db.registryCredential.update({
    where: { id },
    data: { name: patch.name, serverAddress: patch.serverAddress, host, username: patch.username, passwordSealed: dropLogin ? "" : patch.password === undefined ? undefined : box.seal(patch.password) },
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
  const row = await existing(db, id);
  if (row.username === "") throw new AppError("BAD_REQUEST", `registry credential ${row.name} has no login (an open registry): there is nothing to test; pulls and pushes to ${row.host} go without credentials`);
  return opened(box, row);
}

/**
 * The decrypted `{ username, password, serveraddress }` for the registry an image reference lives
 * in (e.g. "10.0.0.1:5000/team/app:1" → the credential for 10.0.0.1:5000; "busybox" → docker.io),
 * or null when none is stored. For pull and push streams: pass it as the engine's registry auth.
 */
export async function registryAuthFor(db: Db, secrets: SecretBox, imageRef: string): Promise<RegistryLogin | null> {
  const row = await db.registryCredential.findUnique({ where: { host: registryHostOfImage(imageRef) } });
  return row && row.username !== "" ? opened(secrets, row) : null;
}
