"use client";
import { useParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../src/client/trpc";
import { BatchProgress } from "../../../src/client/components/BatchProgress";

/** One bulk action: who started it and when, every target's live state, the summary. */
export default function BatchPage() {
  const { batchId } = useParams<{ batchId: string }>();
  const trpc = useTRPC();
  const batch = useQuery(trpc.bulk.get.queryOptions({ batchId }));
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold text-white">Bulk action</h1>
      {batch.data && (
        <p className="text-sm text-zinc-400">
          Started by <span className="text-zinc-200">{batch.data.actorName}</span> at {new Date(batch.data.createdAt).toLocaleString()}
          {batch.data.finishedAt && <> · finished {new Date(batch.data.finishedAt).toLocaleString()}</>}
        </p>
      )}
      <BatchProgress batchId={batchId} showLink={false} />
    </div>
  );
}
