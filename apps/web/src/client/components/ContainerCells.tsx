"use client";
import { Ago } from "./Ago";
import { Badge, stateTone } from "./ui";

/**
 * The cells every container table shows alike: image, state badge, status text, ports, created.
 * `phoneHides`: below the sm breakpoint only the state stays (a 390 px screen has room for the
 * name, the state and the buttons); the table hides the same headers (Table's `phoneHidden`).
 */
export const PHONE_HIDDEN_CONTAINER_COLUMNS = ["Image", "Status", "Ports", "Created"];

export function ContainerCells({ image, state, status, ports, created, phoneHides = false }: { image: string; state: string; status: string; ports: string; created: Date | number; phoneHides?: boolean }) {
  const hide = phoneHides ? "max-sm:hidden " : "";
  return (
    <>
      <td className={`${hide}mono max-w-64 truncate px-3 py-1.5 text-xs text-zinc-300`} title={image}>
        {image}
      </td>
      <td className="px-3 py-1.5 max-sm:px-1">
        <Badge tone={stateTone(state)} testId="container-state">
          {state}
        </Badge>
      </td>
      <td className={`${hide}px-3 py-1.5 text-xs text-zinc-400`}>{status}</td>
      <td className={`${hide}mono px-3 py-1.5 text-xs text-zinc-300`} title={ports || undefined}>{ports || <span className="text-zinc-500">—</span>}</td>
      <td className={`${hide}whitespace-nowrap px-3 py-1.5 text-xs text-zinc-400`}>
        <Ago date={created} />
      </td>
    </>
  );
}
