"use client";
import Link from "next/link";
import { Badge, Table } from "../components/ui";
import { StackStatusBadge } from "./StackStatusBadge";
import { StackUpdateBadge } from "../updates/StackUpdateBadge";

/** The shape the stacks list returns (core's StackListRow), as much of it as the table shows. */
export interface StackHostState {
  hostId: string;
  hostName: string;
  hostStatus: string;
  status: string;
  running: number;
  total: number;
  deployedRevision: number | null;
  upToDate: boolean;
}
export interface StackRowLike {
  stack: { id: string; name: string; hostId: string | null; hostGroupId: string | null; gitUrl?: unknown };
  latestRevision: number | null;
  hosts: StackHostState[];
}

/** "r3" on the host, and whether it is behind the stack's latest revision. */
function Revision({ host, latest }: { host: StackHostState; latest: number | null }) {
  if (host.deployedRevision === null) return <span className="text-zinc-500">never deployed</span>;
  return (
    <span className="mono">
      r{host.deployedRevision}
      {!host.upToDate && latest !== null && (
        <span className="ml-1">
          <Badge tone="amber">latest is r{latest}</Badge>
        </span>
      )}
    </span>
  );
}

/**
 * Stacks with where each runs and at which revision: one line per (stack, host) — a stack of a host
 * group has a line for every host of the group the user may see.
 */
export function StacksTable({ rows, groupName, empty }: { rows: readonly StackRowLike[]; groupName?: (id: string) => string; empty: string }) {
  type Line = { r: StackRowLike; h: StackHostState | null; first: boolean };
  const lines = rows.flatMap((r): Line[] => (r.hosts.length ? r.hosts.map((h, i) => ({ r, h, first: i === 0 })) : [{ r, h: null, first: true }]));
  return (
    <Table head={["Stack", "Target", "Host", "Status", "Containers", "Revision"]} empty={rows.length === 0 ? <p className="px-4 py-8 text-center text-sm text-zinc-400">{empty}</p> : null}>
      {lines.map(({ r, h, first }) => (
        <tr key={`${r.stack.id}:${h?.hostId ?? "-"}`} data-testid="stack-row" data-stack={r.stack.name} data-host={h?.hostName ?? ""} className="hover:bg-zinc-900/70">
          <td className="px-3 py-2">
            {first && (
              <Link href={`/stacks/${r.stack.id}${h ? `?host=${h.hostId}` : ""}`} className="font-medium text-sky-300 hover:underline">
                {r.stack.name}
              </Link>
            )}
            {first && Boolean(r.stack.gitUrl) && (
              <span className="ml-2">
                <Badge tone="zinc">git</Badge>
              </span>
            )}
          </td>
          <td className="px-3 py-2 text-xs text-zinc-400">{first ? (r.stack.hostGroupId ? `group ${groupName?.(r.stack.hostGroupId) ?? r.stack.hostGroupId}` : "one host") : ""}</td>
          <td className="px-3 py-2 text-zinc-300">
            {h ? (
              <Link href={`/stacks/${r.stack.id}?host=${h.hostId}`} className="hover:underline">
                {h.hostName}
              </Link>
            ) : (
              <span className="text-zinc-500">no host you may see</span>
            )}
            {h && h.hostStatus !== "online" && <span className="ml-1 text-xs text-amber-300">({h.hostStatus}, last known)</span>}
          </td>
          <td className="px-3 py-2">
            {h && <StackStatusBadge status={h.status} />}
            {h && <StackUpdateBadge hostId={h.hostId} stack={r.stack.name} />}
          </td>
          <td className="px-3 py-2 text-xs text-zinc-300">{h ? `${h.running} / ${h.total} running` : ""}</td>
          <td className="px-3 py-2 text-xs text-zinc-300">{h && <Revision host={h} latest={r.latestRevision} />}</td>
        </tr>
      ))}
    </Table>
  );
}
