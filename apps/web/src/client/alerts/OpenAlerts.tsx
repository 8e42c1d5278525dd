"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { relativeTime } from "../format";
import { Section, SelectField } from "../components/forms";
import { Badge, Button, ErrorBanner, Table } from "../components/ui";
import { KIND_LABELS } from "./kind-labels";

/** Alerts, open first; a person with alert.manage may resolve one the engine cannot (an exit, an OOM kill). */
export function OpenAlerts({ mayManage, mayViewHosts }: { mayManage: boolean; mayViewHosts: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<"open" | "resolved" | "all">("open");
  const alerts = useQuery(trpc.alerts.list.queryOptions({ status, limit: 200 }));
  const hosts = useQuery({ ...trpc.hosts.list.queryOptions(), enabled: mayViewHosts });
  // An alert about no host (repeated denials of a user) is about the whole fleet.
  const hostName = (id: string | null) => (id ? (hosts.data?.find((h) => h.id === id)?.name ?? id) : "fleet");
  const resolve = useMutation(trpc.alerts.resolve.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.alerts.pathFilter()) }));
  return (
    <Section title="Alerts" aside={<SelectField label="Show" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}><option value="open">Open</option><option value="resolved">Resolved</option><option value="all">All</option></SelectField>}>
      {(alerts.error ?? resolve.error) && <ErrorBanner message={(alerts.error ?? resolve.error)!.message} />}
      <Table head={["State", "Kind", "Host", "What", "Count", "Last seen", ""]} empty={alerts.data?.length === 0 ? <p className="px-4 py-8 text-center text-sm text-zinc-400">No {status === "all" ? "" : status} alerts.</p> : null}>
        {(alerts.data ?? []).map((a) => (
          <tr key={a.id} data-testid="alert-row" data-alert-kind={a.kind} data-alert-subject={a.subject}>
            <td className="px-3 py-2">{a.status === "open" ? <Badge tone="red">open</Badge> : <Badge tone="green">resolved</Badge>}</td>
            <td className="px-3 py-2 text-xs text-zinc-300" title={a.kind}>{KIND_LABELS[a.kind as keyof typeof KIND_LABELS] ?? a.kind}</td>
            <td className="px-3 py-2 text-zinc-300">{hostName(a.hostId)}</td>
            <td className="px-3 py-2 text-zinc-100">{a.message}</td>
            <td className="px-3 py-2 text-zinc-300" data-testid="alert-count">{a.count}</td>
            <td className="px-3 py-2 text-xs text-zinc-400" title={new Date(a.lastAt).toISOString()}>{relativeTime(a.lastAt)}</td>
            <td className="px-3 py-2 text-right">{mayManage && a.status === "open" && <Button onClick={() => resolve.mutate({ id: a.id })} aria-label={`Resolve ${a.kind} alert on ${a.subject}`}>Resolve</Button>}</td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}
