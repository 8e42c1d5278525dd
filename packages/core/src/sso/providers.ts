import { z } from "zod";
import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import type { SecretBox } from "../secret-box";

/**
 * Identity providers an admin configures: OpenID Connect (a button on the login page) and LDAP /
 * Active Directory (the login form's username and password). Settings are JSON in
 * IdentityProvider.config and never hold a secret; the client secret or bind password is sealed
 * (SecretBox) in secretSealed and never leaves the server.
 */

/** What every kind shares: who may come in and how their teams follow the provider's groups. */
const Common = {
  /** Create a Dockmaster user on a first sign-in (just-in-time). Off: only users already linked (or linked by email) get in. */
  allowJit: z.boolean().default(true),
  /** Link a first sign-in to the local account whose email or username is the provider's VERIFIED email. */
  linkByVerifiedEmail: z.boolean().default(false),
  /** Refuse a sign-in whose groups map to no team ("no allowed group"). */
  requireMappedGroup: z.boolean().default(false),
};

const HttpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(500);
const ClaimName = z.string().trim().min(1).max(100).regex(/^[\w.:/-]+$/, "a claim name may contain letters, digits and . _ : / -");

export const OidcConfig = z.strictObject({
  ...Common,
  /** Issuer URL: discovery at <issuer>/.well-known/openid-configuration (with or without a trailing slash). */
  issuer: HttpUrl,
  clientId: z.string().trim().min(1).max(200),
  scopes: z.string().trim().max(300).regex(/^[\w.:/ -]*$/, "scopes are words separated by spaces").default("openid profile email groups"),
  groupsClaim: ClaimName.default("groups"),
  usernameClaim: ClaimName.default("preferred_username"),
  /** The login page goes straight to this provider (a local admin still signs in at /login?local). */
  autoRedirect: z.boolean().default(false),
});
export type OidcConfig = z.infer<typeof OidcConfig>;

const LdapAttr = z.string().trim().min(1).max(100).regex(/^[\w-]+$/, "an attribute name may contain letters, digits, _ and -");
const Dn = z.string().trim().max(500);
/** A search filter with {username} (and, for groups, {dn}) placeholders; values are escaped (RFC 4515). */
const FilterTemplate = z.string().trim().min(3).max(500).regex(/^\(.*\)$/, "a filter is wrapped in parentheses");

export const LdapConfig = z.strictObject({
  ...Common,
  url: z.string().trim().max(500).regex(/^ldaps?:\/\/[^\s/]+\/?$/, "must be ldap://host:port or ldaps://host:port"),
  /** Upgrade ldap:// with StartTLS before binding. */
  startTls: z.boolean().default(false),
  /** PEM CA certificate(s) the server's certificate must chain to (LDAPS / StartTLS). Empty: the system's CAs. */
  caCert: z.string().max(20_000).default(""),
  /** The service account that searches (empty: anonymous search). */
  bindDn: Dn.default(""),
  userBase: Dn.min(1),
  userFilter: FilterTemplate.default("(uid={username})"),
  usernameAttr: LdapAttr.default("uid"),
  emailAttr: LdapAttr.default("mail"),
  groupBase: Dn.default(""),
  /** {dn}: the user's entry; {username}: the name typed. */
  groupFilter: FilterTemplate.default("(|(member={dn})(uniqueMember={dn})(memberUid={username}))"),
  groupNameAttr: LdapAttr.default("cn"),
});
export type LdapConfig = z.infer<typeof LdapConfig>;

export type ProviderKind = "oidc" | "ldap";
export interface StoredProvider<C = OidcConfig | LdapConfig> {
  id: string;
  kind: ProviderKind;
  name: string;
  enabled: boolean;
  config: C;
  /** The opened secret (client secret / bind password), or null when none is set. */
  secret: string | null;
}

function parseConfig(kind: string, json: string): OidcConfig | LdapConfig {
  const raw: unknown = JSON.parse(json);
  return kind === "oidc" ? OidcConfig.parse(raw) : LdapConfig.parse(raw);
}

type Row = { id: string; kind: string; name: string; enabled: boolean; config: string; secretSealed: string | null };

function open(secrets: SecretBox, row: Row): StoredProvider {
  return { id: row.id, kind: row.kind as ProviderKind, name: row.name, enabled: row.enabled, config: parseConfig(row.kind, row.config), secret: row.secretSealed ? secrets.open(row.secretSealed) : null };
}

