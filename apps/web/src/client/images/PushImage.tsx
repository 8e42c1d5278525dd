"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Button, ErrorBanner } from "../components/ui";
import { TransferRun } from "./ImageTransfer";
import { registryOf, retarget } from "./push-target";

const inputClass = "mono rounded bg-zinc-900 px-2 py-1 text-sm ring-1 ring-zinc-700";
/** The registry select's value for "the tag's own registry". */
const OWN = "";

/**
 * Push one of the image's tags: to the registry its name already points at, or to a stored
 * registry (Registries page) under a new name there (a tag, made first, needs image.build). The
 * server adds the stored login of the target's registry; progress is per layer, live.
 */
export function PushImage({ hostId, image, canTag }: { hostId: string; image: { id: string; repoTags: string[] }; canTag: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const targets = useQuery(trpc.images.pushTargets.queryOptions({ hostId }));
  const [source, setSource] = useState(image.repoTags[0] ?? "");
  const [registry, setRegistry] = useState(OWN);
  const [target, setTarget] = useState(image.repoTags[0] ?? "");
  const [run, setRun] = useState<{ n: number; reference: string } | null>(null);
  const tag = useMutation(trpc.images.tag.mutationOptions());

  if (image.repoTags.length === 0) return <p className="text-xs text-zinc-500">An untagged image cannot be pushed: tag it first (registry:5000/name:tag).</p>;
  const choose = (nextSource: string, nextRegistry: string) => {
    setSource(nextSource);
    setRegistry(nextRegistry);
    setTarget(nextRegistry === OWN ? nextSource : retarget(nextSource, nextRegistry));
  };
  const renaming = target.trim() !== source;
  const push = async () => {
    const reference = target.trim();
    tag.reset();
    if (renaming) {
      await tag.mutateAsync({ hostId, id: image.id, target: reference });
      await queryClient.invalidateQueries(trpc.images.pathFilter());
    }
    setRun((r) => ({ n: (r?.n ?? 0) + 1, reference }));
  };
  const stored = targets.data ?? [];
  return (
    <div className="space-y-2 text-sm">
      <div className="grid grid-cols-[8rem_1fr] items-center gap-2">
        <label htmlFor="push-source" className="text-xs text-zinc-400">Tag</label>
        <select id="push-source" aria-label="Tag to push" data-testid="push-reference" className={inputClass} value={source} onChange={(e) => choose(e.target.value, registry)}>
          {image.repoTags.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <label htmlFor="push-registry" className="text-xs text-zinc-400">Registry</label>
        <select id="push-registry" aria-label="Registry" data-testid="push-registry" className={inputClass} value={registry} onChange={(e) => choose(source, e.target.value)}>
          <option value={OWN}>its own registry ({registryOf(source)})</option>
          {stored.map((r) => (
            <option key={r.host} value={r.host}>
              {r.name} ({r.host})
            </option>
          ))}
        </select>
        <label htmlFor="push-target" className="text-xs text-zinc-400">Push as</label>
        <input id="push-target" aria-label="Push as" data-testid="push-target" className={inputClass} value={target} onChange={(e) => setTarget(e.target.value)} />
      </div>
      <p className="text-xs text-zinc-500">
        {renaming
          ? `Tags the image as ${target.trim() || "…"} first (a new name for the same image id; no layer is copied), then pushes that name to ${registryOf(target.trim())}.`
          : `Pushes ${source} to ${registryOf(source)}: the engine uploads the layers the registry lacks, then the manifest.`}{" "}
        {stored.length === 0 && "No registry logins are stored yet (Registries page): a registry that needs a login will refuse the push."}
      </p>
      {tag.error && <ErrorBanner message={`Tagging as ${target.trim()} failed: ${tag.error.message}`} />}
      <Button variant="primary" data-testid="push-submit" disabled={!target.trim() || tag.isPending || (renaming && !canTag)} onClick={() => void push().catch(() => undefined)}>
        Push
      </Button>
      {renaming && !canTag && <p className="text-xs text-amber-300">Pushing under a new name needs the image.build permission (to tag it first).</p>}
      {run && <TransferRun key={run.n} hostId={hostId} kind="push" reference={run.reference} onDone={() => void queryClient.invalidateQueries(trpc.images.pathFilter())} />}
    </div>
  );
}
