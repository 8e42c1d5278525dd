"use client";
import Link from "next/link";
import type { ContainerSummary } from "@dockmaster/protocol";
import { formatPorts } from "../format";
import { useStatusNow } from "../status/use-status-now";
import { ContainerCells } from "./ContainerCells";
import { ContainerActions } from "./ContainerActions";
import { UpdateBadge, type UpdateStatusView } from "../updates/UpdateBadge";

/**
 * One container: its cells and its actions (ContainerActions, each behind a confirmation). While a
 * request is in flight the row shows it; the state cell itself changes only when the engine's
 * event arrives over the socket. `statusAt`: when the list was fetched, from which the engine's
 * "Up 5 seconds" counts on, every second, until the next event refetches it.
 */
export function ContainerRow({ hostId, container: c, statusAt, onError, may, update }: { hostId: string; container: ContainerSummary; statusAt: Date; onError: (message: string) => void; may: ReadonlySet<string>; update?: UpdateStatusView }) {
  const status = useStatusNow(c.status, statusAt);
  return (
    <tr data-testid="container-row" data-container-name={c.name} aria-busy={c.state === "removing" || undefined} className="hover:bg-zinc-900/70">
      <td className="px-3 py-1.5">
        <Link href={`/hosts/${hostId}/containers/${c.id}`} className="touch-target inline-flex items-center font-medium text-sky-300 hover:underline max-sm:break-all sm:whitespace-nowrap">
          {c.name}
        </Link>
        <div className="mono text-[11px] text-zinc-500">{c.id.slice(0, 12)}</div>
        {update?.state === "available" && <UpdateBadge status={update} />}
      </td>
      <ContainerCells image={c.image} state={c.state} status={status} ports={formatPorts(c.ports)} created={c.created * 1000} phoneHides />
      <td className="px-3 py-1.5">
        <ContainerActions hostId={hostId} container={c} may={may} onError={onError} compact />
      </td>
    </tr>
  );
}
