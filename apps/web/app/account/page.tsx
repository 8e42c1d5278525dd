"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../src/client/trpc";
import { relativeTime } from "../../src/client/format";
import { Notice, Section, SelectField, TextField } from "../../src/client/components/forms";
import { Badge, Button, ErrorBanner, Table } from "../../src/client/components/ui";
import { TwoFactorSection } from "../../src/client/components/TwoFactorSection";
import { LanguagePicker } from "../../src/client/i18n/LanguagePicker";

export default function AccountPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.me.sessions.queryOptions());
  const tokens = useQuery(trpc.me.tokens.queryOptions());
  const roles = useQuery(trpc.roles.list.queryOptions());
  const access = useQuery(trpc.me.access.queryOptions({}));
  const refresh = (key: { queryKey: readonly unknown[] }) => () => queryClient.invalidateQueries(key);
  const changePassword = useMutation(trpc.me.changePassword.mutationOptions({ onSuccess: refresh(trpc.me.sessions.pathFilter()) }));
  const revokeSession = useMutation(trpc.me.revokeSession.mutationOptions({ onSuccess: refresh(trpc.me.sessions.pathFilter()) }));
  const createToken = useMutation(trpc.me.createToken.mutationOptions({ onSuccess: refresh(trpc.me.tokens.pathFilter()) }));
  const revokeToken = useMutation(trpc.me.revokeToken.mutationOptions({ onSuccess: refresh(trpc.me.tokens.pathFilter()) }));
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [tokenName, setTokenName] = useState("");
  const [tokenRole, setTokenRole] = useState("builtin-viewer");
  const error = changePassword.error ?? revokeSession.error ?? createToken.error ?? revokeToken.error;

  const submitPassword = (e: FormEvent) => {
    e.preventDefault();
    changePassword.mutate({ currentPassword: current, newPassword: next }, { onSuccess: () => (setCurrent(""), setNext("")) });
  };
  const submitToken = (e: FormEvent) => {
    e.preventDefault();
    createToken.mutate({ name: tokenName, roleId: tokenRole, hostIds: null, expiresInDays: 90 }, { onSuccess: () => setTokenName("") });
  };

  return (
    <div className="space-y-8">
      <h1 className="text-xl font-semibold text-white">Your account</h1>
      {error && <ErrorBanner message={error.message} />}
      <Section title="Password">
        {changePassword.isSuccess && <Notice>Password changed. Your other sessions were signed out.</Notice>}
        <form onSubmit={submitPassword} className="grid max-w-2xl grid-cols-[1fr_1fr_auto] items-end gap-3">
          <TextField label="Current password" type="password" value={current} onChange={(e) => setCurrent(e.target.value)} required autoComplete="current-password" />
          <TextField label="New password (12+ characters)" type="password" value={next} onChange={(e) => setNext(e.target.value)} required autoComplete="new-password" />
          <Button type="submit" variant="primary" disabled={changePassword.isPending}>Change</Button>
        </form>
      </Section>
      <Section title="Language">
        <LanguagePicker />
      </Section>
      <TwoFactorSection />
      <Section title="Sessions">
        <Table head={["Signed in", "Last active", "From", ""]}>
          {(sessions.data ?? []).map((s) => (
            <tr key={s.id}>
              <td className="px-3 py-2 text-sm">{relativeTime(s.createdAt)} {s.current && <Badge tone="blue">this browser</Badge>}</td>
              <td className="px-3 py-2 text-sm text-zinc-400">{relativeTime(s.lastSeenAt)}</td>
              <td className="px-3 py-2 text-xs text-zinc-400">{s.ip ?? "?"} · {s.userAgent?.slice(0, 60) ?? "?"}</td>
              <td className="px-3 py-2 text-right">{!s.current && <Button onClick={() => revokeSession.mutate({ sessionId: s.id })}>Sign out</Button>}</td>
            </tr>
          ))}
        </Table>
      </Section>
      <Section title="API tokens">
        {createToken.data && (
          <Notice>
            Token <b>{createToken.data.name}</b> — copy it now, it is not shown again. Send it as <span className="mono">Authorization: Bearer …</span>:
            <div className="mono mt-2 break-all rounded bg-black/40 p-2 text-xs" data-testid="new-token">{createToken.data.token}</div>
          </Notice>
        )}
        <form onSubmit={submitToken} className="grid max-w-2xl grid-cols-[1fr_1fr_auto] items-end gap-3">
          <TextField label="Name" value={tokenName} onChange={(e) => setTokenName(e.target.value)} required />
          <SelectField label="Limited to role" value={tokenRole} onChange={(e) => setTokenRole(e.target.value)}>
            {(roles.data ?? []).map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </SelectField>
          <Button type="submit" variant="primary" disabled={createToken.isPending}>Create token</Button>
        </form>
        <p className="text-xs text-zinc-500">A token never exceeds your own access: it holds the intersection of its role and your grants. Expires after 90 days.</p>
        <Table head={["Name", "Created", "Last used", "Expires", ""]}>
          {(tokens.data ?? []).map((t) => (
            <tr key={t.id}>
              <td className="px-3 py-2">{t.name} {t.revokedAt && <Badge tone="red">revoked</Badge>}</td>
              <td className="px-3 py-2 text-zinc-400">{relativeTime(t.createdAt)}</td>
              <td className="px-3 py-2 text-zinc-400">{t.lastUsedAt ? relativeTime(t.lastUsedAt) : "never"}</td>
              <td className="px-3 py-2 text-zinc-400">{t.expiresAt ? relativeTime(t.expiresAt) : "never"}</td>
              <td className="px-3 py-2 text-right">{!t.revokedAt && <Button variant="danger" onClick={() => revokeToken.mutate({ tokenId: t.id })}>Revoke</Button>}</td>
            </tr>
          ))}
        </Table>
      </Section>
      <Section title="Your global permissions">
        <p className="mono text-xs text-zinc-400">{(access.data ?? []).map((a) => a.permission).join(" · ") || "none everywhere — see each host for host-scoped access"}</p>
      </Section>
    </div>
  );
}
