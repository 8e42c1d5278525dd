"use client";
import { useParams } from "next/navigation";
import { StatsCharts } from "../../../../../../src/client/stats/StatsCharts";

export default function ContainerStatsPage() {
  const { hostId, containerId } = useParams<{ hostId: string; containerId: string }>();
  return <StatsCharts hostId={hostId} containerId={containerId} />;
}
