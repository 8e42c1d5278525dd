"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { AlertKind, AlertRuleView } from "@dockmaster/core";
import { useTRPC } from "../trpc";
import { Section, TextField } from "../components/forms";
import { Button, ErrorBanner } from "../components/ui";
import { ALL_KINDS, KIND_LABELS } from "./kind-labels";

const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
const words = (text: string) => text.split(",").map((s) => s.trim()).filter(Boolean);
const labelsOf = (text: string) => Object.fromEntries(words(text).map((pair) => [pair.split("=")[0]!.trim(), pair.split("=").slice(1).join("=").trim()]));

/**
 * Adds a rule, or edits one (`rule` given): kinds × scope (hosts, host groups, host labels,
 * stacks; all empty = the whole fleet) → channels, with each kind's thresholds.
 */
export function RuleForm({ rule, channels, onDone }: { rule?: AlertRuleView; channels: Array<{ id: string; name: string }>; onDone: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.hosts.list.queryOptions());
  const groups = useQuery(trpc.hostGroups.list.queryOptions());
  const [name, setName] = useState(rule?.name ?? "");
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [kinds, setKinds] = useState<AlertKind[]>(rule?.kinds ?? ["container.exited"]);
  const [channelIds, setChannelIds] = useState<string[]>(rule?.channelIds ?? []);
  const [hostIds, setHostIds] = useState<string[]>(rule?.hostIds ?? []);
  const [hostGroupIds, setHostGroupIds] = useState<string[]>(rule?.hostGroupIds ?? []);
  const [labels, setLabels] = useState(Object.entries(rule?.hostLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(", "));
  const [stacks, setStacks] = useState((rule?.stacks ?? []).join(", "));
  const [n, setN] = useState({
    restartCount: String(rule?.restartCount ?? 5),
    restartWindowMin: String(rule?.restartWindowMin ?? 10),
    diskThresholdGb: String(rule?.diskThresholdGb ?? 100),
    denialCount: String(rule?.denialCount ?? 5),
    denialWindowMin: String(rule?.denialWindowMin ?? 10),
    groupWindowSec: String(rule?.groupWindowSec ?? 3600),
  });
  const number = (key: keyof typeof n) => (e: { target: { value: string } }) => setN((old) => ({ ...old, [key]: e.target.value }));
  const done = { onSuccess: async () => (await onDone(), rule ? undefined : setName("")) };
  const create = useMutation(trpc.alerts.createRule.mutationOptions(done));
  const update = useMutation(trpc.alerts.updateRule.mutationOptions(done));
  const save = rule ? update : create;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fields = {
      name,
      enabled,
      kinds,
      channelIds,
      hostIds,
      hostGroupIds,
      hostLabels: labelsOf(labels),
      stacks: words(stacks),
      restartCount: Number(n.restartCount),
      restartWindowMin: Number(n.restartWindowMin),
      diskThresholdGb: Number(n.diskThresholdGb),
      denialCount: Number(n.denialCount),
      denialWindowMin: Number(n.denialWindowMin),
      groupWindowSec: Number(n.groupWindowSec),
    };
    if (rule) update.mutate({ id: rule.id, ...fields });
    else create.mutate(fields);
  };
  return (
    <Section title={rule ? `Edit rule ${rule.name}` : "Add a rule"}>
      {save.error && <ErrorBanner message={save.error.message} />}
      <form onSubmit={submit} className="max-w-5xl space-y-3" data-testid="rule-form">
        <div className="grid grid-cols-2 items-end gap-3 md:grid-cols-4">
          <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required data-testid="rule-name" />
          <TextField label="Host labels (k=v, …)" value={labels} onChange={(e) => setLabels(e.target.value)} data-testid="rule-labels" />
          <TextField label="Stacks (compose projects, comma separated)" value={stacks} onChange={(e) => setStacks(e.target.value)} data-testid="rule-stacks" />
          <label className="flex items-center gap-1.5 text-sm text-zinc-300">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
          </label>
        </div>
        <fieldset className="flex flex-wrap gap-3 text-sm text-zinc-300">
          <legend className="mb-1 text-xs text-zinc-400">Event kinds</legend>
          {ALL_KINDS.map((kind) => (
            <label key={kind} className="flex items-center gap-1.5">
              <input type="checkbox" checked={kinds.includes(kind)} onChange={() => setKinds(toggle(kinds, kind))} /> {KIND_LABELS[kind]}
            </label>
          ))}
        </fieldset>
        <div className="grid grid-cols-2 items-end gap-3 md:grid-cols-6">
          <TextField label="Restart loop: starts" inputMode="numeric" value={n.restartCount} onChange={number("restartCount")} />
          <TextField label="Restart loop: within minutes" inputMode="numeric" value={n.restartWindowMin} onChange={number("restartWindowMin")} />
          <TextField label="Disk: GiB used by Docker" inputMode="numeric" value={n.diskThresholdGb} onChange={number("diskThresholdGb")} data-testid="rule-disk-gb" />
          <TextField label="Denials: count" inputMode="numeric" value={n.denialCount} onChange={number("denialCount")} data-testid="rule-denial-count" />
          <TextField label="Denials: within minutes" inputMode="numeric" value={n.denialWindowMin} onChange={number("denialWindowMin")} />
          <TextField label="Group repeats for seconds" inputMode="numeric" value={n.groupWindowSec} onChange={number("groupWindowSec")} />
        </div>
        <p className="text-xs text-zinc-500">Scope: a host must match the hosts or groups picked (if any) and carry every label; with stacks, only containers of those stacks count. No scope at all: the whole fleet, and the kinds about no host (repeated denials).</p>
        <fieldset className="flex flex-wrap gap-3 text-sm text-zinc-300">
          <legend className="mb-1 text-xs text-zinc-400">Hosts and host groups (none: any)</legend>
          {(hosts.data ?? []).map((h) => (
            <label key={h.id} className="flex items-center gap-1.5">
              <input type="checkbox" checked={hostIds.includes(h.id)} onChange={() => setHostIds(toggle(hostIds, h.id))} /> {h.name}
            </label>
          ))}
          {(groups.data ?? []).map((g) => (
            <label key={g.id} className="flex items-center gap-1.5">
              <input type="checkbox" checked={hostGroupIds.includes(g.id)} onChange={() => setHostGroupIds(toggle(hostGroupIds, g.id))} /> group {g.name}
            </label>
          ))}
        </fieldset>
        <fieldset className="flex flex-wrap gap-3 text-sm text-zinc-300">
          <legend className="mb-1 text-xs text-zinc-400">Channels</legend>
          {channels.length === 0 && <span className="text-amber-300">Add a channel first.</span>}
          {channels.map((c) => (
            <label key={c.id} className="flex items-center gap-1.5">
              <input type="checkbox" checked={channelIds.includes(c.id)} onChange={() => setChannelIds(toggle(channelIds, c.id))} data-testid="rule-channel" /> {c.name}
            </label>
          ))}
        </fieldset>
        <Button type="submit" variant="primary" disabled={save.isPending} data-testid="rule-save">
          {rule ? "Save rule" : "Add rule"}
        </Button>
      </form>
    </Section>
  );
}
