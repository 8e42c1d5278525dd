"use client";
import { useState } from "react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../../src/client/trpc";
import { useHostPermissions } from "../../../../src/client/permissions";
import { shortId } from "../../../../src/client/format";
import { NetworkCreateForm } from "../../../../src/client/components/NetworkCreateForm";
import { NetworkPruneButton } from "../../../../src/client/components/NetworkPruneButton";
import { Badge, Button, ErrorBanner, QueryError, Table } from "../../../../src/client/components/ui";

export default function NetworksPage() {
  const { hostId } = useParams<{ hostId: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const may = useHostPermissions(hostId);
  const networks = useQuery(trpc.networks.list.queryOptions({ hostId }));
  const [creating, setCreating] = useState(false);
  const remove = useMutation(trpc.networks.remove.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.networks.list.pathFilter()) }));
  const rows = [...(networks.data ?? [])].sort((a, b) => Number(b.predefined) - Number(a.predefined) || a.name.localeCompare(b.name));
  return (
    <div className="space-y-3">
      <QueryError error={networks.error} />
      {remove.error && <ErrorBanner message={remove.error.message} onClose={() => remove.reset()} />}
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-xs text-zinc-500">
          A network is an isolated address space: containers on the same network reach each other by name (the engine&apos;s embedded DNS); the default <span className="mono">bridge</span> network has no name resolution.
        </p>
        {may.has("network.manage") && (
          <span className="ml-auto flex gap-2">
            <NetworkPruneButton hostId={hostId} />
            <Button variant="primary" onClick={() => setCreating(true)} disabled={creating} data-testid="network-create">
              Create network
            </Button>
          </span>
        )}
      </div>
      {creating && <NetworkCreateForm hostId={hostId} onDone={() => setCreating(false)} />}
      <Table
        head={["Name", "ID", "Driver", "Subnet", "Gateway", "Containers", ""]}
        empty={networks.isPending ? <p className="px-4 py-8 text-center text-sm text-zinc-500">Listing networks…</p> : null}
      >
        {rows.map((n) => (
          <tr key={n.id} data-testid="network-row" className="hover:bg-zinc-900/70">
            <td className="px-3 py-2">
              <Link href={`/hosts/${hostId}/networks/${n.id}`} className="text-sky-300 underline decoration-sky-300/40 hover:decoration-sky-300">
                {n.name}
              </Link>{" "}
              {n.predefined && <Badge tone="zinc">built-in</Badge>} {n.internal && <Badge tone="amber">internal</Badge>} {n.attachable && <Badge tone="blue">attachable</Badge>}
            </td>
            <td className="mono px-3 py-2 text-xs text-zinc-400">{shortId(n.id)}</td>
            <td className="px-3 py-2 text-zinc-300">{n.driver}</td>
            <td className="mono px-3 py-2 text-xs text-zinc-300">{n.ipam.map((c) => c.subnet).join(", ") || "—"}</td>
            <td className="mono px-3 py-2 text-xs text-zinc-400">{n.ipam.map((c) => c.gateway ?? "").filter(Boolean).join(", ") || "—"}</td>
            <td className="px-3 py-2 text-xs text-zinc-400">{n.containers.length ? n.containers.join(", ") : "—"}</td>
            <td className="px-3 py-2 text-right">
              {may.has("network.manage") && !n.predefined && (
                <Button variant="subtleDanger" aria-label={`Remove network ${n.name}`} onClick={() => window.confirm(`Remove network ${n.name}?`) && remove.mutate({ hostId, id: n.id })}>
                  Remove
                </Button>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
