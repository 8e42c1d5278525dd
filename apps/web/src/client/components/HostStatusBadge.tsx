"use client";
import { Badge } from "./ui";

export function HostStatusBadge({ status, reason }: { status: "online" | "offline"; reason?: string | null }) {
  return (
    <span title={reason ?? undefined}>
      <Badge tone={status === "online" ? "green" : "red"} testId="host-status">
        <span className={`h-1.5 w-1.5 rounded-full ${status === "online" ? "bg-emerald-400" : "bg-rose-400"}`} />
        {status}
      </Badge>
    </span>
  );
}
