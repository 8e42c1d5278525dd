"use client";
import { useState } from "react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../../src/client/trpc";
import { bytes, shortId } from "../../../../src/client/format";
import { useHostPermissions } from "../../../../src/client/permissions";
import { Ago } from "../../../../src/client/components/Ago";
import { Button, QueryError, Table } from "../../../../src/client/components/ui";
import { PullImage } from "../../../../src/client/images/ImageTransfer";
import { ImageNames } from "../../../../src/client/images/ImageNames";
import { ImageActions } from "./_components/ImageActions";
import { UpdateBadge } from "../../../../src/client/updates/UpdateBadge";
import { useHostUpdateStatus } from "../../../../src/client/updates/use-update-status";
import { ImagePruneButton } from "./_components/ImagePruneButton";

export default function ImagesPage() {
  const { hostId } = useParams<{ hostId: string }>();
  const trpc = useTRPC();
  const can = useHostPermissions(hostId);
  const images = useQuery(trpc.images.list.queryOptions({ hostId }));
  const [pulling, setPulling] = useState(false);
  const updates = useHostUpdateStatus(hostId, can.has("image.view"));
  const rows = [...(images.data ?? [])].sort((a, b) => b.created - a.created);
  return (
    <div className="space-y-3">
      <QueryError error={images.error} />
      <div className="flex items-start justify-between gap-4">
        <p className="text-xs text-zinc-500">
          An image is a stack of read-only layers (one per Dockerfile step); every container adds its own thin copy-on-write layer on top.
        </p>
        <div className="flex shrink-0 items-center gap-2">
          {can.has("image.build") && (
            <Link href={`/hosts/${hostId}/images/build`} data-testid="open-build" className="rounded bg-zinc-800 px-2.5 py-1 text-xs font-medium text-zinc-100 ring-1 ring-inset ring-zinc-700 hover:bg-zinc-700">
              Build an image
            </Link>
          )}
          {can.has("image.pull") && (
            <Button data-testid="open-pull" onClick={() => setPulling(!pulling)}>
              Pull an image
            </Button>
          )}
          {can.has("image.delete") && <ImagePruneButton hostId={hostId} />}
        </div>
      </div>
      {pulling && <PullImage hostId={hostId} onPulled={() => void images.refetch()} />}
      <Table head={["Repository:tag", "ID", "Size", "Created", "Containers", ""]} empty={images.isPending ? <p className="px-4 py-8 text-center text-sm text-zinc-500">Listing images…</p> : images.data && rows.length === 0 ? <p className="px-4 py-8 text-center text-sm text-zinc-400">No images on this host.</p> : null}>
        {rows.map((i) => (
          <tr key={i.id} data-testid="image-row" className="hover:bg-zinc-900/70">
            <td className="px-3 py-2 text-xs text-zinc-200">
              <ImageNames hostId={hostId} image={i} canUntag={can.has("image.delete")} />
              {i.repoTags.some((t) => updates.images.get(`${i.id} ${t}`)?.state === "available") && <UpdateBadge status={{ state: "available" }} />}
            </td>
            <td className="mono px-3 py-2 text-xs text-zinc-400">{shortId(i.id)}</td>
            <td className="px-3 py-2 text-zinc-300">{bytes(i.size)}</td>
            <td className="px-3 py-2 text-zinc-400"><Ago date={i.created * 1000} /></td>
            <td className="px-3 py-2 text-zinc-400">{i.containers >= 0 ? i.containers : "—"}</td>
            <td className="px-3 py-2">
              <ImageActions hostId={hostId} image={i} can={can} />
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
