"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { DialogButton } from "./DialogButton";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorBanner, QueryError } from "./ui";

/** "Prune unused networks": shows what would go (fetched when opened), then prunes only those. */
export function NetworkPruneButton({ hostId }: { hostId: string }) {
  return <DialogButton label="Prune unused…" testId="network-prune" dialog={(close) => <PruneDialog hostId={hostId} onClose={close} />} />;
}

function PruneDialog({ hostId, onClose }: { hostId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preview = useQuery({ ...trpc.networks.prunePreview.queryOptions({ hostId }), staleTime: 0, gcTime: 0 });
  const prune = useMutation(
    trpc.networks.prune.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.networks.list.pathFilter());
        onClose();
      },
    }),
  );
  const p = preview.data;
  return (
    <ConfirmDialog title="Prune unused networks" confirmLabel={p && p.networks.length > 0 ? `Remove ${p.networks.length}` : "Nothing to remove"} danger onCancel={onClose} onConfirm={() => p && p.networks.length > 0 && prune.mutate({ hostId, until: p.at })}>
      <QueryError error={preview.error} />
      {prune.error && <ErrorBanner message={prune.error.message} />}
      {!p ? (
        <p>Asking the engine…</p>
      ) : p.networks.length === 0 ? (
        <p>No unused custom networks: every one has a running container attached (bridge, host and none are never pruned).</p>
      ) : (
        <ul data-testid="network-prune-preview" className="mono max-h-64 space-y-1 overflow-y-auto text-xs">
          {p.networks.map((n) => (
            <li key={n.id}>
              {n.name} <span className="text-zinc-500">({n.driver})</span>
              {n.stoppedContainers.length > 0 && <div className="text-amber-300">still configured on stopped {n.stoppedContainers.join(", ")} — they will not start on it again</div>}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-xs">The engine counts a network as used only while a running container is attached to it. Networks created after this preview are kept.</p>
    </ConfirmDialog>
  );
}
