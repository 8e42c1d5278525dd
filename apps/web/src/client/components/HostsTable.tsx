"use client";
import type { ReactNode } from "react";
import Link from "next/link";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@dockmaster/api";
import { bytes } from "../format";
import { Ago } from "./Ago";
import { HostStatusBadge } from "./HostStatusBadge";
import { AgentVersionCell } from "../agents/AgentVersionCell";
import { Button, Table } from "./ui";

export type HostRow = inferRouterOutputs<AppRouter>["hosts"]["list"][number];

export function LabelChips({ labels }: { labels: Record<string, string> }) {
  return (
    <span className="flex flex-wrap gap-1">
      {Object.entries(labels).map(([k, v]) => (
        <span key={k} className="mono rounded bg-zinc-800 px-1.5 py-0.5 text-[11px] text-zinc-300">
          {v ? `${k}=${v}` : k}
        </span>
      ))}
    </span>
  );
}

/** A revoked host's status cell: revoked, when and by whom (if the audit trail knows). */
function RevokedNote({ host }: { host: HostRow }) {
  return (
    <span className="text-xs text-zinc-500" data-testid="host-revoked">
      revoked <Ago date={host.revokedAt} />
      {host.revokedBy && <> by {host.revokedBy}</>}
    </span>
  );
}

/**
 * The host inventory as a table with selectable rows: the selection is the caller's (a bulk bar
 * can act on it). Status and its reason come live (host:status pushes refetch the list). Revoked
 * hosts are greyed, not selectable, and offer Remove (`onRemove`, for those who may).
 */
export function HostsTable(props: { hosts: HostRow[]; selected: ReadonlySet<string>; onSelectedChange: (next: Set<string>) => void; onRemove?: (host: HostRow) => void; empty?: ReactNode }) {
  const { hosts, selected } = props;
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    props.onSelectedChange(next);
  };
  return (
    <Table head={["", "Name", "Status", "Group", "Engine", "OS / arch", "CPU / memory", "Containers", "Images", "Agent", "Last seen"]} empty={props.empty}>
      {hosts.map((h) => (
        <tr
          key={h.id}
          data-testid="host-row"
          data-host-name={h.name}
          data-revoked={h.revokedAt ? "true" : undefined}
          className={`hover:bg-zinc-900/70 ${selected.has(h.id) ? "bg-sky-950/30" : ""} ${h.revokedAt ? "opacity-50" : ""}`}
        >
          <td className="px-3 py-2">
            {!h.revokedAt && <input type="checkbox" aria-label={`select ${h.name}`} checked={selected.has(h.id)} onChange={() => toggle(h.id)} />}
          </td>
          <td className="px-3 py-2">
            {h.revokedAt ? (
              <span className="font-medium text-zinc-300">{h.name}</span>
            ) : (
              <Link href={`/hosts/${h.id}`} className="font-medium text-sky-300 hover:underline">
                {h.name}
              </Link>
            )}
            {h.directUrl && <span className="ml-2 rounded bg-zinc-800 px-1 text-[10px] uppercase text-zinc-400">direct</span>}
            <LabelChips labels={h.labels} />
          </td>
          <td className="px-3 py-2">
            {h.revokedAt ? (
              <div className="flex flex-col items-start gap-1">
                <HostStatusBadge status="revoked" />
                <RevokedNote host={h} />
                {props.onRemove && (
                  <Button variant="subtleDanger" onClick={() => props.onRemove?.(h)} aria-label={`Remove ${h.name}`}>
                    Remove…
                  </Button>
                )}
              </div>
            ) : (
              <div className="flex flex-col gap-1">
                <HostStatusBadge status={h.status} reason={h.statusReason} />
                {h.status !== "online" && h.statusReason && <span className="max-w-64 text-xs text-zinc-500">{h.statusReason}</span>}
              </div>
            )}
          </td>
          <td className="px-3 py-2 text-xs text-zinc-300">{h.groupName ?? "—"}</td>
          <td className="mono px-3 py-2 text-xs text-zinc-300">{h.engineVersion ? `${h.engineVersion} (API ${h.apiVersion ?? "?"})` : "—"}</td>
          <td className="px-3 py-2 text-xs text-zinc-400">{[h.os, h.arch].filter(Boolean).join(" / ") || "—"}</td>
          <td className="px-3 py-2 text-xs text-zinc-400">{h.cpus ? `${h.cpus} CPU · ${h.memoryBytes ? bytes(h.memoryBytes) : "?"}` : "—"}</td>
          <td className="px-3 py-2 text-xs text-zinc-300">
            {h.runningCount} / {h.containerCount}
          </td>
          <td className="px-3 py-2 text-xs text-zinc-300">{h.imageCount}</td>
          <td className="px-3 py-2 text-xs text-zinc-300">
            <AgentVersionCell host={h} />
          </td>
          <td className="px-3 py-2 text-xs text-zinc-400">{h.status === "online" && !h.revokedAt ? "now (connected)" : <Ago date={h.lastSeenAt} />}</td>
        </tr>
      ))}
    </Table>
  );
}
