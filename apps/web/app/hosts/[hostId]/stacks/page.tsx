"use client";
import { useParams } from "next/navigation";
import { StacksListView } from "../../../../src/client/stacks/StacksListView";

/** The host's Stacks tab: its stacks (managed here or through its group) and external compose projects. */
export default function HostStacksPage() {
  const { hostId } = useParams<{ hostId: string }>();
  return <StacksListView hostId={hostId} />;
}
