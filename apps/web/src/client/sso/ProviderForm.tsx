"use client";
import { useState, type FormEvent } from "react";
import { SelectField, TextField } from "../components/forms";
import { Button } from "../components/ui";
import { EMPTY, type FormValues } from "./provider-form-model";

/** Creates or edits an identity provider: OpenID Connect or LDAP settings, and who may come in. */
export function ProviderForm({ initial, hasSecret, pending, submitLabel, onSubmit, onCancel }: {
  initial?: FormValues;
  hasSecret?: boolean;
  pending: boolean;
  submitLabel: string;
  onSubmit: (values: FormValues) => void;
  onCancel?: () => void;
}) {
  const [v, setV] = useState<FormValues>(initial ?? EMPTY);
  const text = (key: keyof FormValues) => ({ value: String(v[key]), onChange: (e: { target: { value: string } }) => setV({ ...v, [key]: e.target.value }) });
  const toggle = (key: keyof FormValues, label: string) => (
    <label className="flex items-center gap-2 text-sm text-zinc-300">
      <input type="checkbox" checked={Boolean(v[key])} onChange={(e) => setV({ ...v, [key]: e.target.checked })} />
      {label}
    </label>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(v);
  };
  const secretLabel = v.kind === "oidc" ? "Client secret" : "Bind password";
  return (
    <form onSubmit={submit} className="space-y-3 rounded border border-zinc-800 p-4" data-testid="provider-form">
      <div className="grid gap-3 sm:grid-cols-2">
        {!initial && (
          <SelectField label="Kind" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as FormValues["kind"] })}>
            <option value="oidc">OpenID Connect</option>
            <option value="ldap">LDAP / Active Directory</option>
          </SelectField>
        )}
        <TextField label="Provider name" {...text("name")} required />
        {v.kind === "oidc" ? (
          <>
            <TextField label="Issuer URL" placeholder="https://idp.example.com/realms/corp" {...text("issuer")} required />
            <TextField label="Client ID" {...text("clientId")} required />
            <TextField label="Scopes" {...text("scopes")} />
            <TextField label="Groups claim" {...text("groupsClaim")} />
            <TextField label="Username claim" {...text("usernameClaim")} />
          </>
        ) : (
          <>
            <TextField label="Server URL" placeholder="ldaps://ldap.example.com:636" {...text("url")} required />
            <TextField label="Bind DN" placeholder="cn=reader,dc=example,dc=com" {...text("bindDn")} />
            <TextField label="User base DN" {...text("userBase")} required />
            <TextField label="User filter" {...text("userFilter")} />
            <TextField label="Username attribute" {...text("usernameAttr")} />
            <TextField label="Email attribute" {...text("emailAttr")} />
            <TextField label="Group base DN" {...text("groupBase")} />
            <TextField label="Group filter" {...text("groupFilter")} />
            <TextField label="Group name attribute" {...text("groupNameAttr")} />
          </>
        )}
        <TextField label={secretLabel} type="password" autoComplete="new-password" placeholder={hasSecret ? "set — leave empty to keep it" : ""} {...text("secret")} />
      </div>
      {v.kind === "ldap" && (
        <label className="block text-xs text-zinc-400">
          CA certificate (PEM) for LDAPS / StartTLS
          <textarea aria-label="CA certificate" value={v.caCert} onChange={(e) => setV({ ...v, caCert: e.target.value })} rows={3} className="mt-1 block w-full rounded border border-zinc-700 bg-zinc-950 px-2.5 py-1.5 font-mono text-xs" />
        </label>
      )}
      <div className="grid gap-1.5 sm:grid-cols-2">
        {toggle("enabled", "Enabled")}
        {toggle("allowJit", "Create users on first sign-in")}
        {toggle("linkByVerifiedEmail", "Link existing accounts by verified email")}
        {toggle("requireMappedGroup", "Refuse users with no mapped group")}
        {v.kind === "oidc" && toggle("autoRedirect", "Go straight to this provider from the login page")}
        {v.kind === "ldap" && toggle("startTls", "StartTLS on ldap://")}
      </div>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending}>{submitLabel}</Button>
        {onCancel && <Button type="button" onClick={onCancel}>Cancel</Button>}
      </div>
    </form>
  );
}
