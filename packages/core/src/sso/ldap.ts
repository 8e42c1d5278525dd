import { isIP } from "node:net";
import { Client, Filter, InvalidCredentialsError } from "ldapts";
import type { Db } from "@dockmaster/db";
import type { SecretBox } from "../secret-box";
import { enabledProviders, type LdapConfig, type StoredProvider } from "./providers";
import { SsoRefusal, type ExternalIdentity } from "./external-sign-in";

/**
 * LDAP / Active Directory with `ldapts`: the service account (or an anonymous bind) finds the
 * user's entry with the user filter, the user's own bind checks the password, and the group
 * filter lists the groups whose names map to teams. LDAPS or StartTLS verify the server against
 * the configured CA (or the system's).
 */

const TIMEOUT_MS = 5_000;

/** A filter template with its placeholders replaced by escaped values (RFC 4515: no injection). */
export function fillFilter(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? Filter.escape(values[key] ?? "") : whole));
}

function first(value: unknown): string | null {
  const v: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof v === "string") return v;
  return Buffer.isBuffer(v) ? v.toString("utf8") : null;
}

async function connect(config: LdapConfig): Promise<Client> {
  // host: the name the certificate must carry (ldapts would check against "localhost" otherwise).
  const host = new URL(config.url).hostname.replace(/^\[|\]$/g, "");
  const tlsOptions = { ...(config.caCert.trim() ? { ca: [config.caCert] } : {}), host, ...(isIP(host) ? {} : { servername: host }), minVersion: "TLSv1.2" as const };
  // tlsOptions only for ldaps:// (given them, ldapts opens TLS whatever the scheme); StartTLS takes its own.
  const client = new Client({ url: config.url, timeout: TIMEOUT_MS, connectTimeout: TIMEOUT_MS, ...(config.url.startsWith("ldaps://") ? { tlsOptions } : {}) });
  if (config.startTls && config.url.startsWith("ldap://")) await client.startTLS(tlsOptions);
  return client;
}

/** Binds as the service account (or anonymously when none is set). */
async function serviceBind(client: Client, config: LdapConfig, bindPassword: string | null): Promise<void> {
  if (config.bindDn) await client.bind(config.bindDn, bindPassword ?? "");
}

async function findUser(client: Client, config: LdapConfig, username: string) {
  const { searchEntries } = await client.search(config.userBase, { scope: "sub", filter: fillFilter(config.userFilter, { username }), attributes: [config.usernameAttr, config.emailAttr], sizeLimit: 2 });
  if (searchEntries.length !== 1) return null; // none, or ambiguous: never guess which one
  return searchEntries[0] ?? null;
}

async function groupsOf(client: Client, config: LdapConfig, dn: string, username: string): Promise<string[]> {
  const { searchEntries } = await client.search(config.groupBase || config.userBase, { scope: "sub", filter: fillFilter(config.groupFilter, { dn, username }), attributes: [config.groupNameAttr], sizeLimit: 1000 });
  return searchEntries.map((e) => first(e[config.groupNameAttr])).filter((g): g is string => Boolean(g)).sort();
}

function identityOf(config: LdapConfig, entry: { dn: string } & Record<string, unknown>, username: string, groups: string[]): ExternalIdentity {
  const email = first(entry[config.emailAttr]);
  // A directory's mail attribute is maintained by its admins: treated as verified.
  return { subject: entry.dn, username: first(entry[config.usernameAttr]) ?? username, email, emailVerified: Boolean(email), groups };
}

async function withClient<T>(config: LdapConfig, work: (client: Client) => Promise<T>): Promise<T> {
  const client = await connect(config);
  try {
    return await work(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** The test button: what the directory holds for a user (no password needed; the service account searches). */
export async function lookUpLdapUser(provider: StoredProvider<LdapConfig>, username: string) {
  const { config } = provider;
  return withClient(config, async (client) => {
    await serviceBind(client, config, provider.secret);
    const entry = await findUser(client, config, username);
    if (!entry) return { found: false as const, dn: null, email: null, groups: [] };
    const groups = await groupsOf(client, config, entry.dn, username);
    return { found: true as const, dn: entry.dn, email: first(entry[config.emailAttr]), username: first(entry[config.usernameAttr]), groups };
  });
}

/**
 * Checks a username and password against one directory: the identity (with groups), or null when
 * the directory does not know the user or the password is wrong. Other failures (unreachable,
 * bad service account) throw.
 */
export async function authenticateLdap(provider: StoredProvider<LdapConfig>, username: string, password: string): Promise<ExternalIdentity | null> {
  const { config } = provider;
  if (!password) return null; // an empty password would be an unauthenticated bind that "succeeds"
  return withClient(config, async (client) => {
    await serviceBind(client, config, provider.secret);
    const entry = await findUser(client, config, username);
    if (!entry) return null;
    try {
      await client.bind(entry.dn, password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return null;
      throw error;
    }
    // Groups are read with the service account's rights (the user's may not see group entries).
    await serviceBind(client, config, provider.secret);
    return identityOf(config, entry, username, await groupsOf(client, config, entry.dn, username));
  });
}

/** Tries each enabled directory in name order: the first that knows the user and accepts the password. */
export async function authenticateAgainstDirectories(db: Db, secrets: SecretBox, username: string, password: string) {
  for (const provider of await enabledProviders(db, secrets, "ldap")) {
    const ldap = provider as StoredProvider<LdapConfig>;
    let identity: ExternalIdentity | null;
    try {
      identity = await authenticateLdap(ldap, username, password);
    } catch {
      // The anonymous caller learns no address or TLS detail; an admin's Test button shows it.
      throw new SsoRefusal(`the directory ${provider.name} cannot be reached; try again later`);
    }
    if (identity) return { provider: ldap, identity };
  }
  return null;
}
