"use client";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { parseKeyValueLines } from "../key-value-lines";
import { TextField } from "./forms";
import { EMPTY_TLS, EngineAddressFields, tlsFor } from "./EngineAddressFields";
import { HostLabelsGroupFields } from "./HostLabelsGroupFields";
import { Button, ErrorBanner } from "./ui";

/** An engine the control plane reaches itself: a unix socket path, or tcp://host:2376 with mutual TLS. */
export function AddDirectEngine({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("tcp://");
  const [tls, setTls] = useState(EMPTY_TLS);
  const [labels, setLabels] = useState("");
  const [groupId, setGroupId] = useState("");
  const add = useMutation(trpc.hosts.addDirectEngine.mutationOptions({ onSuccess: onDone }));
  const parsedLabels = parseKeyValueLines(labels);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (parsedLabels.error) return;
    add.mutate({ name, url, tls: tlsFor(url, tls), labels: parsedLabels.value, groupId: groupId || null });
  };
  return (
    <form onSubmit={submit} className="max-w-2xl space-y-3 rounded-lg border border-zinc-800 bg-zinc-900/60 p-4" data-testid="add-direct-engine">
      <p className="text-xs text-zinc-400">
        For a machine where no agent can run: this server runs the agent for it and reaches the engine itself. The TLS material is stored encrypted and never
        shown again.
      </p>
      <TextField label="Host name" value={name} onChange={(e) => setName(e.target.value)} required />
      <EngineAddressFields url={url} onUrl={setUrl} tls={tls} onTls={setTls} />
      <HostLabelsGroupFields labels={labels} onLabels={setLabels} groupId={groupId} onGroup={setGroupId} labelsError={parsedLabels.error} />
      {add.error && <ErrorBanner message={add.error.message} />}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={add.isPending || Boolean(parsedLabels.error)}>Add engine</Button>
        <Button type="button" onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
