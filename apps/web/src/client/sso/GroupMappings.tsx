"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { SelectField, TextField } from "../components/forms";
import { Button, ErrorBanner } from "../components/ui";

/**
 * A provider's group → team mappings. A team a mapping names follows the provider: its members
 * are rebuilt from the groups at each sign-in (and lose it when removed from the group).
 */
export function GroupMappings({ providerId, providerName, mappings, onChanged }: {
  providerId: string;
  providerName: string;
  mappings: Array<{ id: string; group: string; team: { id: string; name: string } }>;
  onChanged: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const add = useMutation(trpc.sso.addMapping.mutationOptions({ onSuccess: onChanged }));
  const remove = useMutation(trpc.sso.removeMapping.mutationOptions({ onSuccess: onChanged }));
  const [group, setGroup] = useState("");
  const [teamId, setTeamId] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ providerId, group, teamId }, { onSuccess: () => setGroup("") });
  };
  const error = add.error ?? remove.error ?? teams.error;
  return (
    <div className="space-y-2" data-testid="group-mappings">
      <h3 className="text-sm font-medium text-zinc-200">Group → team</h3>
      {error && <ErrorBanner message={error.message} />}
      <ul className="space-y-1">
        {mappings.map((m) => (
          <li key={m.id} className="flex items-center gap-2 text-sm" data-testid="mapping-row">
            <code className="rounded bg-zinc-800 px-1.5">{m.group}</code> → <span className="text-zinc-100">{m.team.name}</span>
            <button aria-label={`Remove mapping ${m.group} to ${m.team.name}`} onClick={() => remove.mutate({ id: m.id })} className="text-zinc-500 hover:text-rose-300">×</button>
          </li>
        ))}
        {mappings.length === 0 && <li className="text-xs text-zinc-500">No mappings: {providerName} sign-ins get no team.</li>}
      </ul>
      <form onSubmit={submit} className="flex max-w-xl items-end gap-2">
        <div className="flex-1"><TextField label="Group" value={group} onChange={(e) => setGroup(e.target.value)} required /></div>
        <div className="flex-1">
          <SelectField label="Team" value={teamId} onChange={(e) => setTeamId(e.target.value)} required>
            <option value="">choose…</option>
            {(teams.data ?? []).map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </SelectField>
        </div>
        <Button type="submit" disabled={add.isPending || !teamId}>Add mapping</Button>
      </form>
    </div>
  );
}
