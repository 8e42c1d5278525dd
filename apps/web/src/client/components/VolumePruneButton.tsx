"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { DialogButton } from "./DialogButton";
import { bytes } from "../format";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorBanner, QueryError } from "./ui";

/** "Prune unused volumes": lists what would go with sizes; removes exactly those once confirmed. */
export function VolumePruneButton({ hostId }: { hostId: string }) {
  return <DialogButton label="Prune unused…" testId="volume-prune" dialog={(close) => <PruneDialog hostId={hostId} onClose={close} />} />;
}

function PruneDialog({ hostId, onClose }: { hostId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preview = useQuery({ ...trpc.volumes.prunePreview.queryOptions({ hostId }), staleTime: 0, gcTime: 0 });
  const prune = useMutation(trpc.volumes.prune.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.volumes.list.pathFilter()) }));
  const volumes = preview.data?.volumes ?? [];
  const total = volumes.reduce((n, v) => n + (v.size ?? 0), 0);
  const report = prune.data;
  return (
    <ConfirmDialog title="Prune unused volumes" confirmLabel={report ? "Close" : volumes.length ? `Remove ${volumes.length}` : "Nothing to remove"} danger={!report} onCancel={onClose} onConfirm={() => (report || volumes.length === 0 ? onClose() : prune.mutate({ hostId, names: volumes.map((v) => v.name) }))}>
      <QueryError error={preview.error} />
      {prune.error && <ErrorBanner message={prune.error.message} />}
      {report ? (
        <div data-testid="volume-prune-report" className="space-y-1 text-xs">
          <p>
            Removed {report.removed.length}, freed {bytes(report.spaceReclaimed)}.
          </p>
          {report.failed.map((f) => (
            <p key={f.name} className="text-rose-300">
              {f.name}: {f.message}
            </p>
          ))}
        </div>
      ) : !preview.data ? (
        <p>Asking the engine…</p>
      ) : volumes.length === 0 ? (
        <p>No unused volumes: every volume is mounted by a container.</p>
      ) : (
        <>
          <ul data-testid="volume-prune-preview" className="mono max-h-64 space-y-1 overflow-y-auto text-xs">
            {volumes.map((v) => (
              <li key={v.name}>
                {v.anonymous ? `${v.name.slice(0, 12)}… (anonymous)` : v.name} <span className="text-zinc-500">{v.size === null ? "size unknown" : bytes(v.size)}</span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs">Unused: no container, running or stopped, mounts it. The data in them is deleted for good ({bytes(total)} measured).</p>
        </>
      )}
    </ConfirmDialog>
  );
}
