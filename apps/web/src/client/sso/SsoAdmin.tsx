"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Section } from "../components/forms";
import { Badge, Button, ErrorBanner } from "../components/ui";
import { useGlobalPermissions } from "../permissions";
import { GroupMappings } from "./GroupMappings";
import { LdapTest } from "./LdapTest";
import { ProviderForm } from "./ProviderForm";
import { toInput, valuesOf } from "./provider-form-model";

/** Identity providers (OpenID Connect, LDAP), their group → team mappings and the LDAP test button. */
export function SsoAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const may = useGlobalPermissions();
  const list = useQuery(trpc.sso.providers.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.sso.providers.pathFilter());
  const save = useMutation(trpc.sso.saveProvider.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.sso.deleteProvider.mutationOptions({ onSuccess: refresh }));
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const error = list.error ?? save.error ?? remove.error;

  return (
    <div className="space-y-6">
      {error && <ErrorBanner message={error.message} />}
      <Section title="Single sign-on">
        <p className="max-w-3xl text-sm text-zinc-400">
          Register Dockmaster at your OpenID provider with the callback URL <code className="rounded bg-zinc-800 px-1.5 text-zinc-200" data-testid="sso-callback-url">{list.data?.callbackUrl ?? "…"}</code>{" "}
          and the post-logout URL <code className="rounded bg-zinc-800 px-1.5 text-zinc-200">{list.data?.callbackUrl ? list.data.callbackUrl.replace(/\/api\/sso\/callback$/, "/login") : "…"}</code>. With
          “go straight to this provider” on, a local admin still signs in at <code className="rounded bg-zinc-800 px-1.5">/login?local</code>.
        </p>
        {adding ? (
          <ProviderForm submitLabel="Add provider" pending={save.isPending} onCancel={() => setAdding(false)} onSubmit={(v) => save.mutate(toInput(v), { onSuccess: () => setAdding(false) })} />
        ) : (
          <Button variant="primary" onClick={() => setAdding(true)}>Add an identity provider</Button>
        )}
      </Section>
      {(list.data?.providers ?? []).map((p) => (
        <section key={p.id} className="space-y-3 rounded border border-zinc-800 p-4" data-testid="provider-card" data-provider-name={p.name}>
          <div className="flex items-center gap-3">
            <h2 className="text-base font-semibold text-white">{p.name}</h2>
            <Badge tone="zinc">{p.kind === "oidc" ? "OpenID Connect" : "LDAP"}</Badge>
            {!p.enabled && <Badge tone="amber">off</Badge>}
            <span className="text-xs text-zinc-500">{p.kind === "oidc" ? (p.config as { issuer?: string }).issuer : (p.config as { url?: string }).url}</span>
            <span className="ml-auto flex gap-2">
              <Button onClick={() => setEditing(editing === p.id ? null : p.id)}>{editing === p.id ? "Close" : "Edit"}</Button>
              <Button variant="danger" onClick={() => window.confirm(`Delete ${p.name}? Sessions signed in through it end.`) && remove.mutate({ id: p.id })}>Delete</Button>
            </span>
          </div>
          {editing === p.id && (
            <ProviderForm initial={valuesOf(p)} hasSecret={p.hasSecret} submitLabel="Save provider" pending={save.isPending} onSubmit={(v) => save.mutate(toInput(v, p.id), { onSuccess: () => setEditing(null) })} />
          )}
          {may.has("team.manage") && <GroupMappings providerId={p.id} providerName={p.name} mappings={p.mappings} onChanged={refresh} />}
          {p.kind === "ldap" && <LdapTest providerId={p.id} />}
        </section>
      ))}
    </div>
  );
}
