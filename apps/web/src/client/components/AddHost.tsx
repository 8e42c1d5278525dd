"use client";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Notice, TextField } from "./forms";
import { Button, ErrorBanner } from "./ui";

/** Enroll another engine: a one-time token (shown once) and the command that starts its agent. */
export function AddHost() {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const create = useMutation(trpc.hosts.createEnrollmentToken.mutationOptions());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ hostName: name || undefined, ttlMinutes: 60 });
  };
  if (!open) return <Button onClick={() => setOpen(true)}>Add a host</Button>;
  const command = create.data
    ? `DOCKMASTER_URL=${window.location.origin} DOCKMASTER_ENROLL_TOKEN=${create.data.token} DOCKER_HOST=unix:///var/run/docker.sock node --import tsx apps/agent/src/main.ts`
    : "";
  return (
    <div className="space-y-3 rounded-lg border border-zinc-800 bg-zinc-900/60 p-4">
      <form onSubmit={submit} className="flex max-w-lg items-end gap-3">
        <div className="flex-1">
          <TextField label="Host name (optional)" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <Button type="submit" variant="primary" disabled={create.isPending}>Create enrollment token</Button>
      </form>
      {create.error && <ErrorBanner message={create.error.message} />}
      {create.data && (
        <Notice>
          On the new host, from a Dockmaster checkout (after <span className="mono">npm install</span>), run once — the token works one time and
          expires {create.data.expiresAt.toLocaleTimeString()}; the agent then keeps its own secret (mode 0600) and dials out to this server:
          <pre className="mono mt-2 whitespace-pre-wrap break-all rounded bg-black/40 p-2 text-xs" data-testid="enroll-command">{command}</pre>
        </Notice>
      )}
    </div>
  );
}
