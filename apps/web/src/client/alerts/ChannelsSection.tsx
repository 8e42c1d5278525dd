"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { relativeTime } from "../format";
import { Notice, Section } from "../components/forms";
import { Badge, Button, ErrorBanner, Table } from "../components/ui";
import { ChannelForm } from "./ChannelForm";

const STATUS_TONE = { delivered: "green", failed: "red", pending: "amber", sending: "blue" } as const;

/** Channels: kind and target (never a secret), send test with the receiver's answer, delivery log. */
export function ChannelsSection({ mayManage }: { mayManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const channels = useQuery(trpc.alerts.channels.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.alerts.pathFilter());
  const [logOf, setLogOf] = useState<string | null>(null);
  const test = useMutation(trpc.alerts.sendTest.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.alerts.deleteChannel.mutationOptions({ onSuccess: refresh }));
  return (
    <>
      {mayManage && <ChannelForm onDone={refresh} />}
      <Section title="Channels">
        {(channels.error ?? remove.error ?? test.error) && <ErrorBanner message={(channels.error ?? remove.error ?? test.error)!.message} />}
        {test.data && <Notice>{`${test.data.ok ? "Delivered" : "Not delivered"}: ${test.data.response}`}</Notice>}
        <Table head={["Name", "Kind", "Target", ""]} empty={channels.data?.length === 0 ? <p className="px-4 py-8 text-center text-sm text-zinc-400">No channels yet.</p> : null}>
          {(channels.data ?? []).map((c) => (
            <tr key={c.id} data-testid="channel-row" data-channel-name={c.name}>
              <td className="px-3 py-2 font-medium text-zinc-100">{c.name}</td>
              <td className="px-3 py-2 text-zinc-300">{c.kind}</td>
              <td className="mono px-3 py-2 text-xs text-zinc-300">{c.target}</td>
              <td className="px-3 py-2">
                <div className="flex justify-end gap-1.5">
                  {mayManage && <Button onClick={() => test.mutate({ id: c.id })} disabled={test.isPending} data-testid="channel-test" aria-label={`Send test to ${c.name}`}>Send test</Button>}
                  <Button onClick={() => setLogOf(logOf === c.id ? null : c.id)} data-testid="channel-log" aria-label={`Delivery log of ${c.name}`}>Delivery log</Button>
                  {mayManage && <Button variant="subtleDanger" onClick={() => remove.mutate({ id: c.id })} aria-label={`Delete channel ${c.name}`}>Delete</Button>}
                </div>
              </td>
            </tr>
          ))}
        </Table>
      </Section>
      {logOf && <DeliveryLog channelId={logOf} />}
    </>
  );
}

function DeliveryLog({ channelId }: { channelId: string }) {
  const trpc = useTRPC();
  const log = useQuery(trpc.alerts.deliveries.queryOptions({ channelId, limit: 100 }));
  return (
    <Section title="Delivery log">
      {log.error && <ErrorBanner message={log.error.message} />}
      <Table head={["Written", "Message", "Status", "Attempts", "Receiver said", "Next attempt"]} empty={log.data?.length === 0 ? <p className="px-4 py-6 text-center text-sm text-zinc-400">Nothing sent yet.</p> : null}>
        {(log.data ?? []).map((d) => (
          <tr key={d.id} data-testid="delivery-row" data-delivery-status={d.status}>
            <td className="px-3 py-2 text-xs text-zinc-400">{relativeTime(d.createdAt)}</td>
            <td className="px-3 py-2 text-zinc-300">{d.event}</td>
            <td className="px-3 py-2"><Badge tone={STATUS_TONE[d.status as keyof typeof STATUS_TONE] ?? "zinc"}>{d.status}</Badge></td>
            <td className="px-3 py-2 text-zinc-300">{d.attempts}</td>
            <td className="mono px-3 py-2 text-xs text-zinc-300">{d.lastResponse ?? ""}</td>
            <td className="px-3 py-2 text-xs text-zinc-400">{d.status === "pending" ? relativeTime(d.nextAttemptAt) : ""}</td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}
