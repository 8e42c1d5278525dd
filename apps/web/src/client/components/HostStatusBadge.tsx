"use client";
import type { HostStatus } from "@dockmaster/protocol";
import { Badge } from "./ui";

const LOOK: Record<HostStatus | "revoked", { tone: "green" | "amber" | "red" | "zinc"; dot: string }> = {
  online: { tone: "green", dot: "bg-emerald-400" },
  degraded: { tone: "amber", dot: "bg-amber-400" },
  offline: { tone: "red", dot: "bg-rose-400" },
  // Its agent can no longer connect: not a fault to fix, a host waiting to be removed.
  revoked: { tone: "zinc", dot: "bg-zinc-500" },
};

export function HostStatusBadge({ status, reason }: { status: HostStatus | "revoked"; reason?: string | null }) {
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
