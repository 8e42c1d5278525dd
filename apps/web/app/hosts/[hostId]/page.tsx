"use client";
import { useParams } from "next/navigation";
import { ContainersTable } from "../../../src/client/components/ContainersTable";

/** The host's default tab: containers (also served at /hosts/[hostId]/containers). */
export default function HostContainersPage() {
  const { hostId } = useParams<{ hostId: string }>();
  return <ContainersTable hostId={hostId} />;
}
