"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { PruneMode } from "@dockmaster/protocol";
import { useTRPC } from "../../../../../src/client/trpc";
import { DialogButton } from "../../../../../src/client/components/DialogButton";
import { bytes, shortId } from "../../../../../src/client/format";
import { ConfirmDialog } from "../../../../../src/client/components/ConfirmDialog";
import { ErrorBanner, QueryError } from "../../../../../src/client/components/ui";

/** "Prune images": a preview of what goes and the space freed (dangling or all unused), then confirm. */
export function ImagePruneButton({ hostId }: { hostId: string }) {
  return <DialogButton label="Prune…" testId="image-prune" dialog={(close) => <PruneDialog hostId={hostId} onClose={close} />} />;
}

function PruneDialog({ hostId, onClose }: { hostId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<PruneMode>("dangling");
  const preview = useQuery({ ...trpc.images.prunePreview.queryOptions({ hostId, mode }), staleTime: 0, gcTime: 0 });
  const prune = useMutation(
    trpc.images.prune.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.images.list.pathFilter());
        onClose();
      },
    }),
  );
  const p = preview.data;
  const count = p?.images.length ?? 0;
  return (
    <ConfirmDialog title="Prune images" confirmLabel={count > 0 ? `Remove ${count}` : "Nothing to remove"} danger onCancel={onClose} onConfirm={() => p && count > 0 && prune.mutate({ hostId, mode: p.mode, at: p.at })}>
      <div className="mb-3 flex gap-4 text-xs text-zinc-300">
        <label className="flex items-center gap-1.5">
          <input type="radio" name="prune-mode" checked={mode === "dangling"} onChange={() => setMode("dangling")} data-testid="prune-dangling" />
          Dangling (untagged) only
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="prune-mode" checked={mode === "unused"} onChange={() => setMode("unused")} data-testid="prune-unused" />
          All unused
        </label>
      </div>
      <QueryError error={preview.error} />
      {prune.error && <ErrorBanner message={prune.error.message} />}
      {!p || p.mode !== mode ? (
        <p>Asking the engine…</p>
      ) : count === 0 ? (
        <p>Nothing to prune: every {mode === "dangling" ? "untagged image" : "image"} is used by a container, or there is none.</p>
      ) : (
        <>
          <p data-testid="prune-space">
            Frees at least <span className="text-zinc-100">{bytes(p.spaceReclaimable)}</span> ({count} image{count === 1 ? "" : "s"}).
          </p>
          <ul data-testid="image-prune-preview" className="mono mt-2 max-h-64 space-y-1 overflow-y-auto text-xs">
            {p.images.map((i) => (
              <li key={i.id}>
                {i.repoTags.length ? i.repoTags.join(", ") : "<untagged>"} <span className="text-zinc-500">{shortId(i.id)} · {bytes(i.size)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="mt-2 text-xs">
        An image is unused when no container — running or stopped — was created from it. The space counts layers only these images hold; layers they share only with each other go too. Images created after this preview are kept.
      </p>
    </ConfirmDialog>
  );
}
