"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { keyValueLines, parseKeyValueLines } from "../key-value-lines";
import { TextField } from "./forms";
import { HostLabelsGroupFields } from "./HostLabelsGroupFields";
import type { HostRow } from "./HostsTable";
import { Button, ErrorBanner } from "./ui";

/** Rename, relabel, regroup: each change is its own audited call and history entry. */
export function HostEditForm({ host }: { host: HostRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(host.name);
  const [labels, setLabels] = useState(keyValueLines(host.labels));
  const [groupId, setGroupId] = useState(host.groupId ?? "");
  const refresh = () => void queryClient.invalidateQueries(trpc.hosts.pathFilter());
  const rename = useMutation(trpc.hosts.rename.mutationOptions({ onSuccess: refresh }));
  const setHostLabels = useMutation(trpc.hosts.setLabels.mutationOptions({ onSuccess: refresh }));
  const setGroup = useMutation(trpc.hosts.setGroup.mutationOptions({ onSuccess: refresh }));
  const parsed = parseKeyValueLines(labels);
  const error = rename.error ?? setHostLabels.error ?? setGroup.error;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (parsed.error) return;
    if (name !== host.name) await rename.mutateAsync({ hostId: host.id, name });
    if (JSON.stringify(parsed.value) !== JSON.stringify(host.labels)) await setHostLabels.mutateAsync({ hostId: host.id, labels: parsed.value });
    if ((groupId || null) !== host.groupId) await setGroup.mutateAsync({ hostId: host.id, groupId: groupId || null });
  };
  return (
    <form onSubmit={(e) => void save(e).catch(() => undefined)} className="max-w-2xl space-y-3" data-testid="host-edit">
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required />
      <HostLabelsGroupFields labels={labels} onLabels={setLabels} groupId={groupId} onGroup={setGroupId} labelsError={parsed.error} />
      {error && <ErrorBanner message={error.message} />}
      <Button type="submit" variant="primary" disabled={rename.isPending || setHostLabels.isPending || setGroup.isPending || Boolean(parsed.error)}>
        Save
      </Button>
    </form>
  );
}
