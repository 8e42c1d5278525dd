import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from "node:crypto";

/**
 * The secret key in a backup. Without the key a restored install cannot open what it sealed (TOTP
 * seeds, registry passwords, direct-engine certificates) nor check its audit anchors. It is NOT
 * stored in clear: backups are copied to places less guarded than the server, and the key in
 * clear next to the database would open every sealed secret in it. So a backup either carries
 * the key encrypted with a passphrase the operator keeps (scrypt → AES-256-GCM), or only the
 * key's fingerprint, and the restore needs the key itself (DOCKMASTER_SECRET_KEY or the key file).
 */
export const keyFingerprint = (key: Buffer) => createHash("sha256").update("dockmaster-secret-key:").update(key).digest("hex").slice(0, 32);

export interface SealedKey {
  kdf: "scrypt";
  salt: string;
  iv: string;
  tag: string;
  key: string;
}

const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export function sealKey(key: Buffer, passphrase: string): SealedKey {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", scryptSync(passphrase, salt, 32, SCRYPT), iv);
  const sealed = Buffer.concat([cipher.update(key), cipher.final()]);
  return { kdf: "scrypt", salt: salt.toString("base64"), iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), key: sealed.toString("base64") };
}

export function openKey(sealed: SealedKey, passphrase: string): Buffer {
  const decipher = createDecipheriv("aes-256-gcm", scryptSync(passphrase, Buffer.from(sealed.salt, "base64"), 32, SCRYPT), Buffer.from(sealed.iv, "base64"));
  decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.key, "base64")), decipher.final()]);
  } catch {
    throw new Error("the backup passphrase is wrong (the secret key in the backup cannot be opened)");
  }
}
