"use client";
import { useParams } from "next/navigation";
import { EventsView } from "../../../../src/client/components/EventsView";

/** One host's engine events, resync markers and history. */
export default function HostEventsPage() {
  const { hostId } = useParams<{ hostId: string }>();
  return <EventsView hostId={hostId} />;
}
