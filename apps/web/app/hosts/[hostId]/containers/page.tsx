"use client";
import { useParams } from "next/navigation";
import { ContainersTable } from "../../../../src/client/components/ContainersTable";

export default function ContainersPage() {
  const { hostId } = useParams<{ hostId: string }>();
  return <ContainersTable hostId={hostId} />;
}
