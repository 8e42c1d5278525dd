"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AlertRuleView } from "@dockmaster/core";
import { useTRPC } from "../trpc";
import { Section } from "../components/forms";
import { Button, ErrorBanner, Table } from "../components/ui";
import { KIND_LABELS } from "./kind-labels";
import { RuleForm } from "./RuleForm";

function scopeText(r: AlertRuleView, hostName: (id: string) => string, groupName: (id: string) => string): string {
  const parts = [...r.hostIds.map(hostName), ...r.hostGroupIds.map((id) => `group ${groupName(id)}`), ...Object.entries(r.hostLabels).map(([k, v]) => `${k}=${v}`), ...r.stacks.map((s) => `stack ${s}`)];
  return parts.length ? parts.join(", ") : "whole fleet";
}

/** Rules: kinds × scope → channels; add, edit (the form is filled with the rule), delete. */
export function RulesSection({ mayManage }: { mayManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.alerts.rules.queryOptions());
  const channels = useQuery(trpc.alerts.channels.queryOptions());
  const hosts = useQuery({ ...trpc.hosts.list.queryOptions(), enabled: mayManage });
  const groups = useQuery({ ...trpc.hostGroups.list.queryOptions(), enabled: mayManage });
  const [editing, setEditing] = useState<AlertRuleView | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.alerts.pathFilter());
  const remove = useMutation(trpc.alerts.deleteRule.mutationOptions({ onSuccess: refresh }));
  const channelName = (id: string) => channels.data?.find((c) => c.id === id)?.name ?? id;
  const hostName = (id: string) => hosts.data?.find((h) => h.id === id)?.name ?? id;
  const groupName = (id: string) => groups.data?.find((g) => g.id === id)?.name ?? id;
  return (
    <>
      {mayManage && !editing && <RuleForm channels={channels.data ?? []} onDone={refresh} />}
      {mayManage && editing && (
        <div>
          <RuleForm key={editing.id} rule={editing} channels={channels.data ?? []} onDone={async () => (await refresh(), setEditing(null))} />
          <Button onClick={() => setEditing(null)} className="mt-2">Cancel editing</Button>
        </div>
      )}
      <Section title="Rules">
        {(rules.error ?? remove.error) && <ErrorBanner message={(rules.error ?? remove.error)!.message} />}
        <Table head={["Name", "Kinds", "Scope", "Channels", ""]} empty={rules.data?.length === 0 ? <p className="px-4 py-8 text-center text-sm text-zinc-400">No rules yet: nothing is sent.</p> : null}>
          {(rules.data ?? []).map((r) => (
            <tr key={r.id} data-testid="rule-row" data-rule-name={r.name}>
              <td className="px-3 py-2 font-medium text-zinc-100">{r.name}{r.enabled ? "" : " (off)"}</td>
              <td className="px-3 py-2 text-xs text-zinc-300" title={r.kinds.join(", ")}>{r.kinds.map((k) => KIND_LABELS[k]).join(", ")}</td>
              <td className="px-3 py-2 text-xs text-zinc-300" data-testid="rule-scope">{scopeText(r, hostName, groupName)}</td>
              <td className="px-3 py-2 text-zinc-300">{r.channelIds.map(channelName).join(", ")}</td>
              <td className="px-3 py-2">
                {mayManage && (
                  <div className="flex justify-end gap-1.5">
                    <Button onClick={() => setEditing(r)} aria-label={`Edit rule ${r.name}`} data-testid="rule-edit">Edit</Button>
                    <Button variant="subtleDanger" onClick={() => remove.mutate({ id: r.id })} aria-label={`Delete rule ${r.name}`}>Delete</Button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </Table>
      </Section>
    </>
  );
}
