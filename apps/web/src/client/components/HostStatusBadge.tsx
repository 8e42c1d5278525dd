"use client";
import type { HostStatus } from "@dockmaster/protocol";
import { Badge } from "./ui";

const LOOK: Record<HostStatus, { tone: "green" | "amber" | "red"; dot: string }> = {
  online: { tone: "green", dot: "bg-emerald-400" },
  degraded: { tone: "amber", dot: "bg-amber-400" },
  offline: { tone: "red", dot: "bg-rose-400" },
};

export function HostStatusBadge({ status, reason }: { status: HostStatus; reason?: string | null }) {
  const look = LOOK[status];
  return (
    <span title={reason ?? undefined}>
      <Badge tone={look.tone} testId="host-status">
        <span className={`h-1.5 w-1.5 rounded-full ${look.dot}`} />
        {status}
      </Badge>
    </span>
  );
}
