"use client";
import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { PublishedPortPath } from "@dockmaster/protocol";
import { useTRPC } from "../trpc";
import { QueryError } from "./ui";

type Hop<T> = { value: T } | { unknown: { reason: string } };

function Step<T>({ title, hop, children, testId }: { title: string; hop: Hop<T>; children: (value: T) => ReactNode; testId: string }) {
  const t = useTranslations("portPath");
  return (
    <li data-testid={testId} className="min-w-40 flex-1 rounded border border-zinc-800 bg-zinc-950/60 p-2">
      <div className="text-[10px] font-semibold uppercase tracking-wide text-zinc-500">{title}</div>
      {"value" in hop ? <div className="mono mt-1 break-all text-xs text-zinc-200">{children(hop.value)}</div> : <div className="mt-1 text-xs text-amber-300">{t("unknown", { reason: hop.unknown.reason })}</div>}
    </li>
  );
}

const Arrow = () => (
  <li aria-hidden className="self-center text-zinc-600">
    →
  </li>
);

function OnePort({ port }: { port: PublishedPortPath }) {
  const t = useTranslations("portPath");
  const host = `${port.hostIp}:${port.hostPort || t("pickedAtStart")}/${port.protocol}`;
  return (
    <ol data-testid="port-path" className="flex flex-wrap items-stretch gap-1">
      <Step title={t("hostSocket")} hop={{ value: host }} testId="hop-host">
        {(v) => v}
      </Step>
      <Arrow />
      <Step title={t("dnat")} hop={port.dnat} testId="hop-dnat">
        {(v) => (
          <>
            → {v.destinationIp}:{v.destinationPort}
            <div className="mt-0.5 text-[10px] text-zinc-500">{v.rule}</div>
          </>
        )}
      </Step>
      <Arrow />
      <Step title={t("bridge")} hop={port.bridge} testId="hop-bridge">
        {(v) => t("interface", { name: v.name, ifindex: v.ifindex })}
      </Step>
      <Arrow />
      <Step title={t("veth")} hop={port.veth} testId="hop-veth">
        {(v) => t("interface", { name: v.name, ifindex: v.ifindex })}
      </Step>
      <Arrow />
      <Step title={t("container")} hop={port.container} testId="hop-container">
        {(v) => (
          <>
            {v.name} {v.ip}:{port.containerPort}
            <div className="text-[10px] text-zinc-500">
              {t("containerInterface", { ifindex: v.ifindex, peer: v.peerIfindex })}
              {v.mac ? `, ${v.mac}` : ""}
            </div>
          </>
        )}
      </Step>
    </ol>
  );
}

/**
 * The path a published port's packets take on the engine's host, as the agent read it from the
 * kernel: host socket → DNAT rule → bridge → veth → the container's interface. For the container page.
 */
export function PortPath({ hostId, containerId }: { hostId: string; containerId: string }) {
  const t = useTranslations("portPath");
  const trpc = useTRPC();
  const path = useQuery(trpc.networks.portPath.queryOptions({ hostId, containerId }));
  if (path.error) return <QueryError error={path.error} />;
  const p = path.data;
  if (!p) return <p className="text-xs text-zinc-500">{t("tracing")}</p>;
  return (
    <div className="space-y-2">
      {p.ports.map((port) => (
        <OnePort key={`${port.hostIp}:${port.hostPort}/${port.protocol}->${port.containerPort}`} port={port} />
      ))}
      {p.notes.map((n) => (
        <p key={n} className="text-xs text-zinc-500">
          {n}
        </p>
      ))}
      <p className="text-xs text-zinc-500">{t("explanation")}</p>
    </div>
  );
}
