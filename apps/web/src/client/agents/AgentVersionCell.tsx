"use client";
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useHostPermissions } from "../permissions";
import { BatchProgress } from "../components/BatchProgress";
import { Button, ErrorBanner } from "../components/ui";
import { ReplaceCredentials } from "./ReplaceCredentials";

/**
 * A host's agent version against the build this control plane serves, with Upgrade (a batch of
 * one: the same progress and audit as a bulk upgrade) and, for an agent that lost its secret,
 * Replace credentials. Direct engines run inside the control plane: nothing to upgrade.
 */
export function AgentVersionCell({ host }: { host: { id: string; name: string; agentVersion: string | null; directUrl: string | null; status: string; revokedAt: Date | null } }) {
  const trpc = useTRPC();
  const release = useQuery(trpc.hosts.agentRelease.queryOptions());
  const permissions = useHostPermissions(host.id);
  const [batchId, setBatchId] = useState<string | null>(null);
  const upgrade = useMutation(trpc.bulk.start.mutationOptions({ onSuccess: (r) => setBatchId(r.batchId) }));
  const served = release.data?.agentVersion ?? null;
  const behind = !host.directUrl && !host.revokedAt && served !== null && host.agentVersion !== null && host.agentVersion !== served;
  const mayManage = permissions.has("host.manage") && !host.directUrl && !host.revokedAt;
  return (
    <div className="flex flex-col items-start gap-1" data-testid="agent-version" data-version={host.agentVersion ?? ""}>
      <span className="mono">{host.agentVersion ?? "—"}</span>
      {behind && (
        <span className="text-[11px] text-amber-300" data-testid="agent-upgrade-available">
          control plane serves {served}
        </span>
      )}
      {behind && mayManage && !batchId && (
        <Button disabled={upgrade.isPending || host.status !== "online"} onClick={() => upgrade.mutate({ action: "agent.upgrade", hostIds: [host.id] })} aria-label={`Upgrade the agent of ${host.name}`}>
          Upgrade
        </Button>
      )}
      {batchId && <BatchProgress batchId={batchId} showLink={false} />}
      {upgrade.error && <ErrorBanner message={upgrade.error.message} onClose={() => upgrade.reset()} />}
      {mayManage && host.status !== "online" && <ReplaceCredentials hostId={host.id} hostName={host.name} />}
    </div>
  );
}
