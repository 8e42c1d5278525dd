"use client";
import { useState } from "react";
import { useParams } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../../src/client/trpc";
import { useHostPermissions } from "../../../../src/client/permissions";
import { bytes } from "../../../../src/client/format";
import { Ago } from "../../../../src/client/components/Ago";
import { VolumeCreateForm } from "../../../../src/client/components/VolumeCreateForm";
import { VolumePruneButton } from "../../../../src/client/components/VolumePruneButton";
import { Badge, Button, ErrorBanner, QueryError, Table } from "../../../../src/client/components/ui";

export default function VolumesPage() {
  const { hostId } = useParams<{ hostId: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const may = useHostPermissions(hostId);
  const volumes = useQuery(trpc.volumes.list.queryOptions({ hostId }));
  const [creating, setCreating] = useState(false);
  const remove = useMutation(trpc.volumes.remove.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.volumes.list.pathFilter()) }));
  const rows = [...(volumes.data ?? [])].sort((a, b) => Number(a.anonymous) - Number(b.anonymous) || a.name.localeCompare(b.name));
  return (
    <div className="space-y-3">
      <QueryError error={volumes.error} />
      {remove.error && <ErrorBanner message={remove.error.message} onClose={() => remove.reset()} />}
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-xs text-zinc-500">A volume is storage the engine manages outside any container&apos;s writable layer: it outlives the containers that mount it.</p>
        {may.has("volume.manage") && (
          <span className="ml-auto flex gap-2">
            <VolumePruneButton hostId={hostId} />
            <Button variant="primary" onClick={() => setCreating(true)} disabled={creating} data-testid="volume-create">
              Create volume
            </Button>
          </span>
        )}
      </div>
      {creating && <VolumeCreateForm hostId={hostId} onDone={() => setCreating(false)} />}
      <Table head={["Name", "Driver", "Used by", "Size", "Created", "Mountpoint", ""]} empty={volumes.isPending ? <p className="px-4 py-8 text-center text-sm text-zinc-500">Listing volumes…</p> : volumes.data && rows.length === 0 ? <p className="px-4 py-8 text-center text-sm text-zinc-400">No volumes on this host.</p> : null}>
        {rows.map((v) => (
          <tr key={v.name} data-testid="volume-row" className="hover:bg-zinc-900/70">
            <td className="mono px-3 py-2 text-xs text-zinc-200" title={v.name}>
              {v.anonymous ? `${v.name.slice(0, 12)}…` : v.name} {v.anonymous && <Badge tone="zinc">anonymous</Badge>}
            </td>
            <td className="px-3 py-2 text-zinc-300">
              {v.driver}
              {Object.keys(v.options).length > 0 && <div className="mono text-[10px] text-zinc-500">{Object.entries(v.options).map(([k, o]) => `${k}=${o}`).join(" ")}</div>}
            </td>
            <td className="px-3 py-2 text-xs text-zinc-400">{v.containers.length ? v.containers.join(", ") : <span className="text-zinc-500">unused</span>}</td>
            <td className="px-3 py-2 text-zinc-300">{v.size === null ? "—" : bytes(v.size)}</td>
            <td className="px-3 py-2 text-zinc-400">{v.created ? <Ago date={Date.parse(v.created)} /> : "—"}</td>
            <td className="mono max-w-64 truncate px-3 py-2 text-[10px] text-zinc-500" title={v.mountpoint}>
              {v.mountpoint}
            </td>
            <td className="px-3 py-2 text-right">
              {may.has("volume.manage") && (
                <Button variant="subtleDanger" aria-label={`Remove volume ${v.name}`} onClick={() => window.confirm(`Remove volume ${v.name}? Its data is deleted.`) && remove.mutate({ hostId, name: v.name })}>
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
