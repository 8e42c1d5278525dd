"use client";
import { Ago } from "./Ago";
import { Badge, stateTone } from "./ui";

/** The cells every container table shows alike: image, state badge, status text, ports, created. */
export function ContainerCells({ image, state, status, ports, created }: { image: string; state: string; status: string; ports: string; created: Date | number }) {
  return (
    <>
      <td className="mono max-w-64 truncate px-3 py-1.5 text-xs text-zinc-300" title={image}>
        {image}
      </td>
      <td className="px-3 py-1.5">
        <Badge tone={stateTone(state)} testId="container-state">
          {state}
        </Badge>
      </td>
      <td className="px-3 py-1.5 text-xs text-zinc-400">{status}</td>
      <td className="mono px-3 py-1.5 text-xs text-zinc-300" title={ports || undefined}>{ports || <span className="text-zinc-600">—</span>}</td>
      <td className="whitespace-nowrap px-3 py-1.5 text-xs text-zinc-400">
        <Ago date={created} />
      </td>
    </>
  );
}
