import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import { hashToken } from "../secrets";
import type { SecretBox } from "../secret-box";
import { verifyPassword } from "../auth/passwords";
import type { SsoSessionOrigin } from "../auth/sessions";

const ISSUER = "Dockmaster";
const RECOVERY_CODES = 10;
const CHALLENGE_TTL_MS = 5 * 60 * 1000;

const totp = (secret: string, username: string) => new TOTP({ issuer: ISSUER, label: username, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });

/** Step 1: a new seed, kept sealed and inactive until the user proves their app has it. */
export async function beginTotpEnrollment(db: Db, box: SecretBox, userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true, totpEnabledAt: true } });
  if (user.totpEnabledAt) throw new AppError("CONFLICT", "two-factor authentication is already on");
  const secret = new Secret({ size: 20 }).base32;
  await db.user.update({ where: { id: userId }, data: { totpSecret: box.seal(secret) } });
  return { secret, uri: totp(secret, user.username).toString() };
}

/** Step 2: a correct code turns it on and yields one-time recovery codes (stored hashed). */
export async function confirmTotpEnrollment(db: Db, box: SecretBox, userId: string, code: string): Promise<string[]> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true, totpSecret: true, totpEnabledAt: true } });
  const secret = user.totpSecret ? box.open(user.totpSecret) : null;
  if (!secret || user.totpEnabledAt) throw new AppError("BAD_REQUEST", "start two-factor enrollment first");
  if (totp(secret, user.username).validate({ token: code, window: 1 }) === null) throw new AppError("BAD_REQUEST", "that code is not correct; check the time on your device");
  const codes = Array.from({ length: RECOVERY_CODES }, () => randomBytes(5).toString("hex"));
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { totpEnabledAt: new Date(), totpLastStep: Math.floor(Date.now() / 30_000) } }),
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashToken(c) })) }),
  ]);
  return codes;
}

export async function disableTotp(db: Db, userId: string, password: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, password))) throw new AppError("FORBIDDEN", "the current password is not correct");
  await db.$transaction([db.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } }), db.recoveryCode.deleteMany({ where: { userId } })]);
}

/** A current TOTP code, or an unused recovery code (which is then spent). */
export async function verifySecondFactor(db: Db, box: SecretBox, userId: string, code: string): Promise<boolean> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true, totpSecret: true } });
  const secret = user.totpSecret ? box.open(user.totpSecret) : null;
  const cleaned = code.replace(/\s+/g, "");
  const delta = secret && /^\d{6}$/.test(cleaned) ? totp(secret, user.username).validate({ token: cleaned, window: 1 }) : null;
  if (delta !== null) {
    // Each code works once: only a time step later than the last accepted one counts.
    const step = Math.floor(Date.now() / 30_000) + delta;
    const accepted = await db.user.updateMany({ where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] }, data: { totpLastStep: step } });
    return accepted.count === 1;
  }
  const spent = await db.recoveryCode.updateMany({ where: { userId, codeHash: hashToken(cleaned.toLowerCase()), usedAt: null }, data: { usedAt: new Date() } });
  return spent.count === 1;
}

/**
 * The first step's proof (a password, or an OpenID provider's sign-in), sealed, for the code step
 * that must follow within five minutes. `sso` carries the provider's link into the session the code
 * step opens, so signing out still ends the provider's session.
 */
export function issueLoginChallenge(box: SecretBox, userId: string, sso?: SsoSessionOrigin): string {
  return box.seal(JSON.stringify({ userId, exp: Date.now() + CHALLENGE_TTL_MS, ...(sso ? { sso } : {}) }));
}

export function openLoginChallenge(box: SecretBox, challenge: string): { userId: string; sso?: SsoSessionOrigin } {
  const text = box.open(challenge);
  const parsed = text ? (JSON.parse(text) as { userId?: unknown; exp?: unknown; sso?: unknown }) : null;
  if (!parsed || typeof parsed.userId !== "string" || typeof parsed.exp !== "number" || parsed.exp < Date.now()) {
    throw new AppError("UNAUTHORIZED", "the sign-in attempt expired; enter your password again");
  }
  return { userId: parsed.userId, ...(isSsoOrigin(parsed.sso) ? { sso: parsed.sso } : {}) };
}

const isSsoOrigin = (value: unknown): value is SsoSessionOrigin =>
  typeof value === "object" && value !== null && typeof (value as SsoSessionOrigin).providerId === "string" && ["string", "object"].includes(typeof (value as SsoSessionOrigin).idTokenSealed);
