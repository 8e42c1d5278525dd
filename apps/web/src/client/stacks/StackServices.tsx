"use client";
import Link from "next/link";
import type { ContainerSummary } from "@dockmaster/protocol";
import { Badge, Table, stateTone } from "../components/ui";
import { projectServices } from "./project-containers";
import { StackUpdateBadge } from "../updates/StackUpdateBadge";

/** Each service of the stack on one host with its containers, linked to their own pages. */
export function StackServices({ hostId, project, containers, loading }: { hostId: string; project: string; containers: readonly ContainerSummary[]; loading: boolean }) {
  const services = projectServices(containers, project);
  return (
    <Table
      head={["Service", "Container", "State", "Image", "Status"]}
      empty={loading ? <p className="px-4 py-6 text-center text-sm text-zinc-500">Listing containers…</p> : services.length === 0 ? <p className="px-4 py-6 text-center text-sm text-zinc-400">No container of {project} on this host.</p> : null}
    >
      {services.flatMap((s) =>
        s.containers.map((c, i) => (
          <tr key={c.id} data-testid="stack-container" data-service={s.service} data-state={c.state}>
            <td className="mono px-3 py-1.5 text-xs text-zinc-200">
              {i === 0 ? s.service : ""}
              {i === 0 && <StackUpdateBadge hostId={hostId} stack={project} service={s.service} />}
            </td>
            <td className="px-3 py-1.5 text-xs">
              <Link className="mono text-sky-300 hover:underline" href={`/hosts/${hostId}/containers/${c.id}`}>
                {c.name}
              </Link>
            </td>
            <td className="px-3 py-1.5">
              <Badge tone={stateTone(c.state)}>{c.state}</Badge>
            </td>
            <td className="mono px-3 py-1.5 text-xs text-zinc-400">{c.image}</td>
            <td className="px-3 py-1.5 text-xs text-zinc-400">{c.status}</td>
          </tr>
        )),
      )}
    </Table>
  );
}
