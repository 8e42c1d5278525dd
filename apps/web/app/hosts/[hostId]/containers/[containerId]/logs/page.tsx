"use client";
import { useParams } from "next/navigation";
import { LogViewer } from "../../../../../../src/client/logs/LogViewer";

export default function ContainerLogsPage() {
  const { hostId, containerId } = useParams<{ hostId: string; containerId: string }>();
  return <LogViewer hostId={hostId} containerId={containerId} name={containerId} />;
}
