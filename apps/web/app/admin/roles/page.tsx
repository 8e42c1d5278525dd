"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../src/client/trpc";
import { Section, TextField } from "../../../src/client/components/forms";
import { Badge, Button, ErrorBanner, Table } from "../../../src/client/components/ui";
import { PermissionPicker } from "../../../src/client/components/PermissionPicker";
import { permissionName } from "../../../src/client/permission-names";

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
  const update = useMutation(trpc.roles.update.mutationOptions({ onSuccess: () => (setEditing(null), void refresh()) }));
  const [editing, setEditing] = useState<{ roleId: string; picked: Set<string> } | null>(null);
  const error = roles.error ?? create.error ?? remove.error ?? update.error;
  type Permission = NonNullable<typeof catalogue.data>[number];

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
          <PermissionPicker catalogue={catalogue.data ?? []} picked={picked} onChange={setPicked} />
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
              <td className="mono px-3 py-2 text-xs text-zinc-300">
                {editing?.roleId === r.id ? (
                  <div className="space-y-2">
                    <PermissionPicker catalogue={catalogue.data ?? []} picked={editing.picked} onChange={(next) => setEditing({ roleId: r.id, picked: next })} />
                    <Button variant="primary" disabled={update.isPending} onClick={() => update.mutate({ roleId: r.id, permissions: [...editing.picked] as Permission[] })}>Save</Button>
                    <Button onClick={() => setEditing(null)}>Cancel</Button>
                  </div>
                ) : (
                  r.permissions.map(permissionName).join(" · ")
                )}
              </td>
              <td className="space-x-2 whitespace-nowrap px-3 py-2 text-right align-top">
                {!r.builtIn && editing?.roleId !== r.id && <Button aria-label={`Edit role ${r.name}`} onClick={() => setEditing({ roleId: r.id, picked: new Set(r.permissions) })}>Edit</Button>}
                {!r.builtIn && <Button variant="danger" aria-label={`Delete role ${r.name}`} onClick={() => window.confirm(`Delete role ${r.name} and its grants?`) && remove.mutate({ roleId: r.id })}>Delete</Button>}
              </td>
            </tr>
          ))}
        </Table>
      </Section>
    </div>
  );
}
