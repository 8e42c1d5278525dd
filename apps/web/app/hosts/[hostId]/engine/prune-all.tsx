"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { PruneAllPreview } from "@dockmaster/protocol";
import { useTRPC } from "../../../../src/client/trpc";
import { bytes } from "../../../../src/client/format";
import { useHostPermissions } from "../../../../src/client/permissions";
import { ConfirmDialog } from "../../../../src/client/components/ConfirmDialog";
import { ErrorBanner, QueryError } from "../../../../src/client/components/ui";
import { DialogButton } from "../../../../src/client/components/DialogButton";

/** Prune-all deletes four kinds of object: the user needs the delete permission of each. */
export const PRUNE_ALL_NEEDS = ["container.delete", "image.delete", "network.manage", "volume.manage"] as const;

function Group({ title, items }: { title: string; items: PruneAllPreview["containers"] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <div className="text-xs font-semibold text-zinc-300">
        {title} ({items.length})
      </div>
      <ul className="mono text-[11px] text-zinc-400">
        {items.map((i) => (
          <li key={i.id}>
            {i.name} {i.size > 0 && <span className="text-zinc-500">{bytes(i.size)}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function PruneDialog({ hostId, onClose }: { hostId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [allImages, setAllImages] = useState(false);
  const [namedVolumes, setNamedVolumes] = useState(false);
  const preview = useQuery({ ...trpc.engine.prunePreview.queryOptions({ hostId, allImages, namedVolumes }), staleTime: 0, gcTime: 0 });
  const prune = useMutation(trpc.engine.pruneAll.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const p = preview.data;
  const r = prune.data;
  const nothing = p && p.containers.length + p.images.length + p.networks.length + p.volumes.length + p.buildCache.count === 0;
  return (
    <ConfirmDialog
      title="Prune everything unused"
      danger={!r}
      confirmLabel={r ? "Close" : nothing ? "Nothing to remove" : `Remove, freeing about ${p ? bytes(p.spaceReclaimable) : "…"}`}
      onCancel={onClose}
      onConfirm={() => (r || nothing || !p ? onClose() : prune.mutate({ hostId, at: p.at, allImages, volumes: p.volumes.map((v) => v.name) }))}
    >
      <QueryError error={preview.error} />
      {prune.error && <ErrorBanner message={prune.error.message} />}
      {r ? (
        <div data-testid="prune-all-result" className="space-y-1 text-xs">
          <p>
            Removed {r.containers.length} containers, {r.images.length} images, {r.networks.length} networks, {r.volumes.length} volumes and {r.buildCacheEntries} build cache entries; freed {bytes(r.spaceReclaimed)}.
          </p>
          {r.failed.map((f) => (
            <p key={f.name} className="text-rose-300">
              {f.name}: {f.message}
            </p>
          ))}
        </div>
      ) : (
        <div className="space-y-2">
          <div className="flex flex-wrap gap-4 text-xs text-zinc-300">
            <label className="flex items-center gap-1.5">
              <input type="checkbox" checked={allImages} onChange={(e) => setAllImages(e.target.checked)} /> also tagged images no container uses
            </label>
            <label className="flex items-center gap-1.5">
              <input type="checkbox" checked={namedVolumes} onChange={(e) => setNamedVolumes(e.target.checked)} /> also named volumes
            </label>
          </div>
          {!p ? (
            <p>Asking the engine…</p>
          ) : nothing ? (
            <p>Nothing unused on this engine.</p>
          ) : (
            <div data-testid="prune-all-preview" className="max-h-72 space-y-2 overflow-y-auto">
              <Group title="Stopped containers" items={p.containers} />
              <Group title={allImages ? "Unused images" : "Dangling images"} items={p.images} />
              <Group title="Unused networks" items={p.networks} />
              <Group title="Unused volumes (data deleted)" items={p.volumes} />
              {p.buildCache.count > 0 && (
                <div className="text-xs text-zinc-300">
                  Build cache: {p.buildCache.count} entries, {bytes(p.buildCache.size)}
                </div>
              )}
              <p className="text-xs">
                About <strong>{bytes(p.spaceReclaimable)}</strong> freed. Stopped containers go first, so what only they used goes too. Objects created after this preview are kept.
              </p>
            </div>
          )}
        </div>
      )}
    </ConfirmDialog>
  );
}

/** The engine page's "prune everything unused", shown only to users holding every needed permission. */
export function PruneAll({ hostId }: { hostId: string }) {
  const may = useHostPermissions(hostId);
  if (!PRUNE_ALL_NEEDS.every((p) => may.has(p))) return null;
  return <DialogButton variant="danger" label="Prune everything unused…" testId="prune-all" dialog={(close) => <PruneDialog hostId={hostId} onClose={close} />} />;
}
