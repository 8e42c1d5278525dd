import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 256-bit random token, URL-safe. Used for session ids, enrollment tokens and agent secrets. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * High-entropy tokens are stored as SHA-256: a slow hash adds nothing against 256-bit guesses and
 * would cost every request. Passwords (low entropy) use argon2id instead (auth/passwords.ts).
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function tokenMatches(token: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashToken(token), "hex");
  const expected = Buffer.from(expectedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
