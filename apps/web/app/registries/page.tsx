"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../src/client/trpc";
import { relativeTime } from "../../src/client/format";
import { ConfirmDialog } from "../../src/client/components/ConfirmDialog";
import { Notice, Section, SelectField, TextField } from "../../src/client/components/forms";
import { Button, ErrorBanner, Table } from "../../src/client/components/ui";
import { useAnywherePermissions } from "../../src/client/permissions";

type Credential = { id: string; name: string; serverAddress: string; host: string; username: string; createdAt: Date; updatedAt: Date };

/** Registry logins for pulls and pushes (registry.manage). Passwords are write-only here. */
export default function RegistriesPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const registries = useQuery(trpc.registries.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.registries.list.pathFilter());
  const [editing, setEditing] = useState<Credential | null>(null);
  const [removing, setRemoving] = useState<Credential | null>(null);
  // A new, empty form after each Add (the form is keyed on it).
  const [added, setAdded] = useState(0);
  const remove = useMutation(trpc.registries.delete.mutationOptions({ onSuccess: async () => (await refresh(), setRemoving(null)) }));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold text-white">Registries</h1>
        <p className="mt-1 max-w-3xl text-xs text-zinc-500">
          Credentials the engines use to pull and push (the Engine API&apos;s X-Registry-Auth). Each belongs to one registry host, matched on an image&apos;s first path component
          (<span className="mono">registry.example.com:5000/team/app</span>; plain <span className="mono">team/app</span> is Docker Hub). Passwords are sealed with the server&apos;s secret key and never shown again.
        </p>
      </div>
      {(registries.error ?? remove.error) && <ErrorBanner message={(registries.error ?? remove.error)!.message} />}
      <CredentialForm key={editing?.id ?? `new-${added}`} editing={editing} onDone={async () => (await refresh(), setEditing(null), setAdded((n) => n + 1))} />
      <Section title="Stored credentials">
        <Table head={["Name", "Registry", "Username", "Updated", ""]} empty={registries.data?.length === 0 ? <p className="px-4 py-8 text-center text-sm text-zinc-400">No registry credentials yet.</p> : null}>
          {(registries.data ?? []).map((r) => (
            <tr key={r.id} data-testid="registry-row" data-registry-name={r.name}>
              <td className="px-3 py-2 font-medium text-zinc-100">{r.name}</td>
              <td className="mono px-3 py-2 text-xs text-zinc-300" title={r.serverAddress}>{r.host}</td>
              <td className="px-3 py-2 text-zinc-300">{r.username || <span className="text-zinc-500">no login (anonymous)</span>}</td>
              <td className="px-3 py-2 text-xs text-zinc-400">{relativeTime(r.updatedAt)}</td>
              <td className="px-3 py-2">
                <div className="flex justify-end gap-1.5">
                  {/* An open registry has no login to test. */}
                  {r.username && <TestButton credential={r} />}
                  <Button onClick={() => setEditing(r)} aria-label={`Edit ${r.name}`}>Edit</Button>
                  <Button variant="subtleDanger" onClick={() => setRemoving(r)}>Delete…</Button>
                </div>
              </td>
            </tr>
          ))}
        </Table>
      </Section>
      {removing && (
        <ConfirmDialog title={`Delete ${removing.name}?`} confirmLabel="Delete" danger onCancel={() => setRemoving(null)} onConfirm={() => remove.mutate({ id: removing.id })}>
          Pulls and pushes to {removing.host} will go without credentials.
        </ConfirmDialog>
      )}
    </div>
  );
}

function CredentialForm({ editing, onDone }: { editing: Credential | null; onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const [name, setName] = useState(editing?.name ?? "");
  const [serverAddress, setServerAddress] = useState(editing?.serverAddress ?? "");
  const [username, setUsername] = useState(editing?.username ?? "");
  const [password, setPassword] = useState("");
  const create = useMutation(trpc.registries.create.mutationOptions({ onSuccess: onDone }));
  const update = useMutation(trpc.registries.update.mutationOptions({ onSuccess: onDone }));
  const [formError, setFormError] = useState<string | null>(null);
  const error = formError ?? create.error?.message ?? update.error?.message;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const user = username.trim();
    // A login needs both; an open registry neither (editing: a blank password keeps the stored one).
    const valid = user ? Boolean(password) || Boolean(editing?.username) : !password;
    if (!valid) return setFormError("Give both a username and a password, or neither (an open registry).");
    setFormError(null);
    if (editing) update.mutate({ id: editing.id, name, serverAddress, username: user, password: password || undefined });
    else create.mutate({ name, serverAddress, ...(user ? { username: user, password } : {}) });
  };
  return (
    <Section title={editing ? `Edit ${editing.name}` : "Add credentials"}>
      {error && <ErrorBanner message={error} />}
      <p className="mb-2 text-xs text-zinc-500">Leave username and password empty for an open registry (pulls and pushes without a login).</p>
      <form onSubmit={submit} className="grid max-w-4xl grid-cols-2 items-end gap-3 md:grid-cols-5">
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required data-testid="registry-name" />
        <TextField label="Registry address" value={serverAddress} onChange={(e) => setServerAddress(e.target.value)} placeholder="registry.example.com:5000" required data-testid="registry-address" />
        <TextField label="Username (optional)" value={username} onChange={(e) => setUsername(e.target.value)} data-testid="registry-username" />
        <TextField label={editing?.username ? "New password (blank: keep)" : "Password or token (optional)"} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="registry-password" />
        <div className="flex gap-2">
          <Button type="submit" variant="primary" disabled={create.isPending || update.isPending} data-testid="registry-save">
            {editing ? "Save" : "Add"}
          </Button>
          {editing && (
            <Button type="button" onClick={() => void onDone()}>
              Cancel
            </Button>
          )}
        </div>
      </form>
    </Section>
  );
}

/** Logs in from a chosen host's engine (POST /auth): the registry must be reachable from there. */
function TestButton({ credential }: { credential: Credential }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  // Only a user who may view some host can pick one to test from (asking otherwise is refused and recorded).
  const mayViewHosts = useAnywherePermissions().has("host.view");
  const hosts = useQuery({ ...trpc.hosts.list.queryOptions(), enabled: open && mayViewHosts });
  const [hostId, setHostId] = useState("");
  const test = useMutation(trpc.registries.test.mutationOptions());
  const online = (hosts.data ?? []).filter((h) => h.status === "online");
  const chosen = hostId || online[0]?.id || "";
  return (
    <>
      <Button onClick={() => (test.reset(), setOpen(true))} data-testid="registry-test">
        Test…
      </Button>
      {open && (
        <ConfirmDialog title={`Test ${credential.name}`} confirmLabel={test.isPending ? "Logging in…" : "Log in"} onCancel={() => setOpen(false)} onConfirm={() => chosen && test.mutate({ hostId: chosen, id: credential.id })}>
          {test.error && <ErrorBanner message={test.error.message} />}
          {test.data && <Notice>{test.data.status}</Notice>}
          <SelectField label="From host" value={chosen} onChange={(e) => setHostId(e.target.value)}>
            {online.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </SelectField>
          {!mayViewHosts && <p className="mt-2 text-xs text-amber-300">You may not view any host to test from (permission host.view).</p>}
          {hosts.data && online.length === 0 && <p className="mt-2 text-xs text-amber-300">No host is online to test from.</p>}
        </ConfirmDialog>
      )}
    </>
  );
}
