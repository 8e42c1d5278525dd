"use client";
import { useState } from "react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../src/client/trpc";
import { formatPorts, relativeTime } from "../../../src/client/format";
import { ContainerActions } from "../../../src/client/components/ContainerActions";
import { Badge, ErrorBanner, stateTone, Table } from "../../../src/client/components/ui";

export default function ContainersPage() {
  const { hostId } = useParams<{ hostId: string }>();
  const trpc = useTRPC();
  const containers = useQuery(trpc.containers.list.queryOptions({ hostId }));
  const [actionError, setActionError] = useState<string | null>(null);
  const rows = [...(containers.data ?? [])].sort((a, b) => b.created - a.created);
  return (
    <div className="space-y-3">
      {actionError && <ErrorBanner message={actionError} onClose={() => setActionError(null)} />}
      {containers.error && <ErrorBanner message={containers.error.message} />}
      <p className="text-xs text-zinc-500">
        Live: this table refreshes when the engine reports an event (docker events), pushed over socket.io.
        {containers.isFetching && " Refreshing…"}
      </p>
      <Table
        head={["Name", "Image", "State", "Status", "Ports", "Created", ""]}
        empty={containers.data && rows.length === 0 ? <p className="px-4 py-8 text-center text-sm text-zinc-400">No containers on this host.</p> : null}
      >
        {rows.map((c) => (
          <tr key={c.id} data-testid="container-row" data-container-name={c.name} className="hover:bg-zinc-900/70">
            <td className="px-3 py-2">
              <Link href={`/hosts/${hostId}/containers/${c.id}`} className="font-medium text-sky-300 hover:underline">
                {c.name}
              </Link>
            </td>
            <td className="mono px-3 py-2 text-xs text-zinc-300">{c.image}</td>
            <td className="px-3 py-2">
              <Badge tone={stateTone(c.state)} testId="container-state">
                {c.state}
              </Badge>
            </td>
            <td className="px-3 py-2 text-zinc-400">{c.status}</td>
            <td className="mono px-3 py-2 text-xs text-zinc-300">{formatPorts(c.ports) || "—"}</td>
            <td className="px-3 py-2 text-zinc-400">{relativeTime(c.created * 1000)}</td>
            <td className="px-3 py-2">
              <ContainerActions hostId={hostId} container={c} onError={setActionError} />
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
