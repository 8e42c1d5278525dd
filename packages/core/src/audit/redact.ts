import { wellFormed } from "./well-formed";

/**
 * What the audit trail never keeps, as one rule applied to every parameter object, at any depth:
 *
 * 1. A SECRET KEY's value is replaced by "[redacted]" whatever it holds (string, number, array,
 *    object). A key is secret when one of its words (camelCase, snake_case, kebab-case split) is a
 *    secret word — password, passphrase, secret, token, credential, auth, cookie, key, signature,
 *    pin, challenge, otp/totp, code — unless its LAST word says it names or counts the secret
 *    rather than holding it (tokenId, keyName, recoveryCodesLeft, passwordChangedAt), or it is a
 *    known non-secret code (exitCode, statusCode, errorCode). So a TOTP `code`, `recoveryCodes`,
 *    a login `challenge`, an invitation `token`, `currentPassword`, a TLS `key` are redacted.
 * 2. An ENVIRONMENT key (env, environment, envVars, buildArgs) keeps its variable NAMES and loses
 *    its values, in every shape env takes: ["K=V"] → ["K=[redacted]"] ("K" alone is kept: it names
 *    a variable, it holds none), [{ name|key, value }] → value redacted, { K: V } → { K: "[redacted]" },
 *    "K=V\nL=W" text → "K=[redacted]\nL=[redacted]".
 * 3. A string holding a PEM private key is redacted wherever it is.
 * Unknown fields are not guessed at beyond this: a secret under an innocent name (a password in a
 * command line) is the caller's to keep out.
 */
export const REDACTED = "[redacted]";

const SECRET_WORDS = new Set([
  "password", "passwords", "passwd", "pwd", "pass", "passphrase", "secret", "secrets", "token", "tokens", "credential", "credentials",
  "auth", "authorization", "cookie", "cookies", "key", "keys", "apikey", "privatekey", "signature", "pin", "challenge", "otp", "totp", "code", "codes",
]);
/** A last word that makes the key name, count or date the secret instead of holding it. */
const DESCRIBING_WORDS = new Set(["id", "ids", "name", "names", "type", "types", "count", "left", "at", "length", "hint", "enabled", "required", "label"]);
const NOT_SECRET_KEYS = new Set(["exitcode", "statuscode", "errorcode"]);
const ENV_KEYS = new Set(["env", "envs", "environment", "envvars", "environmentvariables", "buildargs"]);
export const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function isSecretKey(key: string): boolean {
  const w = words(key);
  if (w.length === 0 || NOT_SECRET_KEYS.has(w.join(""))) return false;
  if (w.length > 1 && DESCRIBING_WORDS.has(w[w.length - 1]!)) return false;
  return w.some((word) => SECRET_WORDS.has(word));
}

export function isEnvKey(key: string): boolean {
  return ENV_KEYS.has(words(key).join(""));
}

/** "K=V" → "K=[redacted]"; a bare "K" names a variable and is kept. */
export function redactAssignment(line: string): string {
  const eq = line.indexOf("=");
  return wellFormed(eq < 0 ? line : `${line.slice(0, eq)}=${REDACTED}`);
}

/** An env value with the values gone and the (well-formed) names kept. */
export function redactEnv(value: unknown): unknown {
  if (typeof value === "string") return value.split("\n").map((line) => (line.trim() === "" || line.trim().startsWith("#") ? wellFormed(line) : line.includes("=") ? redactAssignment(line) : REDACTED)).join("\n");
  if (Array.isArray(value)) {
    return value.map((item) => {
      if (typeof item === "string") return redactAssignment(item);
      if (item && typeof item === "object") {
        const { name, key } = item as Record<string, unknown>;
        return { ...(typeof name === "string" ? { name: wellFormed(name) } : {}), ...(typeof key === "string" ? { key: wellFormed(key) } : {}), value: REDACTED };
      }
      return REDACTED;
    });
  }
  if (value && typeof value === "object") return Object.fromEntries(Object.keys(value).map((k) => [wellFormed(k), REDACTED]));
  return value === undefined || value === null ? value : REDACTED;
}

/** Deep copy of audit parameters with the rule above applied and every string made well-formed, as JSON text. */
export function redactParams(params: unknown): string {
  const seen = new WeakSet<object>();
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return PEM_PRIVATE_KEY.test(value) ? REDACTED : wellFormed(value);
    if (value === null || typeof value !== "object") return value;
    if (seen.has(value)) return "[circular]";
    seen.add(value);
    if (Array.isArray(value)) return value.map(walk);
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [wellFormed(k), isSecretKey(k) ? REDACTED : isEnvKey(k) ? redactEnv(v) : walk(v)]),
    );
  };
  const text = JSON.stringify(walk(params ?? {})) ?? "{}";
  return text.length > 8_000 ? JSON.stringify({ truncated: wellFormed(text.slice(0, 8_000)) }) : text;
}
