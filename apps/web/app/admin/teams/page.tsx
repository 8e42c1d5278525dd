"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../src/client/trpc";
import { Section, SelectField, TextField } from "../../../src/client/components/forms";
import { Button, ErrorBanner, Table } from "../../../src/client/components/ui";
import { NoAccessNotice } from "../../../src/client/components/NoAccessNotice";
import { useGlobalPermissions } from "../../../src/client/permissions";

/** Teams need team.manage (held globally); without it the page says so and asks nothing (a refusal is a recorded denial). */
export default function TeamsPage() {
  if (!useGlobalPermissions().has("team.manage")) return <NoAccessNotice testId="teams-not-allowed">Managing teams needs permission team.manage — ask an admin for a grant.</NoAccessNotice>;
  return <Teams />;
}

function Teams() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.teams.list.queryOptions());
  // Members to add come from the user list, which needs user.manage.
  const users = useQuery({ ...trpc.users.list.queryOptions(), enabled: useGlobalPermissions().has("user.manage") });
  const refresh = () => Promise.all([queryClient.invalidateQueries(trpc.teams.list.pathFilter()), queryClient.invalidateQueries(trpc.users.list.pathFilter())]);
  const create = useMutation(trpc.teams.create.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.teams.delete.mutationOptions({ onSuccess: refresh }));
  const setMember = useMutation(trpc.teams.setMember.mutationOptions({ onSuccess: refresh }));
  const [name, setName] = useState("");
  const [adding, setAdding] = useState<Record<string, string>>({});
  const error = teams.error ?? create.error ?? remove.error ?? setMember.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, description: "" }, { onSuccess: () => setName("") });
  };

  return (
    <div className="space-y-6">
      {error && <ErrorBanner message={error.message} />}
      <Section title="Create a team">
        <form onSubmit={submit} className="flex max-w-md items-end gap-3">
          <div className="flex-1">
            <TextField label="Team name" value={name} onChange={(e) => setName(e.target.value)} required />
          </div>
          <Button type="submit" variant="primary" disabled={create.isPending}>Create team</Button>
        </form>
      </Section>
      <Section title="Teams">
        <Table head={["Team", "Members", "Add member", ""]}>
          {(teams.data ?? []).map((t) => (
            <tr key={t.id} data-testid="team-row" data-team-name={t.name}>
              <td className="px-3 py-2 font-medium text-zinc-100">{t.name}</td>
              <td className="px-3 py-2">
                <div className="flex flex-wrap gap-1.5">
                  {t.members.map((m) => (
                    <span key={m.id} className="inline-flex items-center gap-1 rounded bg-zinc-800 px-2 py-0.5 text-xs">
                      {m.username}
                      <button aria-label={`Remove ${m.username} from ${t.name}`} onClick={() => setMember.mutate({ teamId: t.id, userId: m.id, member: false })} className="text-zinc-500 hover:text-rose-300">×</button>
                    </span>
                  ))}
                  {t.members.length === 0 && <span className="text-xs text-zinc-500">nobody yet</span>}
                </div>
              </td>
              <td className="px-3 py-2">
                <div className="flex items-end gap-2">
                  <SelectField label="User" value={adding[t.id] ?? ""} onChange={(e) => setAdding({ ...adding, [t.id]: e.target.value })}>
                    <option value="">choose…</option>
                    {(users.data ?? []).filter((u) => !t.members.some((m) => m.id === u.id)).map((u) => (
                      <option key={u.id} value={u.id}>{u.username}</option>
                    ))}
                  </SelectField>
                  <Button disabled={!adding[t.id]} aria-label={`Add to ${t.name}`} onClick={() => setMember.mutate({ teamId: t.id, userId: adding[t.id]!, member: true })}>Add</Button>
                </div>
              </td>
              <td className="px-3 py-2 text-right">
                <Button variant="danger" aria-label={`Delete team ${t.name}`} onClick={() => window.confirm(`Delete team ${t.name} and its grants?`) && remove.mutate({ teamId: t.id })}>Delete</Button>
              </td>
            </tr>
          ))}
        </Table>
      </Section>
    </div>
  );
}
