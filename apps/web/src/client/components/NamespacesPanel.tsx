"use client";
import { useTranslations } from "next-intl";
import type { ContainerInspect } from "@dockmaster/protocol";
import { limitsOf, namespaceTitle, namespacesOf, binaryBytes, type ContainerUsage, type LimitView } from "../container-isolation";
import { obj } from "../inspect";
import { Badge, Card, type Tone } from "./ui";

const SHARING_TONE: Record<string, Tone> = { private: "green", none: "zinc", shared: "amber", host: "red" };

/**
 * LIVE USAGE SLOT: the figure shown next to a limit when `usage` is given (fed by the container's
 * stats stream). Without usage nothing is drawn, so the panel works from inspect alone.
 */
function UsageBeside({ limit, usage }: { limit: LimitView; usage?: ContainerUsage }) {
  const t = useTranslations("isolation.usage");
  if (!usage) return null;
  const figure =
    limit.key === "memory" && usage.memoryBytes !== undefined
      ? { used: binaryBytes(usage.memoryBytes), ratio: limit.max ? usage.memoryBytes / limit.max : undefined }
      : limit.key === "cpus" && usage.cpuPercent !== undefined
        ? { used: t("cpu", { percent: usage.cpuPercent.toFixed(1) }), ratio: limit.max ? usage.cpuPercent / 100 / limit.max : undefined }
        : limit.key === "pids" && usage.pids !== undefined
          ? { used: t("pids", { count: usage.pids }), ratio: limit.max ? usage.pids / limit.max : undefined }
          : null;
  if (!figure) return null;
  return (
    <span className="ml-2 text-zinc-400" data-testid={`usage-${limit.key}`}>
      {t("using", { used: figure.used })}
      {figure.ratio !== undefined && t("ofLimit", { percent: Math.round(figure.ratio * 100) })}
    </span>
  );
}

/**
 * "What and how much": namespaces decide what the container sees, cgroups how much it may use.
 * `usage` is the slot for live figures from a stats stream, shown beside each limit.
 */
export function NamespacesPanel({ inspect, usage }: { inspect: ContainerInspect; usage?: ContainerUsage }) {
  const t = useTranslations("isolation");
  const pid = obj(inspect.State).Pid;
  return (
    <>
      <Card title={t("namespacesTitle")} hint={t("namespacesHint")}>
        <dl className="space-y-1.5" data-testid="namespaces">
          {namespacesOf(t, inspect).map((ns) => (
            <div key={ns.kind} className="grid grid-cols-[5rem_1fr] gap-x-3" data-testid={`namespace-${ns.kind}`}>
              <dt className="text-zinc-400">{namespaceTitle(t, ns.kind)}</dt>
              <dd className="text-xs leading-5">
                <Badge tone={SHARING_TONE[ns.sharing] ?? "zinc"}>{ns.mode || t("defaultMode")}</Badge> <span className="text-zinc-300">{ns.explanation}</span>
              </dd>
            </div>
          ))}
          <div className="grid grid-cols-[5rem_1fr] gap-x-3">
            <dt className="text-zinc-400">{t("hostPid")}</dt>
            <dd className="mono text-xs leading-5" data-testid="host-pid">
              {typeof pid === "number" && pid > 0 ? t("hostPidValue", { pid }) : t("notRunning")}
            </dd>
          </div>
        </dl>
      </Card>
      <Card title={t("limitsTitle")} hint={t("limitsHint")}>
        <dl className="space-y-1.5" data-testid="limits">
          {limitsOf(t, inspect).map((limit) => (
            <div key={limit.key} className="grid grid-cols-[8rem_1fr] gap-x-3" data-testid={`limit-${limit.key}`}>
              <dt className="text-zinc-400">{limit.label}</dt>
              <dd className="text-xs leading-5">
                <span className={limit.limited ? "text-white" : "text-zinc-400"}>{limit.value}</span>
                <UsageBeside limit={limit} usage={usage} />
              </dd>
            </div>
          ))}
        </dl>
      </Card>
    </>
  );
}
