"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { parseKeyValueLines } from "../key-value-lines";
import { refusalMessage } from "../refusal-message";
import { TextField } from "./forms";
import { Button, ErrorBanner } from "./ui";

/** Create a volume: name (or anonymous), driver, driver options, labels. */
export function VolumeCreateForm({ hostId, onDone }: { hostId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [driver, setDriver] = useState("local");
  const [options, setOptions] = useState("");
  const [labels, setLabels] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation(
    trpc.volumes.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.volumes.list.pathFilter());
        onDone();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const o = parseKeyValueLines(options);
    const l = parseKeyValueLines(labels);
    if (o.error || l.error) return setFormError(o.error ? `driver options: ${o.error}` : `labels: ${l.error}`);
    setFormError(null);
    create.mutate({ hostId, spec: { name: name.trim() || undefined, driver: driver.trim() || "local", driverOptions: o.value, labels: l.value } });
  };
  return (
    <form onSubmit={submit} data-testid="volume-create-form" className="space-y-3 rounded-lg border border-zinc-800 bg-zinc-900/60 p-4">
      {(formError ?? create.error) && <ErrorBanner message={formError ?? (create.error ? refusalMessage(create.error) : "")} />}
      <div className="grid gap-3 md:grid-cols-2">
        <TextField label="Name (empty: the engine names it)" value={name} onChange={(e) => setName(e.target.value)} placeholder="pgdata" />
        <TextField label="Driver" value={driver} onChange={(e) => setDriver(e.target.value)} />
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        <label className="block text-xs text-zinc-400">
          Driver options (key=value per line)
          <textarea aria-label="Driver options" value={options} onChange={(e) => setOptions(e.target.value)} rows={3} placeholder={"type=tmpfs\ndevice=tmpfs\no=size=64m"} className="mono mt-1 block w-full rounded border border-zinc-700 bg-zinc-950 px-2.5 py-1.5 text-xs" />
        </label>
        <label className="block text-xs text-zinc-400">
          Labels (key=value per line)
          <textarea aria-label="Labels" value={labels} onChange={(e) => setLabels(e.target.value)} rows={3} className="mono mt-1 block w-full rounded border border-zinc-700 bg-zinc-950 px-2.5 py-1.5 text-xs" />
        </label>
      </div>
      <p data-testid="volume-options-hint" className="text-xs text-zinc-500">
        The local driver keeps the data in a directory under the engine&apos;s root dir; its options are those of mount(8): type, device and o. Options that bind a host path (type=none, o=bind), name a device or a remote share, and drivers other than local need the permission “Create privileged containers”; no options or a plain tmpfs do not.
      </p>
      <div className="flex justify-end gap-2">
        <Button type="button" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create volume"}
        </Button>
      </div>
    </form>
  );
}
