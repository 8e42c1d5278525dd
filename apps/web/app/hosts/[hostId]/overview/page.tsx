"use client";
import { useParams, useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useHostPermissions } from "../../../../src/client/permissions";
import { useTRPC } from "../../../../src/client/trpc";
import { bytes } from "../../../../src/client/format";
import { Ago } from "../../../../src/client/components/Ago";
import { DefinitionRows } from "../../../../src/client/components/DefinitionRows";
import { DirectEngineAddressForm } from "../../../../src/client/components/DirectEngineAddressForm";
import { HostEditForm } from "../../../../src/client/components/HostEditForm";
import { LabelChips } from "../../../../src/client/components/HostsTable";
import { Button, Card, QueryError } from "../../../../src/client/components/ui";

/** The host's inventory, its edit form and its history (status changes pushed live). */
export default function HostOverviewPage() {
  const { hostId } = useParams<{ hostId: string }>();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const may = useHostPermissions(hostId);
  const host = useQuery(trpc.hosts.get.queryOptions({ hostId }));
  const history = useQuery(trpc.hosts.history.queryOptions({ hostId, limit: 100 }));
  const remove = useMutation(
    trpc.hosts.remove.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.hosts.list.pathFilter());
        router.replace("/hosts");
      },
    }),
  );
  const h = host.data;
  if (!h) return <QueryError error={host.error} />;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title="Inventory">
        <DefinitionRows
          rows={[
            ["Status", `${h.status}${h.statusReason ? ` — ${h.statusReason}` : ""}`],
            ["Labels", Object.keys(h.labels).length ? <LabelChips labels={h.labels} /> : "—"],
            ["Group", h.groupName ?? "—"],
            ["Engine", h.engineVersion ? `Docker ${h.engineVersion} · API ${h.apiVersion ?? "?"}` : "—"],
            ["OS / arch", [h.os, h.arch].filter(Boolean).join(" / ") || "—"],
            ["Kernel", h.kernelVersion ?? "—"],
            ["CPU / memory", h.cpus ? `${h.cpus} CPU · ${h.memoryBytes ? bytes(h.memoryBytes) : "?"}` : "—"],
            ["Containers", `${h.runningCount} running of ${h.containerCount}`],
            ["Images", String(h.imageCount)],
            ["Agent", h.directUrl ? `${h.agentVersion ?? "?"} (in the control plane, direct engine ${h.directUrl})` : (h.agentVersion ?? "—")],
            ["Connected since", h.status !== "offline" && h.connectedAt ? <Ago date={h.connectedAt} /> : "—"],
            ["Last seen", <Ago key="seen" date={h.lastSeenAt} />],
          ]}
        />
      </Card>
      <Card title="History">
        <QueryError error={history.error} />
        <ol className="max-h-96 space-y-1 overflow-y-auto text-xs" data-testid="host-history">
          {(history.data ?? []).map((e) => (
            <li key={e.id} className="flex gap-3">
              <span className="w-40 shrink-0 text-zinc-500">{e.time.toLocaleString()}</span>
              <span className="font-medium text-zinc-200">{e.kind}</span>
              {e.reason && <span className="text-zinc-400">{e.reason}</span>}
            </li>
          ))}
        </ol>
      </Card>
      {may.has("host.manage") && (
        <Card title="Edit">
          <HostEditForm key={`${h.name}|${JSON.stringify(h.labels)}|${h.groupId}`} host={h} />
          <div className="mt-4 border-t border-zinc-800 pt-3">
            <Button variant="danger" onClick={() => window.confirm(`Remove ${h.name}? The host and its state are deleted and its agent is refused.`) && remove.mutate({ hostId })}>
              Remove host
            </Button>
          </div>
        </Card>
      )}
      {may.has("host.manage") && h.directUrl && (
        <Card title="Engine address">
          <DirectEngineAddressForm key={h.directUrl} hostId={hostId} currentUrl={h.directUrl} />
        </Card>
      )}
    </div>
  );
}
