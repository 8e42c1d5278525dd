"use client";
import { useState } from "react";
import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../../../src/client/trpc";
import { ConfirmDialog } from "../../../../../src/client/components/ConfirmDialog";
import { TextField } from "../../../../../src/client/components/forms";
import { Button, ErrorBanner } from "../../../../../src/client/components/ui";

/** The hex id without "sha256:": what the detail page's URL carries. */
export const imagePath = (hostId: string, id: string) => `/hosts/${hostId}/images/${id.replace(/^sha256:/, "")}`;

/** Inspect / tag / remove for one image; buttons follow the user's permissions (the server checks anyway). */
export function ImageActions({ hostId, image, can }: { hostId: string; image: { id: string; repoTags: string[] }; can: ReadonlySet<string> }) {
  // Row buttons name their image ("Remove web:1.2…"), an untagged one by its short id.
  const subject = image.repoTags[0] ?? image.id.replace(/^sha256:/, "").slice(0, 12);
  const [dialog, setDialog] = useState<"tag" | "remove" | null>(null);
  return (
    <div className="flex justify-end gap-1.5">
      <Link href={imagePath(hostId, image.id)} data-testid="image-inspect" aria-label={`Inspect ${subject}`} className="touch-target inline-flex items-center rounded bg-zinc-800 px-2.5 py-1 text-xs font-medium text-zinc-100 ring-1 ring-inset ring-zinc-700 hover:bg-zinc-700">
        Inspect
      </Link>
      {can.has("image.build") && (
        <Button onClick={() => setDialog("tag")} data-testid="image-tag" aria-label={`Tag ${subject}…`}>
          Tag…
        </Button>
      )}
      {can.has("image.delete") && (
        <Button variant="subtleDanger" onClick={() => setDialog("remove")} data-testid="image-remove" aria-label={`Remove ${subject}…`}>
          Remove…
        </Button>
      )}
      {dialog === "tag" && <TagDialog hostId={hostId} image={image} onClose={() => setDialog(null)} />}
      {dialog === "remove" && <RemoveDialog hostId={hostId} image={image} onClose={() => setDialog(null)} />}
    </div>
  );
}

function useRefreshImages() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries(trpc.images.list.pathFilter());
}

function TagDialog({ hostId, image, onClose }: { hostId: string; image: { id: string; repoTags: string[] }; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshImages();
  const [target, setTarget] = useState("");
  const tag = useMutation(trpc.images.tag.mutationOptions({ onSuccess: async () => (await refresh(), onClose()) }));
  return (
    <ConfirmDialog title="Tag image" confirmLabel="Tag" onCancel={onClose} onConfirm={() => tag.mutate({ hostId, id: image.id, target })}>
      {tag.error && <ErrorBanner message={tag.error.message} />}
      <TextField label="New name (repository:tag)" value={target} onChange={(e) => setTarget(e.target.value)} placeholder="registry.example.com:5000/team/app:1.0" data-testid="tag-target" autoFocus />
      <p className="mt-2 text-xs">A tag is only a name pointing at the image id; no layer is copied. Without &quot;:tag&quot; it is :latest. To push it, the repository must start with the registry&apos;s host.</p>
    </ConfirmDialog>
  );
}

function RemoveDialog({ hostId, image, onClose }: { hostId: string; image: { id: string; repoTags: string[] }; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshImages();
  const [force, setForce] = useState(false);
  const remove = useMutation(trpc.images.remove.mutationOptions({ onSuccess: async () => (await refresh(), onClose()) }));
  const name = image.repoTags[0] ?? image.id.replace(/^sha256:/, "").slice(0, 12);
  return (
    <ConfirmDialog title={`Remove ${name}?`} confirmLabel={force ? "Force remove" : "Remove"} danger onCancel={onClose} onConfirm={() => remove.mutate({ hostId, id: image.id, force })}>
      {/* The engine's own words: "conflict: unable to delete … image is being used by running container …" */}
      {remove.error && <ErrorBanner message={remove.error.message} />}
      <p>
        Removes the image by id: every tag ({image.repoTags.length ? image.repoTags.join(", ") : "none"}) and the layers no other image shares.
        {image.repoTags.length > 1 && " To remove one name only, use Untag next to that name."}
      </p>
      <label className="mt-3 flex items-center gap-2 text-xs text-zinc-300">
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} data-testid="remove-force" />
        Force: also untag it when several names or stopped containers refer to it (a running container still blocks removal)
      </label>
    </ConfirmDialog>
  );
}
