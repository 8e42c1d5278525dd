"use client";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../../../src/client/trpc";
import { bytes, shortId } from "../../../../../src/client/format";
import { Card, QueryError } from "../../../../../src/client/components/ui";
import { DefinitionRows } from "../../../../../src/client/components/DefinitionRows";
import { LayersTable } from "../_components/LayersTable";
import { useHostPermissions } from "../../../../../src/client/permissions";
import { ImageNames } from "../../../../../src/client/images/ImageNames";
import { PushImage } from "../../../../../src/client/images/PushImage";

const list = (items: string[] | null) => (items && items.length ? items.join(" ") : "—");

export default function ImageDetailPage() {
  const params = useParams<{ hostId: string; imageId: string }>();
  const hostId = params.hostId;
  const imageId = decodeURIComponent(params.imageId);
  const trpc = useTRPC();
  const router = useRouter();
  const can = useHostPermissions(hostId);
  const inspect = useQuery(trpc.images.inspect.queryOptions({ hostId, id: imageId }));
  const layers = useQuery({ ...trpc.images.layers.queryOptions({ hostId, id: imageId }), staleTime: 5 * 60_000 });
  const i = inspect.data;
  return (
    <div className="space-y-4">
      <Link href={`/hosts/${hostId}/images`} className="text-xs text-zinc-400 hover:text-white">
        ← Images
      </Link>
      <QueryError error={inspect.error} />
      {i && (
        <div className="grid gap-4 md:grid-cols-2">
          <Card title="Image" hint="The id is the SHA-256 of the image's config: same content, same id on every engine.">
            <DefinitionRows
              rows={[
                [
                  "Names",
                  // Untagging the last name deletes the image: then there is no page to stay on.
                  <ImageNames key="names" hostId={hostId} image={i} canUntag={can.has("image.delete")} onChanged={() => (i.repoTags.length <= 1 ? router.push(`/hosts/${hostId}/images`) : void inspect.refetch())} />,
                ],
                ["Id", shortId(i.id)],
                ["Digests", list(i.repoDigests)],
                ["Created", new Date(i.created).toLocaleString()],
                ["Size", bytes(i.size)],
                ["Platform", `${i.os}/${i.architecture}`],
                ["Author", i.author || "—"],
              ]}
            />
          </Card>
          <Card title="Config" hint="What a container starts with unless its own settings override it.">
            <DefinitionRows
              rows={[
                ["Entrypoint", list(i.config.entrypoint)],
                ["Cmd", list(i.config.cmd)],
                ["Working dir", i.config.workingDir || "/"],
                ["User", i.config.user || "root (0)"],
                ["Env", i.config.env.length ? i.config.env.map((e) => <div key={e}>{e}</div>) : "—"],
                ["Exposed ports", list(i.config.exposedPorts)],
                ["Labels", Object.keys(i.config.labels).length ? Object.entries(i.config.labels).map(([k, v]) => <div key={k}>{k}={v}</div>) : "—"],
              ]}
            />
          </Card>
        </div>
      )}
      {i && can.has("image.push") && (
        <Card title="Push" hint="Uploads the image's layers and manifest to a registry, so other engines can pull it by that name.">
          <PushImage hostId={hostId} image={i} canTag={can.has("image.build")} />
        </Card>
      )}
      <section className="space-y-2">
        <h2 className="text-base font-semibold text-white">Layers and history</h2>
        <QueryError error={layers.error} />
        {layers.isPending && <p className="text-sm text-zinc-500">Reading the image&apos;s layers (docker save, streamed)…</p>}
        {layers.data && <LayersTable report={layers.data} />}
      </section>
    </div>
  );
}
