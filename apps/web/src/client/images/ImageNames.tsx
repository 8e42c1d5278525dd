"use client";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorBanner } from "../components/ui";

interface Image {
  id: string;
  repoTags: string[];
}

const short = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);

/**
 * An image's names, each with its own Untag button (image.delete): removing one name leaves the
 * image and its other names alone — unlike Remove, which deletes by id and takes every name.
 */
export function ImageNames({ hostId, image, canUntag, onChanged }: { hostId: string; image: Image; canUntag: boolean; onChanged?: () => void }) {
  const [untagging, setUntagging] = useState<string | null>(null);
  if (image.repoTags.length === 0) return <span className="text-zinc-500">&lt;untagged&gt;</span>;
  return (
    <ul className="space-y-0.5">
      {image.repoTags.map((tag) => (
        <li key={tag} data-testid="image-name" data-name={tag} className="flex items-center gap-1.5">
          <span className="mono">{tag}</span>
          {canUntag && (
            <button type="button" onClick={() => setUntagging(tag)} aria-label={`Untag ${tag}`} title={`Remove the name ${tag} only`} className="rounded px-1 text-[11px] text-zinc-500 ring-1 ring-inset ring-zinc-700 hover:bg-zinc-800 hover:text-zinc-200">
              Untag
            </button>
          )}
        </li>
      ))}
      {untagging && <UntagDialog hostId={hostId} image={image} reference={untagging} onClose={() => setUntagging(null)} onDone={onChanged} />}
    </ul>
  );
}

function UntagDialog({ hostId, image, reference, onClose, onDone }: { hostId: string; image: Image; reference: string; onClose: () => void; onDone?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const untag = useMutation(
    trpc.images.untag.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.images.list.pathFilter());
        onClose();
        onDone?.();
      },
    }),
  );
  const others = image.repoTags.filter((t) => t !== reference);
  const last = others.length === 0;
  return (
    <ConfirmDialog title={last ? `Untag ${reference} and delete the image?` : `Untag ${reference}?`} confirmLabel={last ? "Untag and delete image" : "Untag"} danger={last} onCancel={onClose} onConfirm={() => untag.mutate({ hostId, id: image.id, reference })}>
      {untag.error && <ErrorBanner message={untag.error.message} />}
      {last ? (
        <p data-testid="untag-last-warning">
          {reference} is the last name of image {short(image.id)}: removing it deletes the image and the layers no other image shares. If a container still uses the image, the engine refuses and nothing changes.
        </p>
      ) : (
        <p>
          Removes only the name {reference}. Image {short(image.id)} stays, with its other {others.length === 1 ? "name" : "names"} ({others.join(", ")}) and all its layers.
        </p>
      )}
    </ConfirmDialog>
  );
}
