"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Section, SelectField, TextField } from "./forms";
import { Button, ErrorBanner, Table } from "./ui";

/** Host groups: create them and place hosts in them, so one grant can cover many hosts. */
export function HostGroupsSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hosts = useQuery(trpc.hosts.list.queryOptions());
  const groups = useQuery(trpc.hostGroups.list.queryOptions());
  const create = useMutation(trpc.hostGroups.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.hostGroups.list.pathFilter()) }));
  const setGroup = useMutation(trpc.hosts.setGroup.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.hosts.list.pathFilter()) }));
  const [name, setName] = useState("");
  const error = create.error ?? setGroup.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name }, { onSuccess: () => setName("") });
  };
  return (
    <Section title="Host groups">
      {error && <ErrorBanner message={error.message} />}
      <form onSubmit={submit} className="flex max-w-md items-end gap-3">
        <div className="flex-1">
          <TextField label="New host group" value={name} onChange={(e) => setName(e.target.value)} required />
        </div>
        <Button type="submit" disabled={create.isPending}>Create group</Button>
      </form>
      <Table head={["Host", "Group"]}>
        {(hosts.data ?? []).map((h) => (
          <tr key={h.id} data-testid="host-group-row" data-host-name={h.name}>
            <td className="px-3 py-1.5">{h.name}</td>
            <td className="px-3 py-1.5">
              <SelectField label={`Group of ${h.name}`} value={h.groupId ?? ""} onChange={(e) => setGroup.mutate({ hostId: h.id, groupId: e.target.value || null })}>
                <option value="">(none)</option>
                {(groups.data ?? []).map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
              </SelectField>
            </td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}
