/**
 * The provider form's values (strings and switches, as inputs hold them) and the procedure input
 * they become. Secrets are write-only: the form starts empty, and an empty field keeps the
 * stored secret.
 */
export type Kind = "oidc" | "ldap";

export interface FormValues {
  kind: Kind;
  name: string;
  enabled: boolean;
  secret: string;
  allowJit: boolean;
  linkByVerifiedEmail: boolean;
  requireMappedGroup: boolean;
  // OpenID Connect
  issuer: string;
  clientId: string;
  scopes: string;
  groupsClaim: string;
  usernameClaim: string;
  autoRedirect: boolean;
  // LDAP
  url: string;
  startTls: boolean;
  caCert: string;
  bindDn: string;
  userBase: string;
  userFilter: string;
  usernameAttr: string;
  emailAttr: string;
  groupBase: string;
  groupFilter: string;
  groupNameAttr: string;
}

export const EMPTY: FormValues = {
  kind: "oidc",
  name: "",
  enabled: true,
  secret: "",
  allowJit: true,
  linkByVerifiedEmail: false,
  requireMappedGroup: false,
  issuer: "",
  clientId: "",
  scopes: "openid profile email groups",
  groupsClaim: "groups",
  usernameClaim: "preferred_username",
  autoRedirect: false,
  url: "",
  startTls: false,
  caCert: "",
  bindDn: "",
  userBase: "",
  userFilter: "(uid={username})",
  usernameAttr: "uid",
  emailAttr: "mail",
  groupBase: "",
  groupFilter: "(|(member={dn})(uniqueMember={dn})(memberUid={username}))",
  groupNameAttr: "cn",
};

/** A stored provider (as sso.providers lists it) in the form. */
export function valuesOf(provider: { kind: Kind; name: string; enabled: boolean; config: Record<string, unknown> }): FormValues {
  const merged: Record<string, unknown> = { ...EMPTY, kind: provider.kind, name: provider.name, enabled: provider.enabled, secret: "" };
  for (const [key, value] of Object.entries(provider.config)) if (key in EMPTY && (typeof value === "string" || typeof value === "boolean")) merged[key] = value;
  return merged as unknown as FormValues;
}

const pick = <K extends keyof FormValues>(v: FormValues, keys: K[]) => Object.fromEntries(keys.map((k) => [k, v[k]])) as Pick<FormValues, K>;

/** The sso.saveProvider input: only the kind's own settings; the secret only when typed. */
export function toInput(v: FormValues, id?: string) {
  const common = pick(v, ["allowJit", "linkByVerifiedEmail", "requireMappedGroup"]);
  const secret = v.secret ? { secret: v.secret } : {};
  const base = { ...(id ? { id } : {}), name: v.name.trim(), enabled: v.enabled, ...secret };
  return v.kind === "oidc"
    ? { ...base, kind: "oidc" as const, config: { ...common, ...pick(v, ["issuer", "clientId", "scopes", "groupsClaim", "usernameClaim", "autoRedirect"]) } }
    : { ...base, kind: "ldap" as const, config: { ...common, ...pick(v, ["url", "startTls", "caCert", "bindDn", "userBase", "userFilter", "usernameAttr", "emailAttr", "groupBase", "groupFilter", "groupNameAttr"]) } };
}