export async function getProvider(db: Db, secrets: SecretBox, id: string): Promise<StoredProvider> {
  const row = await db.identityProvider.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", `identity provider ${id} not found`);
  return open(secrets, row);
}

export async function enabledProviders(db: Db, secrets: SecretBox, kind: ProviderKind): Promise<StoredProvider[]> {
  const rows = await db.identityProvider.findMany({ where: { kind, enabled: true }, orderBy: { name: "asc" } });
  return rows.map((r) => open(secrets, r));
}

/** The admin's view: settings and mappings, and only whether a secret is set (never the secret). */
export async function listProviders(db: Db) {
  const rows = await db.identityProvider.findMany({ orderBy: { name: "asc" }, include: { mappings: { include: { team: { select: { id: true, name: true } } }, orderBy: { group: "asc" } } } });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as ProviderKind,
    name: r.name,
    enabled: r.enabled,
    config: parseConfig(r.kind, r.config),
    hasSecret: Boolean(r.secretSealed),
    mappings: r.mappings.map((m) => ({ id: m.id, group: m.group, team: m.team })),
  }));
}

/** What the login page needs: the enabled OpenID providers' buttons, and the one to go to straight away. */
export async function loginOptions(db: Db) {
  const rows = await db.identityProvider.findMany({ where: { enabled: true }, orderBy: { name: "asc" }, select: { id: true, kind: true, name: true, config: true } });
  const oidc = rows.filter((r) => r.kind === "oidc").map((r) => ({ id: r.id, name: r.name, autoRedirect: OidcConfig.parse(JSON.parse(r.config)).autoRedirect }));
  return { oidc: oidc.map(({ id, name }) => ({ id, name })), redirectTo: oidc.find((p) => p.autoRedirect)?.id ?? null, ldap: rows.some((r) => r.kind === "ldap") };
}

export interface ProviderInput {
  kind: ProviderKind;
  name: string;
  enabled: boolean;
  config: OidcConfig | LdapConfig;
  /** undefined: keep the stored one; "": remove it; otherwise: replace it. */
  secret?: string;
}

/** Creates (no id) or updates a provider; the secret is sealed, never stored or returned in clear. */
export async function saveProvider(db: Db, secrets: SecretBox, input: ProviderInput, id?: string) {
  const config = input.kind === "oidc" ? OidcConfig.parse(input.config) : LdapConfig.parse(input.config);
  const clash = await db.identityProvider.findUnique({ where: { name: input.name }, select: { id: true } });
  if (clash && clash.id !== id) throw new AppError("CONFLICT", `an identity provider named ${input.name} already exists`);
  if (input.kind === "oidc" && (config as OidcConfig).autoRedirect) {
    const others = await db.identityProvider.findMany({ where: { kind: "oidc", ...(id ? { id: { not: id } } : {}) }, select: { name: true, config: true } });
    const straight = others.find((o) => OidcConfig.parse(JSON.parse(o.config)).autoRedirect);
    if (straight) throw new AppError("CONFLICT", `the login page already goes straight to ${straight.name}: turn that off first`);
  }
  const secretSealed = input.secret === undefined ? undefined : input.secret === "" ? null : secrets.seal(input.secret);
  const data = { name: input.name, enabled: input.enabled, config: JSON.stringify(config), ...(secretSealed === undefined ? {} : { secretSealed }) };
  if (!id) return db.identityProvider.create({ data: { kind: input.kind, ...data }, select: { id: true, name: true } });
  const existing = await db.identityProvider.findUnique({ where: { id }, select: { kind: true } });
  if (!existing) throw new AppError("NOT_FOUND", `identity provider ${id} not found`);
  if (existing.kind !== input.kind) throw new AppError("BAD_REQUEST", "a provider's kind cannot change: create a new one");
  return db.identityProvider.update({ where: { id }, data, select: { id: true, name: true } });
}

export async function deleteProvider(db: Db, id: string) {
  const row = await db.identityProvider.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!row) throw new AppError("NOT_FOUND", `identity provider ${id} not found`);
  await db.$transaction([db.session.deleteMany({ where: { ssoProviderId: id } }), db.identityProvider.delete({ where: { id } })]);
  return row;
}
