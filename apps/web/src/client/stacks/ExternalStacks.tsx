"use client";
import { useState } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Button, Table } from "../components/ui";
import { StackActionsBar } from "./StackActionsBar";
import { StackLogs } from "./StackLogs";
import { StackStatusBadge } from "./StackStatusBadge";
import { projectServices } from "./project-containers";

export interface ExternalRow {
  name: string;
  hostId: string;
  hostName: string;
  status: string;
  running: number;
  total: number;
  services: Array<{ service: string; running: number; total: number }>;
}

/** An external project's merged logs: its containers found by their compose labels. */
function ExternalLogs({ row }: { row: ExternalRow }) {
  const trpc = useTRPC();
  const containers = useQuery(trpc.containers.list.queryOptions({ hostId: row.hostId }));
  const sources = projectServices(containers.data ?? [], row.name).flatMap((s) => s.containers.map((c) => ({ id: c.id, name: c.name, service: s.service })));
  return <StackLogs hostId={row.hostId} stackName={row.name} sources={sources} />;
}

/**
 * Compose projects started outside Dockmaster (by `docker compose`), found by their labels in the
 * fleet snapshot: where they run, their state, their services, their merged logs, and start / stop /
 * restart / down (asked first; volumes only when ticked).
 */
export function ExternalStacks({ rows, mayLogs, mayAdopt, mayAct }: {
  rows: readonly ExternalRow[];
  mayLogs: (hostId: string) => boolean;
  mayAdopt: (hostId: string) => boolean;
  /** start / stop / restart (container.operate) and down (stack.delete), as for a stack. */
  mayAct: (hostId: string) => { operate: boolean; delete: boolean };
}) {
  const [open, setOpen] = useState<string | null>(null);
  if (rows.length === 0) return null;
  return (
    <section className="space-y-2" aria-label="External stacks">
      <h2 className="text-base font-semibold text-white">External stacks</h2>
      <p className="text-xs text-zinc-500">Compose projects started outside Dockmaster, found by their com.docker.compose.project label. Adopt one by giving Dockmaster its files: it becomes a stack, deployed and versioned here.</p>
      <Table head={["Project", "Host", "Status", "Services", ""]}>
        {rows.map((r) => {
          const key = `${r.hostId}/${r.name}`;
          return (
            <tr key={key} data-testid="external-stack" data-stack={r.name}>
              <td className="mono px-3 py-2 text-sm text-zinc-200">{r.name}</td>
              <td className="px-3 py-2 text-zinc-300">{r.hostName}</td>
              <td className="px-3 py-2">
                <StackStatusBadge status={r.status} /> <span className="text-xs text-zinc-400">{`${r.running} / ${r.total} running`}</span>
              </td>
              <td className="mono px-3 py-2 text-xs text-zinc-400">{r.services.map((s) => `${s.service} ${s.running}/${s.total}`).join(", ")}</td>
              <td className="space-x-1 whitespace-nowrap px-3 py-2 text-right">
                {mayAdopt(r.hostId) && (
                  <Link href={`/stacks/new?host=${r.hostId}&name=${encodeURIComponent(r.name)}&adopt=1`} className="rounded bg-zinc-800 px-2.5 py-1 text-xs font-medium text-zinc-100 ring-1 ring-inset ring-zinc-700 hover:bg-zinc-700">
                    {`Adopt ${r.name}`}
                  </Link>
                )}
                {mayLogs(r.hostId) && (
                  <Button onClick={() => setOpen(open === key ? null : key)} aria-expanded={open === key}>
                    {open === key ? `Hide logs of ${r.name}` : `Logs of ${r.name}`}
                  </Button>
                )}
                <StackActionsBar target={{ project: r.name }} name={r.name} hostId={r.hostId} hostName={r.hostName} may={mayAct(r.hostId)} />
              </td>
            </tr>
          );
        })}
      </Table>
      {rows.filter((r) => `${r.hostId}/${r.name}` === open).map((r) => (
        <ExternalLogs key={open} row={r} />
      ))}
    </section>
  );
}
