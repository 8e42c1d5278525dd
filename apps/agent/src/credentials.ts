import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";

export const Credentials = z.object({ hostId: z.string().min(1), secret: z.string().min(1) });
export type Credentials = z.infer<typeof Credentials>;

/**
 * Where an agent keeps its per-host secret: a 0600 file for an agent on its own host; sealed in
 * the database for an engine the control plane reaches itself (direct engines).
 */
export interface CredentialStore {
  /** The stored credentials, or null before enrollment. */
  load(): Promise<Credentials | null>;
  save(credentials: Credentials): Promise<void>;
  /** Where they are, for logs (never the secret). */
  readonly description: string;
}

/** The per-host secret, kept on disk readable by the agent's user only (0600). */
export async function loadCredentials(path: string): Promise<Credentials | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return null;
  }
  const parsed = Credentials.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`credentials file ${path} is corrupt; remove it and enroll again`);
  return parsed.data;
}

export async function saveCredentials(path: string, credentials: Credentials): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.tmp`;
  await writeFile(temp, JSON.stringify(credentials), { mode: 0o600 });
  await rename(temp, path); // atomic: never a half-written secret
}

export function fileCredentials(path: string): CredentialStore {
  return { load: () => loadCredentials(path), save: (c) => saveCredentials(path, c), description: path };
}
