"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Ago } from "../components/Ago";
import { Badge, Button, ErrorBanner, QueryError, Table } from "../components/ui";
import { DeployPanel } from "./DeployPanel";
import { DiffView } from "./DiffView";
import { useFocusReturn } from "./use-focus-return";

type Compare = { from: number | "deployed"; to?: number };

/**
 * The stack's revisions (author, time, message, content hash, git commit) and its deploys on this
 * host; a diff between two revisions or against what is deployed here (the .env masked); rollback
 * adds a revision with an old one's content, then offers its plan and deploy.
 */
export function StackHistoryTab({ stackId, stackName, hostId, hostName, deployedRevision, mayDeploy }: { stackId: string; stackName: string; hostId: string; hostName: string; deployedRevision: number | null; mayDeploy: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revisions = useQuery(trpc.stacks.revisions.queryOptions({ hostId, stackId }));
  const deploys = useQuery(trpc.stacks.deploys.queryOptions({ hostId, stackId }));
  const [compare, setCompare] = useState<Compare | null>(null);
  const diff = useQuery({ ...trpc.stacks.diff.queryOptions({ hostId, stackId, ...(compare ?? { from: 1 }) }), enabled: compare !== null });
  const [asking, setAsking] = useState<number | null>(null);
  const [rolledBack, setRolledBack] = useState<number | null>(null);
  const focus = useFocusReturn();
  const rollback = useMutation(
    trpc.stacks.rollback.mutationOptions({
      onSuccess: (result) => {
        setRolledBack(result.revision);
        void queryClient.invalidateQueries(trpc.stacks.pathFilter());
      },
    }),
  );
  const latest = revisions.data?.[0]?.number;
  return (
    <div className="space-y-4">
      <QueryError error={revisions.error} />
      {rollback.error && <ErrorBanner message={rollback.error.message} onClose={() => rollback.reset()} />}
      <div className="flex flex-wrap gap-2">
        {deployedRevision !== null && latest !== undefined && (
          <Button onClick={() => setCompare({ from: "deployed" })}>{`Diff deployed r${deployedRevision} against latest r${latest}`}</Button>
        )}
      </div>
      <Table head={["Revision", "When", "Author", "Message", "Content", ""]} empty={revisions.data?.length === 0 ? <p className="px-4 py-6 text-center text-sm text-zinc-500">No revision.</p> : null}>
        {(revisions.data ?? []).map((r, i, all) => (
          <tr key={r.id} data-testid="stack-revision" data-revision={r.number}>
            <td className="mono px-3 py-1.5 text-xs text-zinc-200">
              r{r.number} {r.number === deployedRevision && <Badge tone="green">deployed here</Badge>}
            </td>
            <td className="px-3 py-1.5 text-xs text-zinc-400">
              <Ago date={new Date(r.createdAt).getTime()} />
            </td>
            <td className="px-3 py-1.5 text-xs text-zinc-300">{r.authorName ?? "—"}</td>
            <td className="px-3 py-1.5 text-xs text-zinc-300">{r.message || <span className="text-zinc-500">no message</span>}</td>
            <td className="mono px-3 py-1.5 text-[11px] text-zinc-500" title={r.contentHash}>
              {r.contentHash.replace(/^sha256:/, "").slice(0, 12)}
              {r.gitCommit && <span className="ml-2 text-zinc-400">git {r.gitCommit.slice(0, 10)}</span>}
            </td>
            <td className="space-x-1 whitespace-nowrap px-3 py-1.5 text-right">
              {all[i + 1] && <Button onClick={() => setCompare({ from: all[i + 1]!.number, to: r.number })}>{`Diff r${all[i + 1]!.number} → r${r.number}`}</Button>}
              {mayDeploy && r.number !== latest && (
                <Button
                  onClick={() => {
                    focus.remember();
                    setAsking(r.number);
                  }}
                >
                  {`Roll back ${stackName} to r${r.number}`}
                </Button>
              )}
            </td>
          </tr>
        ))}
      </Table>
      {compare && (
        <section className="space-y-2" aria-label="Diff">
          <div className="flex items-center gap-2">
            <h3 className="text-sm font-semibold text-white">{diff.data ? `Revision ${diff.data.from} → revision ${diff.data.to}` : "Diff"}</h3>
            <Button onClick={() => setCompare(null)}>Close diff</Button>
          </div>
          <QueryError error={diff.error} />
          {diff.data && <DiffView files={diff.data.files} label={`Diff of ${stackName}`} />}
        </section>
      )}
      {rolledBack !== null && (
        <div className="space-y-2">
          <p role="status" className="text-sm text-emerald-300">
            Revision {rolledBack} holds the old files. Plan and deploy it to run them on {hostName}.
          </p>
          <DeployPanel stackId={stackId} stackName={stackName} hostId={hostId} hostName={hostName} deployed={deployedRevision !== null} />
        </div>
      )}
      {asking !== null && (
        <ConfirmDialog
          title={`Roll back ${stackName} to revision ${asking}?`}
          confirmLabel="Roll back"
          onCancel={() => {
            setAsking(null);
            focus.restore();
          }}
          onConfirm={() => {
            rollback.mutate({ hostId, stackId, revision: asking, deploy: false });
            setAsking(null);
            focus.restore();
          }}
        >
          A new revision is added with the files (and .env) of revision {asking}; nothing runs until you deploy it.
        </ConfirmDialog>
      )}
      <section className="space-y-2">
        <h3 className="text-sm font-semibold text-white">Deploys on {hostName}</h3>
        <QueryError error={deploys.error} />
        <Table head={["When", "Action", "Revision", "Outcome", "Details"]} empty={deploys.data?.length === 0 ? <p className="px-4 py-6 text-center text-sm text-zinc-500">Never deployed here.</p> : null}>
          {(deploys.data ?? []).map((d) => (
            <tr key={d.id} data-testid="stack-deploy" data-status={d.status}>
              <td className="px-3 py-1.5 text-xs text-zinc-400">
                <Ago date={new Date(d.startedAt).getTime()} />
              </td>
              <td className="mono px-3 py-1.5 text-xs">{d.action}</td>
              <td className="mono px-3 py-1.5 text-xs">{d.revisionNumber ? `r${d.revisionNumber}` : ""}</td>
              <td className="px-3 py-1.5">
                <Badge tone={d.status === "succeeded" ? "green" : d.status === "running" ? "blue" : "red"}>{d.status}</Badge>
              </td>
              <td className="max-w-md truncate px-3 py-1.5 text-xs text-zinc-400" title={typeof d.summary.error === "string" ? d.summary.error : undefined}>
                {typeof d.summary.error === "string" ? d.summary.error : ""}
              </td>
            </tr>
          ))}
        </Table>
      </section>
    </div>
  );
}
