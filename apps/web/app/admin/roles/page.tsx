"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../src/client/trpc";
import { Section, TextField } from "../../../src/client/components/forms";
import { Badge, Button, ErrorBanner, Table } from "../../../src/client/components/ui";

export default function RolesPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const roles = useQuery(trpc.roles.list.queryOptions());
  const catalogue = useQuery(trpc.roles.catalogue.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.roles.list.pathFilter());
  const create = useMutation(trpc.roles.create.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.roles.delete.mutationOptions({ onSuccess: refresh }));
  const [name, setName] = useState("");
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const error = roles.error ?? create.error ?? remove.error;
  type Permission = NonNullable<typeof catalogue.data>[number];

  const toggle = (p: string) => {
    const next = new Set(picked);
    if (next.has(p)) next.delete(p);
    else next.add(p);
    setPicked(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, description: "", permissions: [...picked] as Permission[] }, { onSuccess: () => (setName(""), setPicked(new Set())) });
  };

  return (
    <div className="space-y-6">
      {error && <ErrorBanner message={error.message} />}
      <Section title="Create a custom role">
        <form onSubmit={submit} className="space-y-3">
          <div className="max-w-sm">
            <TextField label="Role name" value={name} onChange={(e) => setName(e.target.value)} required />
          </div>
          <fieldset className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
            <legend className="mb-1 text-xs text-zinc-400">Permissions</legend>
            {(catalogue.data ?? []).map((p) => (
              <label key={p} className="flex items-center gap-2">
                <input type="checkbox" checked={picked.has(p)} onChange={() => toggle(p)} />
                <span className="mono text-xs">{p}</span>
              </label>
            ))}
          </fieldset>
          <Button type="submit" variant="primary" disabled={create.isPending}>Create role</Button>
        </form>
      </Section>
      <Section title="Roles">
        <Table head={["Role", "Permissions", ""]}>
          {(roles.data ?? []).map((r) => (
            <tr key={r.id} data-testid="role-row" data-role-name={r.name}>
              <td className="px-3 py-2 align-top">
                <div className="font-medium text-zinc-100">{r.name}</div>
                {r.builtIn && <Badge tone="blue">built-in</Badge>}
                <div className="mt-1 text-xs text-zinc-500">{r.description}</div>
              </td>
              <td className="mono px-3 py-2 text-xs text-zinc-300">{r.permissions.join(" · ")}</td>
              <td className="px-3 py-2 text-right align-top">
                {!r.builtIn && <Button variant="danger" onClick={() => window.confirm(`Delete role ${r.name} and its grants?`) && remove.mutate({ roleId: r.id })}>Delete</Button>}
              </td>
            </tr>
          ))}
        </Table>
      </Section>
    </div>
  );
}
