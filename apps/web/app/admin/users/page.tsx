"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../src/client/trpc";
import { relativeTime } from "../../../src/client/format";
import { Notice, Section, TextField } from "../../../src/client/components/forms";
import { Badge, Button, ErrorBanner, Table } from "../../../src/client/components/ui";
import { EventRetentionSetting } from "../../../src/client/components/EventRetentionSetting";
import { PublicUrlSetting } from "../../../src/client/agents/PublicUrlSetting";
import { UserEmailCell } from "../../../src/client/sso/UserEmailCell";
import { BackupsSection } from "../../../src/client/backups/BackupsSection";

export default function UsersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.users.list.pathFilter());
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess: refresh }));
  const setDisabled = useMutation(trpc.users.setDisabled.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(trpc.users.resetPassword.mutationOptions());
  const invite = useMutation(trpc.users.invite.mutationOptions({ onSuccess: refresh }));
  const settings = useQuery(trpc.settings.get.queryOptions());
  const updateSettings = useMutation(trpc.settings.update.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.settings.get.pathFilter()) }));
  const [invitee, setInvitee] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const error = users.error ?? create.error ?? setDisabled.error ?? reset.error ?? invite.error ?? updateSettings.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ username, password }, { onSuccess: () => (setUsername(""), setPassword("")) });
  };
  const resetFor = (userId: string, name: string) => {
    const next = window.prompt(`New password for ${name} (at least 12 characters). Their sessions end.`);
    if (next) reset.mutate({ userId, password: next });
  };

  return (
    <div className="space-y-6">
      {error && <ErrorBanner message={error.message} />}
      <Section title="Create a user">
        <form onSubmit={submit} className="grid max-w-2xl grid-cols-[1fr_1fr_auto] items-end gap-3">
          <TextField label="Username" value={username} onChange={(e) => setUsername(e.target.value)} required />
          <TextField label="Initial password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" />
          <Button type="submit" variant="primary" disabled={create.isPending}>Create user</Button>
        </form>
        <p className="text-xs text-zinc-500">New users can do nothing until a grant gives them a role (Grants tab), directly or through a team.</p>
      </Section>
      <Section title="Or invite one">
        <form onSubmit={(e) => (e.preventDefault(), invite.mutate({ username: invitee }, { onSuccess: () => setInvitee("") }))} className="grid max-w-xl grid-cols-[1fr_auto] items-end gap-3">
          <TextField label="Username to invite" value={invitee} onChange={(e) => setInvitee(e.target.value)} required />
          <Button type="submit" disabled={invite.isPending}>Create invitation link</Button>
        </form>
        {invite.data && (
          <Notice>
            One-time link for <b>{invite.data.user.username}</b> (valid 7 days, shown once):
            <div className="mono mt-2 break-all text-xs" data-testid="invite-link">{`${window.location.origin}/invite#${invite.data.token}`}</div>
          </Notice>
        )}
      </Section>
      <Section title="Policy">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={settings.data?.requireTwoFactor ?? false} disabled={!settings.data || updateSettings.isPending} onChange={(e) => updateSettings.mutate({ requireTwoFactor: e.target.checked })} />
          Require two-factor authentication for everyone (users without it can only set it up)
        </label>
        <EventRetentionSetting />
        <PublicUrlSetting />
      </Section>
      <BackupsSection />
      <Section title="Users">
        <Table head={["Username", "Email", "Teams", "Created", "Status", ""]}>
          {(users.data ?? []).map((u) => (
            <tr key={u.id} data-testid="user-row" data-username={u.username}>
              <td className="px-3 py-2 font-medium text-zinc-100">{u.username}</td>
              <td className="px-3 py-2">
                <UserEmailCell userId={u.id} username={u.username} email={u.email} />
              </td>
              <td className="px-3 py-2 text-zinc-400">{u.teams.map((t) => t.name).join(", ") || "—"}</td>
              <td className="px-3 py-2 text-zinc-400">{relativeTime(u.createdAt)}</td>
              <td className="px-3 py-2">{u.disabledAt ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}</td>
              <td className="space-x-2 px-3 py-2 text-right">
                <Button onClick={() => resetFor(u.id, u.username)} aria-label={`Reset password of ${u.username}`}>Reset password</Button>
                <Button variant={u.disabledAt ? "default" : "danger"} aria-label={`${u.disabledAt ? "Enable" : "Disable"} ${u.username}`} onClick={() => setDisabled.mutate({ userId: u.id, disabled: !u.disabledAt })}>
                  {u.disabledAt ? "Enable" : "Disable"}
                </Button>
              </td>
            </tr>
          ))}
        </Table>
      </Section>
    </div>
  );
}
