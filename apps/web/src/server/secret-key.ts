import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The key as loadSecretKey would find it, without creating one (backups: no key, no backup). */
export function existingSecretKey(dataDir: string, fromEnv: string | undefined): Buffer | undefined {
  if (fromEnv) return Buffer.from(fromEnv, "base64");
  try {
    return Buffer.from(readFileSync(join(dataDir, "secret.key"), "utf8").trim(), "base64");
  } catch {
    return undefined;
  }
}

/**
 * The server's 32-byte secret key: DOCKMASTER_SECRET_KEY (base64) when set — required to be the
 * same on every instance of a scale-out install — else a key file created once in the data dir.
 */
export function loadSecretKey(dataDir: string, fromEnv: string | undefined): Buffer {
  if (fromEnv) {
    const key = Buffer.from(fromEnv, "base64");
    if (key.length !== 32) throw new Error("DOCKMASTER_SECRET_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)");
    return key;
  }
  const path = join(dataDir, "secret.key");
  try {
    const key = Buffer.from(readFileSync(path, "utf8").trim(), "base64");
    // A key file made readable by others (a copy, a restore) is made private again.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return key;
  } catch {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    writeFileSync(path, key.toString("base64"), { mode: 0o600, flag: "wx" });
    return key;
  }
}
