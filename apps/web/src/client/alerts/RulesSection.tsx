"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Section, TextField } from "../components/forms";
import { Button, ErrorBanner, Table } from "../components/ui";

const KINDS = [
  ["container.exited", "Container exited non-zero"],
  ["container.oom", "OOM killed"],
  ["container.unhealthy", "Unhealthy"],
  ["container.restart_loop", "Restart loop"],
  ["host.offline", "Host offline / back"],
  ["host.degraded", "Host degraded"],
] as const;
type Kind = (typeof KINDS)[number][0];

/** Rules: kinds × scope (hosts with every given label; empty = all hosts) → channels. */
export function RulesSection({ mayManage }: { mayManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.alerts.rules.queryOptions());
  const channels = useQuery(trpc.alerts.channels.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.alerts.pathFilter());
  const remove = useMutation(trpc.alerts.deleteRule.mutationOptions({ onSuccess: refresh }));
  const channelName = (id: string) => channels.data?.find((c) => c.id === id)?.name ?? id;
  return (
    <>
      {mayManage && <RuleForm channels={channels.data ?? []} onDone={refresh} />}
      <Section title="Rules">
        {(rules.error ?? remove.error) && <ErrorBanner message={(rules.error ?? remove.error)!.message} />}
        <Table head={["Name", "Kinds", "Scope", "Channels", ""]} empty={rules.data?.length === 0 ? <p className="px-4 py-8 text-center text-sm text-zinc-400">No rules yet: nothing is sent.</p> : null}>
          {(rules.data ?? []).map((r) => (
            <tr key={r.id} data-testid="rule-row">
              <td className="px-3 py-2 font-medium text-zinc-100">{r.name}{r.enabled ? "" : " (off)"}</td>
              <td className="mono px-3 py-2 text-xs text-zinc-300">{r.kinds.join(", ")}</td>
              <td className="px-3 py-2 text-xs text-zinc-300">{Object.keys(r.hostLabels).length || r.hostIds.length || r.hostGroupIds.length ? [...Object.entries(r.hostLabels).map(([k, v]) => `${k}=${v}`), ...r.hostIds, ...r.hostGroupIds].join(", ") : "all hosts"}</td>
              <td className="px-3 py-2 text-zinc-300">{r.channelIds.map(channelName).join(", ")}</td>
              <td className="px-3 py-2 text-right">{mayManage && <Button variant="subtleDanger" onClick={() => remove.mutate({ id: r.id })} aria-label={`Delete rule ${r.name}`}>Delete</Button>}</td>
            </tr>
          ))}
        </Table>
      </Section>
    </>
  );
}

function RuleForm({ channels, onDone }: { channels: Array<{ id: string; name: string }>; onDone: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [kinds, setKinds] = useState<Kind[]>(["container.exited"]);
  const [channelIds, setChannelIds] = useState<string[]>([]);
  const [labels, setLabels] = useState("");
  const [restartCount, setRestartCount] = useState("5");
  const [restartWindowMin, setRestartWindowMin] = useState("10");
  const create = useMutation(trpc.alerts.createRule.mutationOptions({ onSuccess: async () => (await onDone(), setName("")) }));
  const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const hostLabels = Object.fromEntries(labels.split(",").map((s) => s.trim()).filter(Boolean).map((pair) => [pair.split("=")[0]!.trim(), pair.split("=").slice(1).join("=").trim()]));
    create.mutate({ name, kinds, channelIds, hostLabels, restartCount: Number(restartCount), restartWindowMin: Number(restartWindowMin) });
  };
  return (
    <Section title="Add a rule">
      {create.error && <ErrorBanner message={create.error.message} />}
      <form onSubmit={submit} className="max-w-5xl space-y-3" data-testid="rule-form">
        <div className="grid grid-cols-2 items-end gap-3 md:grid-cols-4">
          <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required data-testid="rule-name" />
          <TextField label="Host labels (k=v, …; empty: all hosts)" value={labels} onChange={(e) => setLabels(e.target.value)} />
          <TextField label="Restart loop: starts" inputMode="numeric" value={restartCount} onChange={(e) => setRestartCount(e.target.value)} />
          <TextField label="…within minutes" inputMode="numeric" value={restartWindowMin} onChange={(e) => setRestartWindowMin(e.target.value)} />
        </div>
        <fieldset className="flex flex-wrap gap-3 text-sm text-zinc-300">
          {KINDS.map(([kind, label]) => (
            <label key={kind} className="flex items-center gap-1.5">
              <input type="checkbox" checked={kinds.includes(kind)} onChange={() => setKinds(toggle(kinds, kind))} /> {label}
            </label>
          ))}
        </fieldset>
        <fieldset className="flex flex-wrap gap-3 text-sm text-zinc-300">
          {channels.length === 0 && <span className="text-amber-300">Add a channel first.</span>}
          {channels.map((c) => (
            <label key={c.id} className="flex items-center gap-1.5">
              <input type="checkbox" checked={channelIds.includes(c.id)} onChange={() => setChannelIds(toggle(channelIds, c.id))} data-testid="rule-channel" /> {c.name}
            </label>
          ))}
        </fieldset>
        <Button type="submit" variant="primary" disabled={create.isPending} data-testid="rule-save">
          Add rule
        </Button>
      </form>
    </Section>
  );
}
