"use client";
import { useParams } from "next/navigation";
import { HostStatsOverview } from "../../../../src/client/stats/HostStatsOverview";

export default function HostStatsPage() {
  const { hostId } = useParams<{ hostId: string }>();
  return <HostStatsOverview hostId={hostId} />;
}
