"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { enrollCommands } from "../enroll-commands";
import { parseKeyValueLines } from "../key-value-lines";
import { Notice, TextField } from "./forms";
import { HostLabelsGroupFields } from "./HostLabelsGroupFields";
import { AddDirectEngine } from "./AddDirectEngine";
import { Button, ErrorBanner } from "./ui";

export function CommandBlock({ title, text, testId }: { title: string; text: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-3">
      <div className="flex items-center gap-2 text-xs font-semibold text-emerald-100">
        {title}
        <button type="button" className="rounded border border-emerald-700 px-1.5 text-[11px] hover:bg-emerald-900" onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}>
          {copied ? "copied" : "copy"}
        </button>
      </div>
      <pre className="mono mt-1 whitespace-pre-wrap break-all rounded bg-black/40 p-2 text-xs" data-testid={testId}>
        {text}
      </pre>
    </div>
  );
}

/**
 * Add a host: an agent enrolled with a one-time token (shown once, with the exact commands that
 * start the agent), or an engine the control plane reaches itself (direct engine).
 */
export function AddHost() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"closed" | "agent" | "direct">("closed");
  const [name, setName] = useState("");
  const [labels, setLabels] = useState("");
  const [groupId, setGroupId] = useState("");
  const create = useMutation(trpc.hosts.createEnrollmentToken.mutationOptions());
  const settings = useQuery(trpc.settings.get.queryOptions());
  const publicUrl = settings.data?.publicUrl ?? null;
  const parsedLabels = parseKeyValueLines(labels);
  const close = () => {
    create.reset(); // the token is gone from the page: it is shown once
    setMode("closed");
    setName("");
    setLabels("");
    void queryClient.invalidateQueries(trpc.hosts.list.pathFilter());
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (parsedLabels.error) return;
    create.mutate({ hostName: name || undefined, ttlMinutes: 60, labels: parsedLabels.value, groupId: groupId || null });
  };
  if (mode === "closed") {
    return (
      <div className="flex gap-2">
        <Button onClick={() => setMode("agent")}>Add a host</Button>
        <Button onClick={() => setMode("direct")}>Add a direct engine</Button>
      </div>
    );
  }
  if (mode === "direct") return <AddDirectEngine onDone={close} />;
  const commands = create.data ? enrollCommands({ serverUrl: publicUrl ?? window.location.origin, token: create.data.token }) : null;
  return (
    <div className="space-y-3 rounded-lg border border-zinc-800 bg-zinc-900/60 p-4" data-testid="add-host">
      {!commands && (
        <form onSubmit={submit} className="max-w-2xl space-y-3">
          <TextField label="Host name (optional)" value={name} onChange={(e) => setName(e.target.value)} />
          <HostLabelsGroupFields labels={labels} onLabels={setLabels} groupId={groupId} onGroup={setGroupId} labelsError={parsedLabels.error} />
          <div className="flex gap-2">
            <Button type="submit" variant="primary" disabled={create.isPending || Boolean(parsedLabels.error)}>Create enrollment token</Button>
            <Button type="button" onClick={close}>Cancel</Button>
          </div>
        </form>
      )}
      {create.error && <ErrorBanner message={create.error.message} />}
      {commands && create.data && (
        <Notice>
          Run one of these on the new host. The token works once and expires at {create.data.expiresAt.toLocaleTimeString()}; it is shown only now. The agent
          then keeps its own secret and dials out to this server.
          {!publicUrl && (
            <p className="mt-2 text-amber-300" data-testid="public-url-unset">
              The control plane&apos;s public URL is not set (Settings): these commands use this browser&apos;s address, {window.location.origin}, which other machines may not reach.
            </p>
          )}
          <CommandBlock title="Install (downloads the agent from this server, checks its SHA-256, starts it: systemd, or in the background without it)" text={commands.install} testId="enroll-command" />
          <CommandBlock title="Or with Docker (the agent image: docker build --target agent -t dockmaster-agent .)" text={commands.docker} testId="enroll-docker-command" />
          <CommandBlock title="Uninstall later" text={commands.uninstall} testId="uninstall-command" />
          <div className="mt-3">
            <Button onClick={close}>Done</Button>
          </div>
        </Notice>
      )}
    </div>
  );
}
