"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../src/client/trpc";
import { Section, SelectField } from "../../../src/client/components/forms";
import { Button, ErrorBanner, Table } from "../../../src/client/components/ui";
import { HostGroupsSection } from "../../../src/client/components/HostGroupsSection";
import { useAnywherePermissions, useGlobalPermissions } from "../../../src/client/permissions";
import { permissionName } from "../../../src/client/permission-names";

type Scope = "global" | "group" | "host";

export default function GrantsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const grants = useQuery(trpc.grants.list.queryOptions());
  const users = useQuery(trpc.users.list.queryOptions());
  // Teams, hosts and groups to pick from only if the admin may list them (a refused call is a recorded denial).
  const mayListTeams = useGlobalPermissions().has("team.manage");
  const mayViewHosts = useAnywherePermissions().has("host.view");
  const teams = useQuery({ ...trpc.teams.list.queryOptions(), enabled: mayListTeams });
  const roles = useQuery(trpc.roles.list.queryOptions());
  const hosts = useQuery({ ...trpc.hosts.list.queryOptions(), enabled: mayViewHosts });
  const groups = useQuery({ ...trpc.hostGroups.list.queryOptions(), enabled: mayViewHosts });
  const refresh = () => queryClient.invalidateQueries(trpc.grants.list.pathFilter());
  const create = useMutation(trpc.grants.create.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.grants.delete.mutationOptions({ onSuccess: refresh }));
  const [subject, setSubject] = useState(""); // "user:<id>" | "team:<id>"
  const [roleId, setRoleId] = useState("");
  const [scope, setScope] = useState<Scope>("host");
  const [scopeId, setScopeId] = useState("");
  const [explainUser, setExplainUser] = useState("");
  const [explainHost, setExplainHost] = useState("");
  const explain = useQuery({ ...trpc.users.access.queryOptions({ userId: explainUser, hostId: explainHost || undefined }), enabled: !!explainUser });
  const error = grants.error ?? create.error ?? remove.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const [subjectType, subjectId] = subject.split(":") as ["user" | "team", string];
    const base = { subjectType, subjectId, roleId };
    create.mutate(scope === "global" ? { ...base, scopeType: "global" } : { ...base, scopeType: scope, scopeId });
  };

  return (
    <div className="space-y-6">
      {error && <ErrorBanner message={error.message} />}
      <Section title="Grant a role">
        <form onSubmit={submit} className="grid max-w-4xl grid-cols-2 items-end gap-3 md:grid-cols-5">
          <SelectField label="To" value={subject} onChange={(e) => setSubject(e.target.value)} required>
            <option value="">choose…</option>
            <optgroup label="Teams">{(teams.data ?? []).map((t) => <option key={t.id} value={`team:${t.id}`}>team {t.name}</option>)}</optgroup>
            <optgroup label="Users">{(users.data ?? []).map((u) => <option key={u.id} value={`user:${u.id}`}>{u.username}</option>)}</optgroup>
          </SelectField>
          <SelectField label="Role" value={roleId} onChange={(e) => setRoleId(e.target.value)} required>
            <option value="">choose…</option>
            {(roles.data ?? []).map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </SelectField>
          <SelectField label="On" value={scope} onChange={(e) => (setScope(e.target.value as Scope), setScopeId(""))}>
            <option value="host">one host</option>
            <option value="group">a host group</option>
            <option value="global">every host</option>
          </SelectField>
          {scope !== "global" ? (
            <SelectField label={scope === "host" ? "Host" : "Host group"} value={scopeId} onChange={(e) => setScopeId(e.target.value)} required>
              <option value="">choose…</option>
              {(scope === "host" ? (hosts.data ?? []) : (groups.data ?? [])).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
            </SelectField>
          ) : (
            <div />
          )}
          <Button type="submit" variant="primary" disabled={create.isPending}>Grant</Button>
        </form>
      </Section>
      <Section title="Grants">
        <Table head={["Who", "Role", "Where", ""]}>
          {(grants.data ?? []).map((g) => (
            <tr key={g.id} data-testid="grant-row">
              <td className="px-3 py-2">{g.subjectType === "team" ? `team ${g.subjectName}` : g.subjectName}</td>
              <td className="px-3 py-2">{g.roleName}</td>
              <td className="px-3 py-2 text-zinc-400">{g.scopeType === "global" ? "every host" : `${g.scopeType} ${g.scopeName}`}</td>
              <td className="px-3 py-2 text-right"><Button variant="danger" onClick={() => remove.mutate({ grantId: g.id })}>Revoke</Button></td>
            </tr>
          ))}
        </Table>
      </Section>
      {mayViewHosts && <HostGroupsSection />}
      <Section title="Effective access: what a user may do, and why">
        <div className="grid max-w-xl grid-cols-2 gap-3">
          <SelectField label="User" value={explainUser} onChange={(e) => setExplainUser(e.target.value)}>
            <option value="">choose…</option>
            {(users.data ?? []).map((u) => <option key={u.id} value={u.id}>{u.username}</option>)}
          </SelectField>
          <SelectField label="On host" value={explainHost} onChange={(e) => setExplainHost(e.target.value)}>
            <option value="">(global permissions only)</option>
            {(hosts.data ?? []).map((h) => <option key={h.id} value={h.id}>{h.name}</option>)}
          </SelectField>
        </div>
        {explain.data && (
          <Table head={["Permission", "Because of"]} empty={explain.data.length === 0 ? <p className="px-4 py-6 text-center text-sm text-zinc-400">No permissions here.</p> : null}>
            {explain.data.map((e) => (
              <tr key={e.permission} data-testid="access-row">
                <td className="px-3 py-1.5 text-xs" title={e.permission}>
                  {permissionName(e.permission)}
                </td>
                <td className="px-3 py-1.5 text-xs text-zinc-400">{e.sources.join("; ")}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}
