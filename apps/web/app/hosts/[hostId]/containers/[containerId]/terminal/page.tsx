"use client";
import { useParams } from "next/navigation";
import { ExecTerminal } from "../../../../../../src/client/exec/ExecTerminal";
import { useHostPermissions } from "../../../../../../src/client/permissions";

export default function ContainerTerminalPage() {
  const { hostId, containerId } = useParams<{ hostId: string; containerId: string }>();
  const permissions = useHostPermissions(hostId);
  // Only a convenience: the server refuses the exec stream without container.exec regardless.
  if (permissions.size > 0 && !permissions.has("container.exec")) return <p className="text-sm text-zinc-400">You need the container.exec permission on this host to open a terminal.</p>;
  return <ExecTerminal hostId={hostId} containerId={containerId} />;
}
